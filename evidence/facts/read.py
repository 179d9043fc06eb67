"""The dashboard's panels, read from the per-block totals of the facts
(issue #18): evidence.models.BlockCell and CellValue, the cube that
evidence.facts.cube keeps from SessionFact and FactValue.

Each selector runs one query over the cube, whose rows grow with the number of
blocks rather than of sessions, and the database applies the block rule of
evidence.disclosure in it (evidence.published), so only the published figures
leave it (blocks: area group × organisation × quarter, and the kind of session
for session figures; a person's block is that of their first session). An
organisation and an area group are block fields, and every period the form
makes is whole quarters, so a filter chooses whole rows of the cube. A period
of other months (no form makes one) cuts blocks: BlockCell is per month, so
its figures still come from it, and the values per block are then counted
from the facts in scope (``values``), judged as before.
tests/evidence/reference_read.py keeps the same panels computed from the facts
by passing per-block counts to evidence.disclosure in Python, as the reference.
"""

from datetime import date, timedelta

from django.db.models import F, Max, Min, Q, QuerySet, Sum

from evidence import areas, disclosure, published
from evidence.disclosure import rounded_cell
from evidence.facts import cube
from evidence.facts.build import OTHER_CONDITION, SIZE_BANDS
from evidence.facts.cube import PREVIOUS
from evidence.models import BlockCell, CellValue, FactValue, SessionFact
from evidence.selectors import EvidenceFilter
from evidence.suppression import Cell, shown
from evidence.tables import Row, ShownTable
from genie import measures
from genie.models import AgeBand, Condition, Gender, Session
from mapping.models import Support
from resources.models import OutcomeReason, OutcomeStatus

FOLLOW_UP = Session.Kind.FOLLOW_UP
KIND_LABELS = {Session.Kind.BASELINE: "First sessions", FOLLOW_UP: "Follow-ups"}
KINDS = list(KIND_LABELS)
KIND_COLUMNS = list(KIND_LABELS.values())
SESSION_BLOCK = ("area", "organisation_id", "quarter", "kind")
PERSON_BLOCK = ("area", "organisation_id", "quarter")
N = Sum("n")  # the units a CellValue row counts


def _scope(evidence_filter: EvidenceFilter, prefix: str = "", period: str = "month") -> Q:
    q = Q()
    if evidence_filter.from_month:
        q &= Q(**{f"{prefix}{period}__gte": evidence_filter.from_month})
    if evidence_filter.to_month:
        q &= Q(**{f"{prefix}{period}__lte": evidence_filter.to_month})
    if evidence_filter.organisation_id:
        q &= Q(**{f"{prefix}organisation_id": evidence_filter.organisation_id})
    if evidence_filter.area:
        q &= Q(**{f"{prefix}area": evidence_filter.area})
    return q


def cells(evidence_filter: EvidenceFilter) -> QuerySet[BlockCell]:
    """The cube's rows of sessions started in the period, of the organisation and area."""
    return BlockCell.objects.filter(_scope(evidence_filter))


def whole_quarters(evidence_filter: EvidenceFilter) -> bool:
    """Whether the period is whole quarters, as every filter from the form is
    (EvidenceFilter.from_form): then it chooses whole blocks."""
    start, end = evidence_filter.from_month, evidence_filter.to_month
    return (start is None or (start.month % 3, start.day) == (1, 1)) and (
        end is None or end.month % 3 == 0
    )


def values(evidence_filter: EvidenceFilter, figure: str) -> QuerySet:
    """A figure's counts by value in scope, per block (a person's figures
    count people at their first session, as evidence.facts.cube keeps them).
    A period of other months than whole quarters (no form makes one) cuts
    blocks, so the same rows are then made from the facts in scope."""
    if whole_quarters(evidence_filter):
        return CellValue.objects.filter(_scope(evidence_filter, period="quarter"), figure=figure)
    return cube.values_of_facts(
        SessionFact.objects.filter(_scope(evidence_filter)),
        FactValue.objects.filter(_scope(evidence_filter, "fact__")),
        figure,
    )


def _categorical(evidence_filter: EvidenceFilter, rows: QuerySet, block, value) -> dict:
    """disclosure.categorical of a figure's rows: judged by the block units
    and values the cube keeps on them, or (a period cutting blocks) by block here."""
    if whole_quarters(evidence_filter):
        return published.categorical_judged(rows, value)
    return published.categorical(rows, block, value, N)


def _binary(evidence_filter: EvidenceFilter, figure: str, block, attribute, units: str) -> dict:
    """disclosure.binary of a yes/no figure, over blocks of ``units`` (a
    BlockCell count), the same two ways."""
    hits = values(evidence_filter, figure)
    if whole_quarters(evidence_filter):
        return published.binary_judged(hits, attribute)
    return published.binary(
        cells(evidence_filter),
        block,
        hits,
        block,
        attribute,
        units_weight=Sum(units),
        hits_weight="n",
    )


