"""Every participant-level URL and administration action records its audit event (#14).

The URLs come from walking the URLconf, so a new page, fragment, export or
administration page fails here until it is listed below with the event it must
record: who (the signed-in user), what (action and part), which participant.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genie.models import AuditEvent, Session
from mapping import services as mapping_services
from mapping.models import DroppedActivity, NetworkMember
from questionnaire import selectors as questionnaire_selectors
from resources.models import ChosenActivity
from tests.factories import ParticipantFactory, SessionFactory
from tests.mapping.factories import NetworkMemberFactory
from tests.resources.factories import listing
from tests.test_access import sample_urls

SCOPED = {"session_id", "participant_id"}
ADMIN_PAGES = ("admin:genie_participant_", "admin:genie_session_")
NONE = None  # no participant-level event: the step says why


@dataclass
class Step:
    name: str
    method: str
    path: Callable
    expect: tuple[str, str] | None
    data: Callable = lambda w: {}
    participant: Callable = lambda w: w.participant
    admin: bool = False
    status: int | None = None  # expected status when not a success or redirect


def s(name, w_attr="session", *extra):
    """The path of a session-level URL on the world's ``w_attr`` session."""
    return lambda w: reverse(
        name, args=[getattr(w, w_attr).pk, *[e(w) if callable(e) else e for e in extra]]
    )


def p(name, w_attr="participant"):
    return lambda w: reverse(name, args=[getattr(w, w_attr).pk])


def a(name, attr=None):
    return lambda w: reverse(name, args=[getattr(w, attr).pk] if attr else [])


def member_version(w):
    return NetworkMember.objects.get(pk=w.member.pk).version


def member_data(w, **extra):
    return {
        "label": "Ann",
        "kind": "friend",
        "circle": "inner",
        "contact": "weekly",
        "note": "Sister; visits on Sundays",
        **extra,
    }


def second_choice(w):
    return ChosenActivity.objects.get(session=w.session, service_at_location=w.listing_2)


def participant_form(w):
    return {
        "reference": "REF-1",
        "first_name": "Pat",
        "postcode": "SO17 1BJ",
        "age_band": "65-74",
        "gender": "woman",
        "consent_data_use": "on",
    }


def admin_participant_form(w):
    return {
        "organisation": w.participant.organisation_id,
        "reference": "REF-1",
        "first_name": "Patricia",
        "postcode_district": "SO17",
        "age_band": "65-74",
        "gender": "woman",
        "other_conditions": "",
        "consent_data_use": "on",
        "_save": "Save",
    }


def admin_session_form(w):
    return {
        "participant": w.participant.pk,
        "facilitator": w.facilitator.pk,
        "kind": "baseline",
        "previous": "",
        "stage": "network",
        "completed_at_0": "",
        "completed_at_1": "",
        "_save": "Save",
    }


VIEWED = ("viewed", "")
ADMIN = "administration"

