"""The dashboard, read from the cube of per-block totals with the block rule
applied in SQL (evidence.facts.read, evidence.published), publishes exactly
what the Python reference (evidence.disclosure, fed per-block counts from the
facts by tests/evidence/reference_read.py, the dashboard's code before issue
#18's item 1) publishes: random facts in the real database, random filters and
random thresholds, every panel kind; and the cube kept from the changed blocks
after random changes of facts is the cube a rebuild gives."""

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.facts import cube, read
from evidence.facts.build import OTHER_CONDITION, SIZE_BANDS
from evidence.models import BlockCell, CellValue, FactValue, SessionFact
from evidence.selectors import EvidenceFilter
from genie.models import AgeBand, Gender, Session
from resources.models import OutcomeReason, OutcomeStatus
from tests.evidence import reference_read as reference
from tests.factories import OrganisationFactory, ParticipantFactory, SessionFactory

AREAS = ["A", "B", "other"]
QUARTERS = [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]
KINDS = [Session.Kind.BASELINE, Session.Kind.FOLLOW_UP]
CODES = ["arts", "walking", "sport"]  # made-up codes too: the SQL must not care
OUTCOMES = [
    f"{OutcomeStatus.TRIED}:",
    f"{OutcomeStatus.ONGOING}:",
    *(f"{OutcomeStatus.NOT_TRIED}:{reason}" for reason in OutcomeReason.values[:2]),
]
FACETS = {
    FactValue.Facet.CONDITION: ["COPD", "Asthma", OTHER_CONDITION],
    FactValue.Facet.INTEREST: CODES,
    FactValue.Facet.CHOSEN: CODES,
    FactValue.Facet.OUTCOME: OUTCOMES,
    FactValue.Facet.UNMET: CODES,
}
# Few values, so blocks often share one (and are left out) and often do not.
score = st.one_of(st.none(), st.integers(0, 2))
fact = st.fixed_dictionaries(
    {
        "area": st.sampled_from(AREAS),
        "organisation": st.integers(0, 1),
        "quarter": st.integers(0, len(QUARTERS) - 1),
        "month": st.integers(0, 2),
        "kind": st.sampled_from(KINDS),
        "completed": st.booleans(),
        "first_of_person": st.booleans(),
        "follow_up_before": st.sampled_from([None, 0, 1]),
        "age_band": st.sampled_from(["", *AgeBand.values[:2]]),
        "gender": st.sampled_from(Gender.values[:2]),
        **dict.fromkeys(
            ["life_satisfaction", "worthwhile", "happiness", "anxiety", "ucla3_total", "lonely"],
            score,
        ),
        "answered": st.booleans(),
        "has_network": st.booleans(),
        "network_size": st.sampled_from([label for *_band, label in SIZE_BANDS[:2]]),
        "network_type": st.sampled_from(["restricted", "diverse", ""]),
        "lacks_illness": st.booleans(),
        "lacks_everyday": st.booleans(),
        "lacks_emotional": st.booleans(),
        "values": st.sets(
            st.sampled_from([(facet, v) for facet, found in FACETS.items() for v in found]),
            max_size=5,
        ),
    }
)
quarter = st.one_of(st.none(), st.sampled_from(QUARTERS))
# Mostly whole quarters, as the form makes (read from the cube); sometimes
# from or to a month inside one (no form makes it; read from the facts).
months_in = st.one_of(st.just(0), st.just(0), st.integers(0, 2))


@pytest.fixture
def pool(db):
    """Sessions for facts to hang on, and two organisations."""
    organisations = [OrganisationFactory(), OrganisationFactory()]
    participant = ParticipantFactory(organisation=organisations[0])
    return organisations, [SessionFactory(participant=participant) for _ in range(40)]


def drawn_fact(organisations, session, row: dict) -> tuple[SessionFact, list[FactValue]]:
    row = dict(row)
    start = QUARTERS[row.pop("quarter")]
    before = row.pop("follow_up_before")
    values = [FactValue(fact_id=session.pk, facet=f, value=v) for f, v in row.pop("values")]
    fact = SessionFact(
        session=session,
        organisation=organisations[row.pop("organisation")],
        district="SO17",
        quarter=start,
        month=start.replace(month=start.month + row.pop("month")),
        previous_follow_up=None if before is None else QUARTERS[before],
        **row,
    )
    return fact, values


def write_facts(pool, drawn: list[dict]) -> None:
    """These facts, and the cube rebuilt from them."""
    organisations, sessions = pool
    FactValue.objects.all().delete()
    SessionFact.objects.all().delete()
    facts, values = [], []
    for session, row in zip(sessions, drawn, strict=False):
        fact, own = drawn_fact(organisations, session, row)
        facts.append(fact)
        values += own
    SessionFact.objects.bulk_create(facts)
    FactValue.objects.bulk_create(values)
    cube.rebuild()