# --- Sessions and people -------------------------------------------------------------


def sessions_held(evidence_filter: EvidenceFilter) -> ShownTable:
    """Activity counts (about the service, not anyone's attributes): rounded."""
    found = {
        row["kind"]: row
        for row in cells(evidence_filter)
        .values("kind")
        .annotate(done=Sum("completed"), not_done=Sum(F("sessions") - F("completed")))
        .order_by()
    }
    return ShownTable.from_counts(
        row_heading="Session",
        columns=["Completed", "Not completed"],
        rows=list(KIND_LABELS.values()),
        counts=[
            [found.get(kind, {}).get("done", 0), found.get(kind, {}).get("not_done", 0)]
            for kind in KIND_LABELS
        ],
    )


def sessions_counted(evidence_filter: EvidenceFilter) -> dict[str, int]:
    """Exact totals, for rates only (never shown as counts)."""
    counted = cells(evidence_filter).aggregate(total=Sum("sessions"), done=Sum("completed"))
    return {"total": counted["total"] or 0, "completed": counted["done"] or 0}


def participants_followed_up(evidence_filter: EvidenceFilter) -> Cell:
    """People with at least one follow-up in the period, counted at their first
    follow-up in it (their previous one is before the period, or there is none)."""
    first_in_period = Q(value="")  # (the month in ISO form: they sort as dates do)
    if evidence_filter.from_month:
        first_in_period |= Q(value__lt=evidence_filter.from_month.isoformat())
    follow_ups = values(evidence_filter, PREVIOUS).filter(first_in_period, kind=FOLLOW_UP)
    return rounded_cell(follow_ups.aggregate(people=N)["people"] or 0)


def participants_total(evidence_filter: EvidenceFilter) -> int:
    return cells(evidence_filter).aggregate(n=Sum("people"))["n"] or 0


def participant_counts(evidence_filter: EvidenceFilter, field: str) -> dict:
    """{value: people} over the blocks that take part (disclosure.categorical)."""
    return _categorical(evidence_filter, values(evidence_filter, field), PERSON_BLOCK, "value")


def _participants_by(evidence_filter: EvidenceFilter, field: str, choices, heading):
    found = participant_counts(evidence_filter, field)
    return ShownTable.from_counts(
        row_heading=heading,
        columns=["Participants"],
        rows=[label for _value, label in choices],
        counts=[[found.get(value, 0)] for value, _label in choices],
    )


def participants_by_age(evidence_filter: EvidenceFilter) -> ShownTable:
    return _participants_by(evidence_filter, "age_band", AgeBand.choices, "Age")


def participants_by_gender(evidence_filter: EvidenceFilter) -> ShownTable:
    return _participants_by(evidence_filter, "gender", Gender.choices, "Gender")


def condition_counts(evidence_filter: EvidenceFilter) -> dict[str, int]:
    """{condition: people}; each condition is a yes or no of its own
    (evidence.disclosure.binary)."""
    return _binary(evidence_filter, FactValue.Facet.CONDITION, PERSON_BLOCK, "value", "people")


def participants_by_condition(evidence_filter: EvidenceFilter) -> ShownTable:
    """A participant may have several conditions, so rows do not add up: no totals."""
    found = condition_counts(evidence_filter)
    names = list(Condition.objects.values_list("name", flat=True))
    return ShownTable.from_counts(
        row_heading="Long-term condition",
        columns=["Participants"],
        rows=[*names, "Another condition"],
        counts=[[found.get(name, 0)] for name in names] + [[found.get(OTHER_CONDITION, 0)]],
        totals=False,
    )


def participants_by_area(evidence_filter: EvidenceFilter) -> ShownTable:
    """People by fixed area group (an activity count: rounded)."""
    found = dict(cells(evidence_filter).values_list("area").annotate(n=Sum("people")).order_by())
    choices = areas.area_group_choices() or [(areas.OTHER_CODE, "All districts")]
    shown_choices = [(code, name) for code, name in choices if found.get(code)]
    return ShownTable.from_counts(
        row_heading="Area",
        columns=["Participants"],
        rows=[name for _code, name in shown_choices],
        counts=[[found[code]] for code, _name in shown_choices],
    )