STEPS = [
    # Genie's own pages, as the participant's facilitator uses them.
    Step("participant_detail", "GET", p("participant_detail"), VIEWED),
    Step("participant_edit", "GET", p("participant_edit"), VIEWED),
    Step(
        "participant_edit",
        "POST",
        p("participant_edit"),
        ("changed", "details"),
        data=participant_form,
    ),
    Step(
        "participant_export", "GET", p("participant_export"), ("exported", "subject access export")
    ),
    Step("case_study", "GET", p("case_study"), VIEWED),
    # A one-time code for the participant's own sign-in (#20).
    Step(
        "sign_in_code_create",
        "POST",
        p("sign_in_code_create"),
        ("created", "sign-in invitation code"),
    ),
    Step(
        "session_start",
        "POST",
        p("session_start", "new_participant"),
        ("created", "session"),
        participant=lambda w: w.new_participant,
    ),
    Step("session_resume", "GET", s("session_resume"), VIEWED),
    Step("wellbeing", "GET", s("wellbeing"), VIEWED),
    Step(
        "wellbeing",
        "POST",
        s("wellbeing"),
        ("changed", "wellbeing measures"),
        data=lambda w: {"life_satisfaction": "6"},
    ),
    Step("network", "GET", s("network"), VIEWED),
    Step(
        "network_member_add",
        "POST",
        s("network_member_add"),
        ("created", "network member"),
        data=lambda w: member_data(w, add_token=str(uuid.uuid4())),
    ),
    Step(
        "network_members_add",
        "POST",
        s("network_members_add"),
        ("created", "network members"),
        data=lambda w: {
            "several-names": "Bob\nCarol",
            "several-kind": "friend",
            "several-circle": "middle",
            "several-contact": "weekly",
            "several-add_token": str(uuid.uuid4()),
        },
    ),
    Step(
        "network_member_edit",
        "POST",
        s("network_member_edit", "session", lambda w: w.member.pk),
        ("changed", "network member"),
        data=lambda w: member_data(w, version=member_version(w)),
    ),
    Step(
        "network_member_move",
        "POST",
        s("network_member_move", "session", lambda w: w.member.pk),
        ("changed", "network member moved"),
        data=lambda w: {"circle": "outer", "version": member_version(w)},
    ),
    Step(
        "network_member_remove",
        "POST",
        s("network_member_remove", "session", lambda w: w.member.pk),
        ("changed", "network member removed"),
    ),
    Step(
        "network_member_restore",
        "POST",
        s("network_member_restore", "session", lambda w: w.member.pk),
        ("changed", "network member restored"),
    ),
    Step(
        "network_dropped_add",
        "POST",
        s("network_dropped_add"),
        ("created", "dropped activity"),
        data=lambda w: {"description": "Swimming", "categories": ["physical-activity"]},
    ),
    Step(
        "network_dropped_taken_up",
        "POST",
        s("network_dropped_taken_up", "session", lambda w: w.dropped.pk),
        ("changed", "dropped activity taken up again"),
    ),
    Step(
        "network_dropped_remove",
        "POST",
        s("network_dropped_remove", "session", lambda w: w.dropped.pk),
        ("deleted", "dropped activity"),
    ),
    Step(
        "network_export_graphml",
        "GET",
        s("network_export_graphml"),
        ("exported", "network export (graphml)"),
    ),
    Step(
        "network_export_members_csv",
        "GET",
        s("network_export_members_csv"),
        ("exported", "network export (members.csv)"),
    ),
    Step(
        "network_export_ego_csv",
        "GET",
        s("network_export_ego_csv"),
        ("exported", "network export (ego.csv)"),
    ),
    Step("network", "POST", s("network"), VIEWED),  # "Continue": moves on, changes nothing
    Step("preferences", "GET", s("preferences"), VIEWED),
    Step("preferences_question", "GET", s("preferences_question", "session", 1), VIEWED),
    Step(
        "preferences_question",
        "POST",
        s("preferences_question", "session", 1),
        ("changed", "questionnaire answer"),
        data=lambda w: {"answer": w.option_id},
    ),
    Step("preferences_check", "GET", s("preferences_check"), VIEWED),
    Step("preferences_constraints", "GET", s("preferences_constraints"), VIEWED),
    Step(
        "preferences_constraints",
        "POST",
        s("preferences_constraints"),
        ("changed", "practical limits"),
        data=lambda w: {"distance": "3", "free_only": "yes", "step_free": "no"},
    ),
    Step("preferences_profile", "GET", s("preferences_profile"), VIEWED),
    Step("preferences_profile", "POST", s("preferences_profile"), VIEWED),
    Step("opportunities", "GET", s("opportunities"), VIEWED),
    Step("opportunities_map", "GET", s("opportunities_map"), VIEWED),
    Step(
        "opportunity_choose",
        "POST",
        s("opportunity_choose"),
        ("created", "plan choice"),
        data=lambda w: {"service_at_location": w.listing_2.service_at_location_pk},
    ),
    Step(
        "opportunity_choice_companion",
        "POST",
        s("opportunity_choice_companion", "session", lambda w: w.choice.pk),
        ("changed", "plan choice companion"),
        data=lambda w: {"companion": str(w.member.pk)},
    ),
    Step(
        "opportunity_choice_remove",
        "POST",
        s("opportunity_choice_remove", "session", lambda w: second_choice(w).pk),
        ("deleted", "plan choice"),
    ),
    Step("opportunities", "POST", s("opportunities"), VIEWED),
    Step("session_summary", "GET", s("session_summary"), VIEWED),
    Step("review", "GET", s("review", "follow_up"), VIEWED, participant=lambda w: w.earlier),
    Step(
        "review",
        "POST",
        s("review", "follow_up"),
        ("changed", "activity outcomes"),
        data=lambda w: {
            f"{w.earlier_choice.pk}-status": "tried",
            f"{w.earlier_choice.pk}-note": "",
        },
        participant=lambda w: w.earlier,
    ),
    Step("plan", "GET", s("plan"), VIEWED),
    Step("plan", "POST", s("plan"), ("changed", "session finished")),
    Step(
        "session_reopen",
        "POST",
        s("session_reopen", "finished"),
        ("changed", "session reopened"),
        participant=lambda w: w.finished.participant,
    ),
    # The administration pages, as an admin uses them.
    Step(
        "admin:genie_participant_changelist",
        "GET",
        a("admin:genie_participant_changelist"),
        NONE,
        admin=True,
    ),  # a list of references (as Genie's own list): no record opened
    Step(
        "admin:genie_participant_find", "GET", a("admin:genie_participant_find"), NONE, admin=True
    ),  # the empty search form
    Step(
        "admin:genie_participant_find",
        "POST",
        a("admin:genie_participant_find"),
        ("viewed", "administration search"),
        data=lambda w: {"reference": "ref-1"},
        admin=True,
    ),
    Step(
        "admin:genie_participant_add",
        "GET",
        a("admin:genie_participant_add"),
        NONE,
        admin=True,
        status=403,
    ),  # facilitators add participants, recording consent
    Step(
        "admin:genie_participant_change",
        "GET",
        a("admin:genie_participant_change", "participant"),
        ("viewed", ADMIN),
        admin=True,
    ),
    Step(
        "admin:genie_participant_change",
        "POST",
        a("admin:genie_participant_change", "participant"),
        ("changed", ADMIN),
        data=admin_participant_form,
        admin=True,
    ),
    Step(
        "admin:genie_participant_history",
        "GET",
        a("admin:genie_participant_history", "participant"),
        ("viewed", "administration history"),
        admin=True,
    ),
    Step(
        "admin:genie_participant_delete",
        "GET",
        a("admin:genie_participant_delete", "participant"),
        NONE,
        admin=True,
        status=403,
    ),  # only erasure removes a participant
    Step(
        "admin:genie_participant_changelist",
        "POST",
        a("admin:genie_participant_changelist"),
        ("erased", ""),
        participant=lambda w: w.to_erase,
        admin=True,
        data=lambda w: {"action": "erase_selected", "_selected_action": [w.to_erase.pk]},
    ),
    Step(
        "admin:genie_session_changelist",
        "GET",
        a("admin:genie_session_changelist"),
        NONE,
        admin=True,
    ),  # a list of sessions by reference and date: no record opened
    Step(
        "admin:genie_session_changelist",
        "POST",
        a("admin:genie_session_changelist"),
        ("deleted", ADMIN),
        admin=True,
        data=lambda w: {
            "action": "delete_selected",
            "_selected_action": [w.spare_1.pk],
            "post": "yes",
        },
    ),
    Step(
        "admin:genie_session_add", "GET", a("admin:genie_session_add"), NONE, admin=True
    ),  # the empty form
    Step(
        "admin:genie_session_add",
        "POST",
        a("admin:genie_session_add"),
        ("created", ADMIN),
        data=admin_session_form,
        admin=True,
    ),
    Step(
        "admin:genie_session_change",
        "GET",
        a("admin:genie_session_change", "spare_2"),
        ("viewed", ADMIN),
        admin=True,
    ),
    Step(
        "admin:genie_session_change",
        "POST",
        a("admin:genie_session_change", "spare_2"),
        ("changed", ADMIN),
        data=admin_session_form,
        admin=True,
    ),
    Step(
        "admin:genie_session_history",
        "GET",
        a("admin:genie_session_history", "spare_2"),
        ("viewed", "administration history"),
        admin=True,
    ),
    Step(
        "admin:genie_session_delete",
        "GET",
        a("admin:genie_session_delete", "spare_2"),
        ("viewed", ADMIN),
        admin=True,
    ),
    Step(
        "admin:genie_session_delete",
        "POST",
        a("admin:genie_session_delete", "spare_2"),
        ("deleted", ADMIN),
        data=lambda w: {"post": "yes"},
        admin=True,
    ),
]


