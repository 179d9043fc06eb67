"""Reads for evidence: the filter, a case study and a session's summary. The
dashboard's panels read the fact tables (evidence.facts.read): only counts and
averages leave there, never a participant, a name, a reference or a full postcode."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Prefetch,
    Q,
)
from django.utils import timezone

from evidence import areas
from genie import measures
from genie import selectors as genie_selectors
from genie.models import Session, WellbeingMeasures
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