def _every_month(first: date, last: date) -> list[date]:
    """Each month from first to last, so a month without sessions shows as 0."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def sessions_by_month(evidence_filter: EvidenceFilter) -> ShownTable:
    found: dict[date, dict[str, int]] = {}
    for month, kind, n in (
        cells(evidence_filter).values_list("month", "kind").annotate(n=Sum("sessions")).order_by()
    ):
        found.setdefault(month, {})[kind] = n
    months = _every_month(min(found), max(found)) if found else []
    return ShownTable.from_counts(
        row_heading="Month started",
        columns=list(KIND_LABELS.values()),
        rows=[f"{month:%B %Y}" for month in months],
        counts=[[found.get(month, {}).get(kind, 0) for kind in KIND_LABELS] for month in months],
    )


# --- Wellbeing -----------------------------------------------------------------------

WELLBEING_ROWS = [
    *(
        (
            scale.field,
            f"{scale.short} (0 to 10{'' if scale.higher_is_better else ', lower is better'})",
        )
        for scale in measures.ONS4
    ),
    ("ucla3_total", "Loneliness score (UCLA 3-item, 3 to 9, lower is better)"),
    ("lonely", "Lonely often, always or some of the time (share answering)"),
]
WELLBEING_COLUMNS = [
    "First sessions: people",
    "First sessions: average",
    "Follow-ups: people",
    "Follow-ups: average",
]


def _wellbeing_pair(average, field: str) -> list[Cell]:
    if field == "lonely":
        count, share = disclosure.average_cells(average, decimals=2)
        if share.value is None:
            return [count, share]
        percent = round(100 * share.value)
        return [count, shown(percent, f"{percent}%")]
    return list(disclosure.average_cells(average))


def wellbeing_averages(evidence_filter: EvidenceFilter) -> dict:
    """{session kind: {measure: Average}} over the blocks that take part for
    each measure (evidence.disclosure.averages), in one scan."""
    measures = {
        field: (
            Sum(f"{field}_n"),
            Sum(f"{field}_sum"),
            Min(f"{field}_min"),
            Max(f"{field}_max"),
        )
        for field, _label in WELLBEING_ROWS
    }
    return published.averages(
        cells(evidence_filter), SESSION_BLOCK, measures, "kind", units=Sum("sessions")
    )


def wellbeing_change(evidence_filter: EvidenceFilter) -> ShownTable:
    """Averages at first sessions and at follow-ups over the blocks that take
    part (evidence.disclosure), each shown only where enough people answered."""
    found = wellbeing_averages(evidence_filter)
    return ShownTable(
        row_heading="Measure",
        columns=WELLBEING_COLUMNS,
        rows=[
            Row(
                label=label,
                cells=[
                    *_wellbeing_pair(found.get(Session.Kind.BASELINE, {}).get(field), field),
                    *_wellbeing_pair(found.get(FOLLOW_UP, {}).get(field), field),
                ],
            )
            for field, label in WELLBEING_ROWS
        ],
    )


# --- Networks --------------------------------------------------------------------------

NETWORK_TYPES = [
    ("restricted", "A small, close network"),
    ("diverse", "A diverse network"),
    ("family-centred", "A family-centred network"),
    ("friend-centred", "A friend-centred network"),
    ("wider-ties", "A network of wider ties"),
]
LACKS = {
    Support.ILLNESS: "lacks_illness",
    Support.EVERYDAY: "lacks_everyday",
    Support.EMOTIONAL: "lacks_emotional",
}


def network_counts(evidence_filter: EvidenceFilter, field: str) -> dict:
    """{(session kind, value): count} over the blocks that take part."""
    rows = values(evidence_filter, field)
    return _categorical(evidence_filter, rows, SESSION_BLOCK, ("kind", "value"))


def network_sizes(evidence_filter: EvidenceFilter) -> ShownTable:
    found = network_counts(evidence_filter, "network_size")
    return ShownTable.from_counts(
        row_heading="Members on the map",
        columns=KIND_COLUMNS,
        rows=[label for _low, _high, label in SIZE_BANDS],
        counts=[[found.get((kind, label), 0) for kind in KINDS] for *_b, label in SIZE_BANDS],
    )


def network_types(evidence_filter: EvidenceFilter) -> ShownTable:
    """The network type (mapping.feedback's rules) of every map."""
    found = network_counts(evidence_filter, "network_type")
    return ShownTable.from_counts(
        row_heading="Network type",
        columns=KIND_COLUMNS,
        rows=[label for _code, label in NETWORK_TYPES],
        counts=[[found.get((kind, code), 0) for kind in KINDS] for code, _l in NETWORK_TYPES],
    )


def support_gap_counts(evidence_filter: EvidenceFilter) -> dict[tuple[str, str], int]:
    """{(session kind, support): maps lacking it}, each a yes or no of its own."""
    lacking = {support: Sum(field) for support, field in LACKS.items()}
    return published.flags(
        cells(evidence_filter), SESSION_BLOCK, lacking, "kind", units=Sum("networks")
    )


def support_gaps(evidence_filter: EvidenceFilter) -> ShownTable:
    """Maps on which no one gives each kind of support. A map can lack several."""
    found = support_gap_counts(evidence_filter)
    return ShownTable.from_counts(
        row_heading="No one gives",
        columns=KIND_COLUMNS,
        rows=[label for _support, label in Support.choices],
        counts=[
            [found.get((kind, support), 0) for kind in KINDS] for support, _label in Support.choices
        ],
        totals=False,
    )


# --- Interests and activities ------------------------------------------------------------


def _by_category(found: dict[tuple[str, str], int]) -> ShownTable:
    """Counts keyed by (session kind, category code), one row per category.
    Rows overlap (a profile or a listing has several), so there are no totals."""
    from evidence.impact import categories_in_order

    categories = categories_in_order()
    return ShownTable.from_counts(
        row_heading="Kind of activity",
        columns=KIND_COLUMNS,
        rows=[name for _code, name in categories],
        counts=[[found.get((kind, code), 0) for kind in KINDS] for code, _name in categories],
        totals=False,
    )


def _category_counts(evidence_filter: EvidenceFilter, facet: str, units: str) -> dict:
    """Per session kind and category, over blocks of ``units`` (a BlockCell count)."""
    return _binary(evidence_filter, facet, SESSION_BLOCK, ("kind", "value"), units)


def interest_counts(evidence_filter: EvidenceFilter) -> dict[tuple[str, str], int]:
    """{(session kind, category): interest profiles with a strong interest in
    it}, each category a yes or no per profile (disclosure.binary)."""
    return _category_counts(evidence_filter, FactValue.Facet.INTEREST, "answered")


def chosen_counts(evidence_filter: EvidenceFilter) -> dict[tuple[str, str], int]:
    """{(session kind, category): sessions in which an activity of it was chosen}."""
    return _category_counts(evidence_filter, FactValue.Facet.CHOSEN, "sessions")


def interests(evidence_filter: EvidenceFilter) -> ShownTable:
    """Interest profiles with a strong interest in each category (a profile may have several)."""
    return _by_category(interest_counts(evidence_filter))


def activities_chosen(evidence_filter: EvidenceFilter) -> ShownTable:
    """Sessions in which an activity of each kind was chosen (a listing may be of several)."""
    return _by_category(chosen_counts(evidence_filter))


UPTAKE_ROWS = [
    (OutcomeStatus.TRIED, "", "Tried it"),
    (OutcomeStatus.ONGOING, "", "Tried it and still going"),
    *(
        (OutcomeStatus.NOT_TRIED, reason, f"Not tried: {label.lower()}")
        for reason, label in OutcomeReason.choices
    ),
]


def uptake_counts(evidence_filter: EvidenceFilter) -> dict[tuple[str, ...], int]:
    """{(status, reason): outcomes at follow-ups} (disclosure.categorical)."""
    outcomes = values(evidence_filter, FactValue.Facet.OUTCOME).filter(kind=FOLLOW_UP)
    return {
        tuple(value.split(":", 1)): n
        for value, n in _categorical(evidence_filter, outcomes, SESSION_BLOCK, "value").items()
    }


def uptake(evidence_filter: EvidenceFilter) -> ShownTable:
    """How activities chosen earlier went, asked at follow-ups, with what got in
    the way of those not tried. One table, so its total hides consistently."""
    found = uptake_counts(evidence_filter)
    return ShownTable.from_counts(
        row_heading="Outcome",
        columns=["Activities"],
        rows=[label for *_key, label in UPTAKE_ROWS],
        counts=[
            [found.get((status, "" if status != OutcomeStatus.NOT_TRIED else reason), 0)]
            for status, reason, _label in UPTAKE_ROWS
        ],
    )


# --- Unmet demand (stored per person against the directory) --------------------------------


def unmet_counts(evidence_filter: EvidenceFilter) -> dict[tuple[str, str], int]:
    """{(area group, code): people with that unmet interest} over the blocks
    that take part for each (evidence.disclosure.binary)."""
    return _binary(
        evidence_filter, FactValue.Facet.UNMET, PERSON_BLOCK, ("area", "value"), "people"
    )


def unmet_anyone(evidence_filter: EvidenceFilter) -> dict[str, int]:
    """{area group: people with any unmet interest}, by the same rule."""
    return published.binary(
        cells(evidence_filter),
        PERSON_BLOCK,
        cells(evidence_filter).filter(unmet_people__gt=0),
        PERSON_BLOCK,
        "area",
        units_weight=Sum("people"),
        hits_weight="unmet_people",
    )