@pytest.fixture
def world(organisation, facilitator_user, admin, participant, session):
    """One participant part-way through a session, with something at every stage."""
    snapshot = mapping_services.snapshot_open(session=session)
    member = NetworkMemberFactory(snapshot=snapshot, label="Jo")
    listing_1, listing_2 = listing("Walking group"), listing("Choir")
    listing_2.service_at_location_pk = listing_2.pk
    earlier = ParticipantFactory(organisation=organisation, consent_recorded_by=facilitator_user)
    baseline = SessionFactory(participant=earlier, facilitator=facilitator_user)
    earlier_choice = ChosenActivity.objects.create(
        session=baseline, service_at_location=listing_1, name="Walking group"
    )
    Session.objects.filter(pk=baseline.pk).update(completed_at="2026-01-05T10:00:00Z")
    follow_up = SessionFactory(
        participant=earlier,
        facilitator=facilitator_user,
        kind="follow-up",
        previous=baseline,
        stage="review",
    )
    return SimpleNamespace(
        facilitator=facilitator_user,
        admin=admin,
        participant=participant,
        session=session,
        member=member,
        dropped=DroppedActivity.objects.create(session=session, description="Choir"),
        choice=ChosenActivity.objects.create(
            session=session, service_at_location=listing_1, name="Walking group"
        ),
        listing_2=listing_2,
        option_id=questionnaire_selectors.session_progress(session=session)
        .question(1)
        .options[0]
        .pk,
        new_participant=ParticipantFactory(
            organisation=organisation, consent_recorded_by=facilitator_user
        ),
        follow_up=follow_up,
        earlier=earlier,
        earlier_choice=earlier_choice,
        to_erase=ParticipantFactory(organisation=organisation, consent_recorded_by=admin),
        # A finished session with nothing after it, for its facilitator to reopen.
        finished=SessionFactory(
            participant=ParticipantFactory(
                organisation=organisation, consent_recorded_by=facilitator_user
            ),
            facilitator=facilitator_user,
            completed_at=timezone.now(),
        ),
        spare_1=SessionFactory(participant=participant, facilitator=facilitator_user),
        spare_2=SessionFactory(participant=participant, facilitator=facilitator_user),
    )


