"""Reads for evidence. Aggregates are computed in the database, a fixed number
of queries whatever the number of sessions, and leave here only as counts and
averages: never a participant, a name, a reference or a full postcode."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from evidence import areas, disclosure
from evidence.disclosure import rounded_cell
from evidence.suppression import Cell, shown
from evidence.tables import Row, ShownTable
from genie import measures
from genie import selectors as genie_selectors
from genie.models import AgeBand, Condition, Gender, Participant, Session, WellbeingMeasures
from mapping import selectors as mapping_selectors
from mapping.drawing import TooManyMembers, draw_network
from mapping.feedback import network_metrics
from questionnaire import selectors as questionnaire_selectors
from resources import selectors as resources_selectors
from resources.models import ActivityOutcome, ChosenActivity


@dataclass(frozen=True)
class EvidenceFilter:
    """Which sessions the evidence is about: whole quarters, an organisation and
    a fixed area group (evidence.areas), never a free list of districts."""

    from_month: date | None = None
    to_month: date | None = None
    organisation_id: object = None
    area: str = ""  # an area group code, or "" for all areas

    @classmethod
    def from_form(cls, cleaned: dict) -> "EvidenceFilter":
        organisation = cleaned.get("organisation")
        return cls(
            from_month=quarter_start(cleaned.get("from_month")),
            to_month=quarter_end(cleaned.get("to_month")),
            organisation_id=organisation.pk if organisation else None,
            area=cleaned.get("area") or "",
        )


def quarter_start(month: date | None) -> date | None:
    """The first month of the quarter ``month`` is in: figures cover whole quarters."""
    return month.replace(month=(month.month - 1) // 3 * 3 + 1, day=1) if month else None


def quarter_end(month: date | None) -> date | None:
    return month.replace(month=(month.month - 1) // 3 * 3 + 3, day=1) if month else None


def _month_start(year: int, month: int) -> datetime:
    if month > 12:
        year, month = year + 1, 1
    return timezone.make_aware(datetime(year, month, 1))


def _period(field: str, evidence_filter: EvidenceFilter) -> Q:
    q = Q()
    start, end = evidence_filter.from_month, evidence_filter.to_month
    if start:
        q &= Q(**{f"{field}__gte": _month_start(start.year, start.month)})
    if end:
        q &= Q(**{f"{field}__lt": _month_start(end.year, end.month + 1)})
    return q


def _area(district_field: str, evidence_filter: EvidenceFilter) -> Q:
    if not evidence_filter.area:
        return Q()
    if evidence_filter.area == areas.OTHER_CODE:
        return ~Q(**{f"{district_field}__in": areas.grouped_districts()})
    return Q(**{f"{district_field}__in": areas.districts_in(evidence_filter.area)})


def sessions_in_scope(evidence_filter: EvidenceFilter) -> QuerySet[Session]:
    """Sessions of participants who agreed to their data being used, filtered,
    each with its block (evidence.disclosure): area group, organisation, quarter."""
    sessions = Session.objects.filter(participant__consent_data_use=True)
    sessions = sessions.filter(_period("started_at", evidence_filter))
    if evidence_filter.organisation_id:
        sessions = sessions.filter(participant__organisation_id=evidence_filter.organisation_id)
    return sessions.filter(_area("participant__postcode_district", evidence_filter))


def session_blocks(sessions: QuerySet, prefix: str = "") -> QuerySet:
    """``sessions`` (or rows reached from a session through ``prefix``) with the
    fields of their block: block_area, block_org, block_quarter and block_kind."""
    return sessions.annotate(
        block_area=areas.area_group_expression(f"{prefix}participant__postcode_district"),
        block_org=F(f"{prefix}participant__organisation_id"),
        block_quarter=TruncQuarter(f"{prefix}started_at"),
        block_kind=F(f"{prefix}kind"),
    )


SESSION_BLOCK = ("block_area", "block_org", "block_quarter", "block_kind")
PARTICIPANT_BLOCK = ("block_area", "block_org", "block_quarter")


def participants_in_scope(evidence_filter: EvidenceFilter) -> QuerySet[Participant]:
    """People who agreed to their data being used and whose first session
    started in the period, each with their block. A person is in one block
    only (the quarter they started), so blocks add up whatever the filter."""
    first = (
        Session.objects.filter(participant=OuterRef("pk"))
        .order_by("started_at")
        .values("started_at")[:1]
    )
    people = (
        Participant.objects.filter(consent_data_use=True)
        .annotate(first_started=Subquery(first))
        .filter(first_started__isnull=False)
        .filter(_period("first_started", evidence_filter))
    )
    if evidence_filter.organisation_id:
        people = people.filter(organisation_id=evidence_filter.organisation_id)
    return people.filter(_area("postcode_district", evidence_filter)).annotate(
        block_area=areas.area_group_expression("postcode_district"),
        block_org=F("organisation_id"),
        block_quarter=TruncQuarter("first_started"),
    )


def participant_units(evidence_filter: EvidenceFilter) -> dict[tuple, int]:
    """How many people are in each block."""
    return {
        tuple(row[:-1]): row[-1]
        for row in participants_in_scope(evidence_filter)
        .values_list(*PARTICIPANT_BLOCK)
        .annotate(n=Count("pk"))
        .order_by()
    }


# --- One selector per dashboard panel; each returns a published ShownTable -----

FOLLOW_UP = Session.Kind.FOLLOW_UP
KIND_LABELS = {Session.Kind.BASELINE: "First sessions", FOLLOW_UP: "Follow-ups"}


def sessions_held(evidence_filter: EvidenceFilter) -> ShownTable:
    """Activity counts (about the service, not anyone's attributes): rounded."""
    found = {
        row["kind"]: row
        for row in sessions_in_scope(evidence_filter)
        .values("kind")
        .annotate(
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            in_progress=Count("pk", filter=Q(completed_at__isnull=True)),
        )
        .order_by()
    }
    return ShownTable.from_counts(
        row_heading="Session",
        columns=["Completed", "Not completed"],
        rows=list(KIND_LABELS.values()),
        counts=[
            [found.get(kind, {}).get("completed", 0), found.get(kind, {}).get("in_progress", 0)]
            for kind in KIND_LABELS
        ],
    )


def sessions_counted(evidence_filter: EvidenceFilter) -> dict[str, int]:
    """Exact totals, for rates only (never shown as counts)."""
    return sessions_in_scope(evidence_filter).aggregate(
        total=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )


def participants_followed_up(evidence_filter: EvidenceFilter) -> Cell:
    """People with at least one follow-up in the period: rounded."""
    return rounded_cell(
        sessions_in_scope(evidence_filter)
        .filter(kind=FOLLOW_UP)
        .aggregate(n=Count("participant", distinct=True))["n"]
    )


def participants_total(evidence_filter: EvidenceFilter) -> int:
    return participants_in_scope(evidence_filter).count()


def _participants_by(evidence_filter: EvidenceFilter, field: str, choices, heading):
    found = disclosure.categorical(
        (tuple(row[:-2]), row[-2], row[-1])
        for row in participants_in_scope(evidence_filter)
        .values_list(*PARTICIPANT_BLOCK, field)
        .annotate(n=Count("pk"))
        .order_by()
    )
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


OTHER_CONDITION = "another"


def participants_by_condition(evidence_filter: EvidenceFilter) -> ShownTable:
    """A participant may have several conditions, so rows do not add up: no totals.
    Each condition is a yes or no of its own (evidence.disclosure.binary)."""
    people = participants_in_scope(evidence_filter)
    hits = [
        (tuple(row[:-2]), row[-2], row[-1])
        for row in people.filter(conditions__isnull=False)
        .values_list(*PARTICIPANT_BLOCK, "conditions__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ]
    # Free-text conditions are counted, never shown: they could identify someone.
    hits += [
        (tuple(row[:-1]), OTHER_CONDITION, row[-1])
        for row in people.exclude(other_conditions="")
        .values_list(*PARTICIPANT_BLOCK)
        .annotate(n=Count("pk"))
        .order_by()
    ]
    found = disclosure.binary(participant_units(evidence_filter), hits)
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
    found = dict(
        participants_in_scope(evidence_filter)
        .values_list("block_area")
        .annotate(n=Count("pk"))
        .order_by()
    )
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
    for row in (
        sessions_in_scope(evidence_filter)
        .annotate(month=TruncMonth("started_at"))
        .values("month", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        month = row["month"]
        month = month.date() if isinstance(month, datetime) else month
        found.setdefault(month, {})[row["kind"]] = row["n"]
    months = _every_month(min(found), max(found)) if found else []
    return ShownTable.from_counts(
        row_heading="Month started",
        columns=list(KIND_LABELS.values()),
        rows=[f"{month:%B %Y}" for month in months],
        counts=[[found.get(month, {}).get(kind, 0) for kind in KIND_LABELS] for month in months],
    )


LONELY = (measures.LonelinessAnswer.OFTEN_ALWAYS, measures.LonelinessAnswer.SOME_OF_THE_TIME)
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


def session_units(sessions: QuerySet[Session]) -> dict[tuple, int]:
    return {
        tuple(row[:-1]): row[-1]
        for row in session_blocks(sessions)
        .values_list(*SESSION_BLOCK)
        .annotate(n=Count("pk"))
        .order_by()
    }


def _wellbeing_answers(evidence_filter: EvidenceFilter):
    """(block, measure, value, n) for every wellbeing answer in scope: one
    query, a UNION of one GROUP BY per measure."""
    answers = session_blocks(
        WellbeingMeasures.objects.filter(session__in=sessions_in_scope(evidence_filter)),
        "session__",
    )
    lonely = Case(When(direct_loneliness__in=LONELY, then=Value(1)), default=Value(0))
    parts = [
        answers.exclude(**{f"{field}__isnull": True})
        .annotate(measure=Value(field, output_field=CharField()), answer=F(field))
        .values_list(*SESSION_BLOCK, "measure", "answer")
        .annotate(n=Count("pk"))
        .order_by()
        for field, _label in WELLBEING_ROWS[:-1]
    ]
    parts.append(
        answers.exclude(direct_loneliness="")
        .annotate(measure=Value("lonely", output_field=CharField()), answer=lonely)
        .values_list(*SESSION_BLOCK, "measure", "answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for *block, measure, value, n in parts[0].union(*parts[1:], all=True):
        yield tuple(block), measure, value, n


def _wellbeing_pair(average, field: str) -> list[Cell]:
    if field == "lonely":
        count, share = disclosure.average_cells(average, decimals=2)
        if share.value is None:
            return [count, share]
        percent = round(100 * share.value)
        return [count, shown(percent, f"{percent}%")]
    return list(disclosure.average_cells(average))


def wellbeing_change(evidence_filter: EvidenceFilter) -> ShownTable:
    """Averages at first sessions and at follow-ups over the blocks that take
    part (evidence.disclosure), each shown only where enough people answered."""
    units = session_units(sessions_in_scope(evidence_filter))
    by_kind: dict[str, list] = {kind: [] for kind in KIND_LABELS}
    for block, field, value, n in _wellbeing_answers(evidence_filter):
        by_kind[block[-1]].append((block, field, value, n))
    found = {kind: disclosure.averages(rows, units) for kind, rows in by_kind.items()}
    return ShownTable(
        row_heading="Measure",
        columns=WELLBEING_COLUMNS,
        rows=[
            Row(
                label=label,
                cells=[
                    *_wellbeing_pair(found[Session.Kind.BASELINE].get(field), field),
                    *_wellbeing_pair(found[FOLLOW_UP].get(field), field),
                ],
            )
            for field, label in WELLBEING_ROWS
        ],
    )


@dataclass(frozen=True)
class CaseStudySession:
    kind: str
    month: str
    complete: bool


@dataclass(frozen=True)
class MeasureRow:
    label: str
    values: list


@dataclass(frozen=True)
class CaseStudy:
    """What an anonymised case study may show: no name, reference, postcode or
    date finer than the month."""

    age_band: str
    conditions: list[str]
    sessions: list[CaseStudySession]
    wellbeing_rows: list[MeasureRow]
    networks: list["CaseStudyNetwork"] = ()
    activities: list["CaseStudyActivity"] = ()


@dataclass(frozen=True)
class GenericMember:
    """A network member as a case study draws it: its kind in place of its name."""

    pk: str
    label: str
    circle: str
    kind: object


@dataclass(frozen=True)
class CaseStudyNetwork:
    heading: str  # e.g. "First session, March 2026"
    size: int
    drawing: object  # mapping.drawing.NetworkDrawing, or None if too large to draw
    per_kind: list[tuple[str, int]]


@dataclass(frozen=True)
class CaseStudyActivity:
    name: str  # the public listing's name
    categories: list[str]
    month: str  # when it was chosen
    outcome: str  # how it went, as last recorded; never the facilitator's note


def _month(session: Session) -> str:
    return f"{timezone.localtime(session.started_at):%B %Y}"


def _case_study_networks(participant) -> list[CaseStudyNetwork]:
    """The first and the latest network maps, labelled by kind only."""
    snapshots = mapping_selectors.participant_snapshots(participant=participant)
    chosen = snapshots[:1] + snapshots[-1:] if len(snapshots) > 1 else snapshots
    networks = []
    for snapshot in chosen:
        members = [
            GenericMember(pk=str(i), label=member.kind.name, circle=member.circle, kind=member.kind)
            for i, member in enumerate(snapshot.active_members)
        ]
        try:
            drawing = draw_network(members)
        except TooManyMembers:
            drawing = None
        session = snapshot.session
        networks.append(
            CaseStudyNetwork(
                heading=f"{session.get_kind_display()}, {_month(session)}",
                size=len(members),
                drawing=drawing,
                per_kind=network_metrics(snapshot.active_members).per_kind,
            )
        )
    return networks


def _case_study_activities(participant) -> list[CaseStudyActivity]:
    choices = (
        ChosenActivity.objects.filter(session__participant=participant)
        .select_related("session")
        .prefetch_related(
            "service_at_location__service__categories",
            Prefetch(
                "outcomes",
                queryset=ActivityOutcome.objects.order_by("-session__started_at"),
                to_attr="latest",
            ),
        )
        .order_by("session__started_at", "created_at")
    )
    activities = []
    for choice in choices:
        outcome = choice.latest[0] if choice.latest else None
        listing = choice.service_at_location
        text = "Not asked about yet"
        if outcome:
            text = outcome.get_status_display()
            if outcome.reason:
                text += f" ({outcome.get_reason_display().lower()})"
        activities.append(
            CaseStudyActivity(
                name=choice.name,
                categories=[c.name for c in listing.service.categories.all()] if listing else [],
                month=_month(choice.session),
                outcome=text,
            )
        )
    return activities


def _measure_rows(records: list[WellbeingMeasures | None]) -> list[MeasureRow]:
    if not any(records):
        return []
    rows = [
        MeasureRow(label, [getattr(record, field, None) for record in records])
        for field, label in WELLBEING_ROWS[:-1]
    ]
    rows.append(
        MeasureRow(
            measures.DIRECT_LONELINESS_QUESTION,
            [
                record.get_direct_loneliness_display() or None if record else None
                for record in records
            ],
        )
    )
    return rows


def case_study(*, participant) -> CaseStudy:
    sessions = (
        Session.objects.filter(participant=participant)
        .select_related("wellbeing")
        .order_by("started_at")
    )
    return CaseStudy(
        age_band=participant.get_age_band_display(),
        # Curated condition names only: free text could identify the person.
        conditions=[condition.name for condition in participant.conditions.all()],
        sessions=[
            CaseStudySession(
                kind=session.get_kind_display(),
                month=_month(session),
                complete=session.is_complete,
            )
            for session in sessions
        ],
        wellbeing_rows=_measure_rows([getattr(session, "wellbeing", None) for session in sessions]),
        networks=_case_study_networks(participant),
        activities=_case_study_activities(participant),
    )


# --- The facilitator's session summary -----------------------------------------


@dataclass(frozen=True)
class MeasureChange:
    label: str
    before: object
    after: object
    change: str  # e.g. "+2", "no change", "" when either is missing


def _change(before, after) -> str:
    if not isinstance(before, int) or not isinstance(after, int):
        return ""
    difference = after - before
    return "no change" if difference == 0 else f"{difference:+d}"


def measure_changes(before: WellbeingMeasures | None, after: WellbeingMeasures | None):
    rows = _measure_rows([before, after])
    return [
        MeasureChange(row.label, row.values[0], row.values[1], _change(*row.values)) for row in rows
    ]


@dataclass(frozen=True)
class SessionSummary:
    session: Session
    previous: Session | None
    network: object  # mapping.selectors.NetworkState (with the comparison) or None
    interests: object  # questionnaire.selectors.InterestSummary
    interests_from: Session | None  # the earlier session they come from, if not this one
    constraints: list[tuple[str, str]] | None
    choices: list
    reviewed: list[resources_selectors.ReviewItem]
    measures: list[MeasureChange]


def session_summary(*, session: Session) -> SessionSummary:
    """Everything the facilitator's summary of one session shows."""
    previous = session.previous
    snapshot = mapping_selectors.snapshot_find(session=session)
    interests = questionnaire_selectors.session_interest_summary(session=session)
    interests_from = None
    if interests.is_empty and previous is not None:
        # A follow-up need not ask the questions again: show the answers it follows.
        interests = questionnaire_selectors.session_interest_summary(session=previous)
        interests_from = previous
    return SessionSummary(
        session=session,
        previous=previous,
        # A follow-up's snapshot starts as a copy of the last one: the comparison is with that.
        network=mapping_selectors.network_state(snapshot=snapshot) if snapshot else None,
        interests=interests,
        interests_from=interests_from,
        constraints=questionnaire_selectors.session_constraints_summary(session=session),
        choices=resources_selectors.session_choices(session=session),
        reviewed=resources_selectors.review_items(session=session),
        measures=measure_changes(
            genie_selectors.session_wellbeing(session=previous) if previous else None,
            genie_selectors.session_wellbeing(session=session),
        ),
    )