def cube_rows() -> list:
    """Every row of the cube, comparable across writes."""
    cells = sorted(
        repr(sorted((k, v) for k, v in row.items() if k != "id"))
        for row in BlockCell.objects.values()
    )
    values = sorted(CellValue.objects.values_list(*cube.BLOCK, "figure", "value", "n"), key=repr)
    return [cells, values]


def without_empty(found: dict) -> dict:
    """Averages with answers (the reference also lists a measure none of whose
    blocks took part, as 0 answers; both are published as "no answers")."""
    return {
        kind: {measure: average for measure, average in by.items() if average.n}
        for kind, by in found.items()
        if any(average.n for average in by.values())
    }


COUNTS = [
    ("participant_counts", ("age_band",)),
    ("participant_counts", ("gender",)),
    ("condition_counts", ()),
    ("network_counts", ("network_size",)),
    ("network_counts", ("network_type",)),
    ("support_gap_counts", ()),
    ("interest_counts", ()),
    ("chosen_counts", ()),
    ("uptake_counts", ()),
    ("unmet_counts", ()),
    ("unmet_anyone", ()),
]
PANELS = [
    "sessions_held",
    "sessions_by_month",
    "participants_by_area",
    "participants_followed_up",
    "participants_total",
    "sessions_counted",
    "participants_by_age",
    "participants_by_gender",
    "participants_by_condition",
    "wellbeing_change",
    "network_sizes",
    "network_types",
    "support_gaps",
    "interests",
    "activities_chosen",
    "uptake",
]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    drawn=st.lists(fact, max_size=40),
    limit=st.sampled_from([1, 2, 3, 5]),
    from_month=quarter,
    to_month=quarter,
    organisation=st.sampled_from([None, 0, 1]),
    area=st.sampled_from(["", *AREAS]),
    cut=st.tuples(months_in, months_in),
)
def test_sql_publishes_what_the_python_reference_publishes(
    pool, drawn, limit, from_month, to_month, organisation, area, cut
):
    write_facts(pool, drawn)
    publishes_what_the_reference_publishes(
        pool, limit, from_month, to_month, organisation, area, cut
    )


def publishes_what_the_reference_publishes(
    pool, limit, from_month, to_month, organisation, area, cut=(0, 0)
):
    """``cut``: months left out at the start and the end of the period."""
    if from_month is not None:
        from_month = from_month.replace(month=from_month.month + cut[0])
    if to_month is not None:
        to_month = to_month.replace(month=to_month.month + 2 - cut[1])
    evidence_filter = EvidenceFilter(
        from_month=from_month,
        to_month=to_month,
        organisation_id=None if organisation is None else pool[0][organisation].pk,
        area=area,
    )
    with override_settings(SUPPRESSION_THRESHOLD=limit):
        # Each figure before rounding: every kind of rule (categorical,
        # binary, flags, averages)...
        for name, arguments in COUNTS:
            assert getattr(read, name)(evidence_filter, *arguments) == getattr(reference, name)(
                evidence_filter, *arguments
            ), name
        assert without_empty(read.wellbeing_averages(evidence_filter)) == without_empty(
            reference.wellbeing_averages(evidence_filter)
        )
        # ...and every panel as published, table for table.
        for name in PANELS:
            assert getattr(read, name)(evidence_filter) == getattr(reference, name)(
                evidence_filter
            ), name


change = st.fixed_dictionaries(
    {"session": st.integers(0, 39), "delete": st.booleans(), "fact": fact}
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    drawn=st.lists(fact, max_size=40),
    changes=st.lists(change, min_size=1, max_size=8),
    limit=st.sampled_from([1, 2, 3, 5]),
    from_month=quarter,
    to_month=quarter,
    organisation=st.sampled_from([None, 0, 1]),
    area=st.sampled_from(["", *AREAS]),
)
def test_the_cube_kept_from_changed_blocks_equals_a_rebuild(
    pool, drawn, changes, limit, from_month, to_month, organisation, area
):
    """Facts replaced, added and deleted as evidence.facts.build.facts_write
    does (the rows of the keys the facts had and have, recomputed in the same
    transaction), one change at a time: the cube stays what a rebuild gives,
    and the dashboard what the reference computes from the facts."""
    organisations, sessions = pool
    write_facts(pool, drawn)
    for change in changes:
        session = sessions[change["session"]]
        with transaction.atomic():
            mine = SessionFact.objects.filter(session=session)
            touched = cube.keys_of(mine)
            FactValue.objects.filter(fact__session=session).delete()
            mine.delete()
            if not change["delete"]:
                new, values = drawn_fact(organisations, session, change["fact"])
                new.save()
                FactValue.objects.bulk_create(values)
            touched |= cube.keys_of(SessionFact.objects.filter(session=session))
            cube.lock()
            cube.refresh(touched)
    kept = cube_rows()
    publishes_what_the_reference_publishes(pool, limit, from_month, to_month, organisation, area)
    cube.rebuild()
    assert cube_rows() == kept