def walked_names():
    return {
        name
        for _url, name, params in sample_urls()
        if params & SCOPED or name.startswith(ADMIN_PAGES)
    }


def test_every_participant_level_url_is_in_the_walk():
    assert {step.name for step in STEPS} == walked_names()


def test_every_method_a_participant_page_answers_is_in_the_walk(client, facilitator_user):
    client.force_login(facilitator_user)
    listed = {(step.name, step.method) for step in STEPS}
    for url, name, params in sample_urls():
        if not params & SCOPED:
            continue
        for method in ("GET", "POST"):
            if (name, method) not in listed:
                response = getattr(client, method.lower())(url)
                assert response.status_code == 405, (name, method, response.status_code)


def test_each_step_records_its_audit_event(world):
    clients = {False: Client(), True: Client()}
    clients[False].force_login(world.facilitator)
    clients[True].force_login(world.admin)
    paths = []
    for step in STEPS:
        caches["local"].clear()  # "viewed" is recorded once per user, participant and window
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        client = clients[step.admin]
        path = step.path(world)
        paths.append(path)
        send = client.get if step.method == "GET" else client.post
        response = send(path, step.data(world))
        label = (step.name, step.method, response.status_code)
        assert response.status_code == (step.status or response.status_code), label
        assert response.status_code < 400 or step.status, label
        events = AuditEvent.objects.filter(pk__gt=before)
        if step.expect is NONE:
            continue
        action, what = step.expect
        actor = world.admin if step.admin else world.facilitator
        assert events.filter(
            action=action,
            what=what,
            participant_id=step.participant(world).pk,
            actor=actor,
            actor_username=actor.username,
        ).exists(), (label, list(events.values_list("action", "what")))
    # No reference or name went into any URL the walk used.
    assert not [path for path in paths if "REF-1" in path or "Pat" in path]
