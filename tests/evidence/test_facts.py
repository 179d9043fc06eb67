"""Facts kept as things happen (issue #18): written when a change commits,
never for a change rolled back, equal to a rebuild, and giving the dashboard
exactly the figures the live computation gave."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from evidence import panels
from evidence.areas import one_reading
from evidence.facts.build import facts_rebuild
from evidence.facts.queue import process_pending
from evidence.models import FactsPending, FactValue, SessionFact
from evidence.selectors import EvidenceFilter
from genie import services as genie_services
from genie.models import Condition, Session
from mapping.models import NetworkMember
from mapping.services import snapshot_open
from tests.evidence import live_demand, live_impact, live_selectors
from tests.evidence.conftest import area_code, build_groups, seed_sessions
from tests.evidence.stories import contrasting_story, in_month, story
from tests.factories import ParticipantFactory, SessionFactory
from tests.mapping.factories import kind
from tests.resources.factories import listing

# The live computations the dashboard used before the facts (kept in tests as
# the reference): every panel must give the same table from the facts.
LIVE = {
    "sessions": live_selectors.sessions_held,
    "sessions-by-month": live_selectors.sessions_by_month,
    "age": live_selectors.participants_by_age,
    "gender": live_selectors.participants_by_gender,
    "conditions": live_selectors.participants_by_condition,
    "areas": live_selectors.participants_by_area,
    "wellbeing": live_selectors.wellbeing_change,
    "network-size": live_impact.network_sizes,
    "network-type": live_impact.network_types,
    "support-gaps": live_impact.support_gaps,
    "interests": live_impact.interests,
    "activities-chosen": live_impact.activities_chosen,
    "uptake": live_impact.uptake,
    "unmet-demand": live_demand.unmet_demand,
}


def facts_snapshot() -> list:
    """Every fact and value, comparable across writes."""
    facts = sorted(tuple(sorted(row.items())) for row in SessionFact.objects.values())
    values = sorted(FactValue.objects.values_list("fact_id", "facet", "value"))
    return [facts, values]


def cohort(organisation, other_organisation):
    """A varied cohort: networks, answers, choices, outcomes, conditions, two
    organisations, three districts, two quarters."""
    walking = listing("Walking group", km_north=1.0)
    people = []
    for i in range(6):
        people.append(story(organisation, listings=[walking], favourites=((0,), (0, 2))[i % 2]))
        people.append(contrasting_story(organisation, listings=[walking] if i % 3 else []))
    for i in range(6):
        people.append(
            story(other_organisation, district="SO50", favourites=(2,), follow_up=bool(i % 2))
        )
        people.append(contrasting_story(other_organisation, district="SO18"))
    copd, _ = Condition.objects.get_or_create(name="COPD")
    for person in people[::3]:
        person.conditions.add(copd)
    for person in people[:8]:
        in_month(person, 2026, 1)
    for person in people[8:]:
        in_month(person, 2026, 5)
    build_groups(minimum=5)
    return people


def test_dashboard_from_facts_equals_the_live_computation(organisation, other_organisation):
    cohort(organisation, other_organisation)
    process_pending()
    filters = [
        EvidenceFilter(),
        EvidenceFilter(organisation_id=organisation.pk),
        EvidenceFilter(area=area_code("SO17")),
        EvidenceFilter(area=area_code("SO50")),
        EvidenceFilter(from_month=date(2026, 4, 1), to_month=date(2026, 6, 1)),
        EvidenceFilter(from_month=date(2026, 1, 1), to_month=date(2026, 3, 1)),
    ]
    with one_reading():
        for evidence_filter in filters:
            for slug, live in LIVE.items():
                assert panels.PANELS_BY_SLUG[slug].selector(evidence_filter) == live(
                    evidence_filter
                ), (slug, evidence_filter)
            live_counted = live_selectors.sessions_in_scope(evidence_filter)
            assert panels.read.sessions_counted(evidence_filter)["total"] == live_counted.count()
            assert panels.read.participants_total(
                evidence_filter
            ) == live_selectors.participants_total(evidence_filter)
            assert panels.read.participants_followed_up(
                evidence_filter
            ) == live_selectors.participants_followed_up(evidence_filter)
            assert places(demand_by_district(evidence_filter)) == places(
                live_demand.unmet_demand_by_district(evidence_filter)
            )


def places(districts) -> list:
    return sorted((d.district, d.latitude, d.longitude, d.participants) for d in districts)


def demand_by_district(evidence_filter):
    from evidence.demand import unmet_demand_by_district

    return unmet_demand_by_district(evidence_filter)


def test_a_rebuild_equals_the_facts_kept_as_things_happened(organisation, other_organisation):
    cohort(organisation, other_organisation)
    process_pending()
    kept = facts_snapshot()
    assert kept[0] and kept[1]
    assert facts_rebuild() == Session.objects.count()
    assert facts_snapshot() == kept
    call_command("evidence_rebuild", batch=3, stdout=None)
    assert facts_snapshot() == kept


def test_facts_are_written_when_a_session_completes(
    organisation, facilitator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = ParticipantFactory(organisation=organisation, consent_recorded_by=facilitator_user)
    with django_capture_on_commit_callbacks(execute=True):
        session = genie_services.session_start(user=facilitator_user, participant=person)
    fact = SessionFact.objects.get(session=session)
    assert not fact.completed and fact.first_of_person and not fact.has_network
    with django_capture_on_commit_callbacks(execute=True):
        genie_services.session_complete(session=session)
    assert SessionFact.objects.get(session=session).completed
    assert not FactsPending.objects.exists()  # done at the commit, not left for a read


def test_facts_follow_a_follow_up_and_its_network(
    organisation, facilitator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = story(organisation, follow_up=False)
    assert not FactsPending.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = genie_services.session_start(user=facilitator_user, participant=person)
    fact = SessionFact.objects.get(session=follow_up)
    assert fact.kind == Session.Kind.FOLLOW_UP and not fact.first_of_person
    assert fact.previous_follow_up is None
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = snapshot_open(session=follow_up)
    size = SessionFact.objects.get(session=follow_up).network_size
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(6):
            NetworkMember.objects.create(
                snapshot=snapshot, label=f"Neighbour {i}", kind=kind("friend"), circle="middle"
            )
    # A click inside a stage only queues (writing facts after every click would
    # slow each one, #21); the next stage change or dashboard read writes them.
    assert FactsPending.objects.exists()
    assert SessionFact.objects.get(session=follow_up).network_size == size
    with django_capture_on_commit_callbacks(execute=True):
        genie_services.session_complete(session=follow_up)
    fact = SessionFact.objects.get(session=follow_up)
    assert fact.completed and fact.has_network and fact.network_size != size
    assert not FactsPending.objects.exists()


def test_members_taken_off_the_map_are_not_in_the_facts(organisation, facilitator_user):
    person = ParticipantFactory(organisation=organisation, consent_recorded_by=facilitator_user)
    session = SessionFactory(participant=person, facilitator=facilitator_user)
    snapshot = snapshot_open(session=session)
    for i in range(7):
        NetworkMember.objects.create(
            snapshot=snapshot,
            label=f"Aunt {i}",
            kind=kind("family"),
            circle="inner",
            gives_emotional_support=i >= 5,
        )
    # Five of the seven are taken off again, among them both who gave emotional support.
    NetworkMember.objects.filter(
        snapshot=snapshot, label__in=[f"Aunt {i}" for i in (0, 1, 4, 5, 6)]
    ).update(removed_at=session.started_at)
    process_pending()
    fact = SessionFact.objects.get(session=session)
    assert fact.network_size == "0 to 4"
    assert fact.lacks_emotional


def test_a_change_rolled_back_writes_no_facts(
    organisation, facilitator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = ParticipantFactory(organisation=organisation, consent_recorded_by=facilitator_user)
    assert not FactsPending.objects.exists()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        genie_services.session_start(user=facilitator_user, participant=person)
        raise RuntimeError("the request failed")
    assert callbacks == []
    assert not FactsPending.objects.exists()
    assert not SessionFact.objects.exists()
    process_pending()
    assert not SessionFact.objects.exists()


def test_no_facts_without_consent_to_data_use(organisation, facilitator_user):
    person = ParticipantFactory(organisation=organisation, consent_recorded_by=facilitator_user)
    SessionFactory(participant=person, facilitator=facilitator_user)
    process_pending()
    assert SessionFact.objects.count() == 1
    person.consent_data_use = False
    person.save()
    process_pending()
    assert not SessionFact.objects.exists()


def test_erasure_leaves_no_fact_or_queued_work_about_the_person(
    organisation, facilitator_user, admin
):
    person = story(organisation)
    process_pending()
    assert SessionFact.objects.exists() and FactValue.objects.exists()
    person.conditions.add(Condition.objects.get_or_create(name="COPD")[0])  # queued again
    assert FactsPending.objects.exists()
    genie_services.participant_erase(user=admin, participant=person)
    assert not SessionFact.objects.exists()
    assert not FactValue.objects.exists()
    assert not FactsPending.objects.exists()
    assert str(person.pk) not in str(list(FactsPending.objects.values_list("key", flat=True)))


def test_dashboard_works_on_the_shared_database_cache(commissioner_client, organisation, settings):
    seed_sessions(organisation, count=6)
    db_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "genie_cache",
        }
    }
    settings.EVIDENCE_CACHE_SECONDS = 300
    with override_settings(CACHES=db_cache):
        call_command("createcachetable", verbosity=0)
        first = commissioner_client.get(reverse("evidence_home"))
        again = commissioner_client.get(reverse("evidence_home"))
        assert first.status_code == again.status_code == 200
        from django.core.cache import caches

        assert caches["default"].__class__.__name__ == "DatabaseCache"
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM genie_cache")
            assert cursor.fetchone()[0] >= 1


def test_unmet_demand_is_refreshed_when_the_directory_changes(organisation):
    for _ in range(3):
        story(organisation, favourites=(0,), follow_up=False)
        contrasting_story(organisation, follow_up=False)
    process_pending()
    before = FactValue.objects.filter(facet=FactValue.Facet.UNMET).count()
    assert before
    # Something of every kind opens next door: nothing is unmet any more.
    from genie.models import Category

    near = listing("Everything club", km_north=0.5)
    near.service.categories.set(Category.objects.all())
    process_pending()
    assert FactValue.objects.filter(facet=FactValue.Facet.UNMET).count() == before  # not yet
    call_command("evidence_refresh_demand", stdout=None)
    assert FactValue.objects.filter(facet=FactValue.Facet.UNMET).count() == 0


def test_the_cube_follows_the_facts_as_things_happen(organisation, other_organisation, admin):
    """The per-block totals the dashboard reads (evidence.facts.cube) are, after
    each kind of change, the totals of the facts: what a rebuild gives."""
    from evidence.facts import cube
    from evidence.facts.queue import queue
    from tests.evidence.test_published import cube_rows

    def rebuilt():
        with transaction.atomic():
            cube.rebuild()
            rows = cube_rows()
            transaction.set_rollback(True)
        return rows

    people = cohort(organisation, other_organisation)
    process_pending()
    kept = cube_rows()
    assert kept[0] and kept[1] and kept == rebuilt()
    # A session deleted, a condition added, sessions moved to another month
    # (a bulk update, then queued as its writer must), someone erased.
    Session.objects.filter(participant=people[1]).order_by("-started_at").first().delete()
    assert cube_rows() == rebuilt()  # the deleted session's block, at once
    people[2].conditions.add(Condition.objects.get_or_create(name="Asthma")[0])
    in_month(people[4], 2026, 8)
    queue(f"p:{people[4].pk}")
    process_pending()
    assert cube_rows() == rebuilt() != kept
    genie_services.participant_erase(user=admin, participant=people[3])
    assert cube_rows() == rebuilt()
    process_pending()
    assert cube_rows() == rebuilt()
    # A rebuild of the facts rebuilds the cube.
    kept = cube_rows()
    facts_rebuild()
    assert cube_rows() == kept
