"""Reads for Stage 3: matching local resources to a participant, and their choices.

Matching is plain SQL on an indexed bounding box followed by exact haversine
distances in Python, so it needs no PostGIS and stays fast at national scale
(bench/matching.py): the work grows with the listings *near* the participant,
not with the whole directory.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from math import cos, exp, radians

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet

from genie.clock import clock_span
from genie.models import Category, Session
from mapping.selectors import session_dropped_activity_categories
from questionnaire.constraints import DAYS, TravelConstraints
from questionnaire.selectors import session_constraints, session_interest_profile
from resources.geo import KM_PER_DEGREE_LATITUDE, bounding_box, haversine_km
from resources.locator import Point, default_locator
from resources.maps import MAX_PINS, category_pins, pin_for
from resources.models import ActivityOutcome, ChosenActivity, Schedule, Service, ServiceAtLocation

DEFAULT_RADIUS_KM = 5.0
# An activity the participant has dropped counts as a strong interest.
DROPPED_ACTIVITY_INTEREST = 0.8
# How much interest match and nearness each weigh in the score (they add to 1).
INTEREST_WEIGHT = 0.7
NATIONAL_LIMIT = 10
DAY_NAMES = dict(
    zip(
        DAYS,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True,
    )
)
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def schedule_days(byday: str) -> set[str]:
    """Day codes in an RFC 5545 BYDAY list: "MO,WE" -> {MO, WE}; "2TU" -> {TU}."""
    days = set()
    for part in byday.upper().replace(" ", "").split(","):
        match = BYDAY.match(part)
        if match:
            days.add(match.group(2))
    return days


def describe_schedule(schedule: Schedule) -> str:
    """ "Every Tuesday, 10am to 11:30am" / "Second Thursday of the month, 2pm to 4pm"."""
    parts = []
    for part in schedule.byday.upper().replace(" ", "").split(","):
        match = BYDAY.match(part)
        if match:
            ordinal, day = match.groups()
            name = DAY_NAMES[day]
            parts.append(f"{ORDINALS.get(ordinal, ordinal)} {name}" if ordinal else name)
    if schedule.freq == Schedule.Frequency.MONTHLY:
        when = f"{' and '.join(parts)} of the month" if parts else "Monthly"
    else:
        when = f"Every {' and '.join(parts)}" if parts else "Weekly"
    when = when[0].upper() + when[1:]
    if times := clock_span(schedule.opens_at, schedule.closes_at):
        when += f", {times}"
    if schedule.description:
        when += f" ({schedule.description})"
    return when


@dataclass(frozen=True)
class MatchCriteria:
    """What the participant is looking for: Stage 2's profile and constraints
    (days), Stage 1's dropped activities and the filters on the page (which start
    from the constraints' distance, cost and access answers)."""

    interests: dict[str, float] = field(default_factory=dict)
    constraints: TravelConstraints = field(default_factory=TravelConstraints)
    dropped: frozenset[str] = frozenset()
    radius_km: float = DEFAULT_RADIUS_KM
    category: str = ""  # one category code to show, or "" for all
    free_only: bool = False
    step_free: bool = False

    @property
    def profile(self) -> dict[str, float]:
        profile = {code: max(0.0, min(1.0, score)) for code, score in self.interests.items()}
        for code in self.dropped:
            profile[code] = max(profile.get(code, 0.0), DROPPED_ACTIVITY_INTEREST)
        return {code: score for code, score in profile.items() if score > 0}


@dataclass
class Match:
    service_at_location_id: object
    score: float
    distance_km: float | None
    matched_codes: list[str]
    service_at_location: ServiceAtLocation | None = None
    reason: str = ""
    rank: int = 0  # position in the ranked list, as numbered on the list and the map
    pin: object = None  # resources.maps.Pin for the listing's category

    @property
    def service(self):
        return self.service_at_location.service

    @property
    def location(self):
        return self.service_at_location.location

    @property
    def schedules(self) -> list[str]:
        return [describe_schedule(s) for s in self.service.schedules.all()]


@dataclass
class MatchResults:
    local: list[Match]
    national: list[Match]
    ranked_by_interest: bool  # False when there is no profile yet: nearest first


def _interest(profile: dict[str, float], codes: list[str]) -> tuple[float, list[str]]:
    """The best matching interest, nudged up a little for each further match."""
    scores = sorted((profile[code] for code in codes if code in profile), reverse=True)
    if not scores:
        return 0.0, []
    matched = sorted((code for code in codes if code in profile), key=lambda c: -profile[c])
    return min(1.0, scores[0] + 0.1 * sum(scores[1:])), matched


def _category_codes(service_ids, wanted: set[str]) -> dict[object, list[str]]:
    """Each service's codes among ``wanted`` (the profile's and the filter's)."""
    codes = defaultdict(list)
    if not wanted:
        return codes
    through = Service.categories.through.objects.filter(
        service_id__in=service_ids, category__code__in=wanted
    )
    for service_id, code in through.values_list("service_id", "category__code"):
        codes[service_id].append(code)
    return codes


def _days_by_service(service_ids) -> dict[object, set[str]]:
    days = defaultdict(set)
    rows = (
        Schedule.objects.filter(service_id__in=service_ids)
        .order_by()
        .values_list("service_id", "byday")
    )
    for service_id, byday in rows:
        days[service_id] |= schedule_days(byday)
    return days


def _national_queryset(criteria: MatchCriteria):
    # "national IN (true)" rather than "= true": Django writes the latter as a bare
    # column, which SQLite will not look up in the (status, national) index.
    queryset = ServiceAtLocation.objects.filter(
        service__status=Service.Status.ACTIVE, service__national__in=[True]
    )
    if criteria.free_only:
        queryset = queryset.filter(service__is_free=True)
    if criteria.category:
        queryset = queryset.filter(service__categories__code=criteria.category)
    return queryset.values_list("id", "service_id")


def _local_rows(criteria: MatchCriteria, origin: Point) -> list[tuple]:
    """(listing id, service id, distance) of active local listings within the radius.

    The only condition in SQL is the bounding box, so every database starts from
    the (latitude, longitude) index; the other filters run here in Python over
    those few rows (in SQL they tempt SQLite's planner into walking every service).
    """
    min_lat, max_lat, min_lng, max_lng = bounding_box(origin, criteria.radius_km)
    rows = (
        ServiceAtLocation.objects.filter(
            location__latitude__range=(min_lat, max_lat),
            location__longitude__range=(min_lng, max_lng),
        )
        .order_by()
        .values_list(
            "id",
            "service_id",
            "location__latitude",
            "location__longitude",
            "location__step_free_access",
            "service__status",
            "service__national",
            "service__is_free",
        )
    )
    matches = []
    for pk, service_id, lat, lng, step_free, status, national, is_free in rows:
        if (
            status != Service.Status.ACTIVE
            or national
            or (criteria.free_only and not is_free)
            or (criteria.step_free and not step_free)
        ):
            continue
        distance = haversine_km(origin.latitude, origin.longitude, lat, lng)
        if distance <= criteria.radius_km:
            matches.append((pk, service_id, distance))
    return matches


def _rank(rows, criteria: MatchCriteria) -> list[Match]:
    """Score candidate rows (listing id, service id, distance or None) that pass the
    remaining hard filters (category, days)."""
    profile = criteria.profile
    service_ids = {row[1] for row in rows}
    codes = _category_codes(service_ids, set(profile) | {criteria.category} - {""})
    wanted_days = set(criteria.constraints.days)
    days = _days_by_service(service_ids) if wanted_days else {}
    matches = []
    for sal_id, service_id, distance in rows:
        service_codes = codes.get(service_id, [])
        if criteria.category and criteria.category not in service_codes:
            continue
        # A listing without a timetable may run by arrangement: keep it.
        if wanted_days and days.get(service_id) and not days[service_id] & wanted_days:
            continue
        # Gaussian decay: nearby barely differs, the edge of the radius counts ~1/3.
        nearness = 1.0 if distance is None else exp(-((distance / criteria.radius_km) ** 2))
        interest, matched = _interest(profile, service_codes)
        score = (
            INTEREST_WEIGHT * interest + (1 - INTEREST_WEIGHT) * nearness if profile else nearness
        )
        matches.append(Match(sal_id, score, distance, matched))
    matches.sort(key=lambda m: (-m.score, m.distance_km or 0.0))
    return matches


def match_resources(*, criteria: MatchCriteria, origin: Point | None) -> MatchResults:
    """Active services-at-locations ranked for the participant (details not yet loaded;
    see load_match_details). National and online services come as a separate group."""
    local = _rank(_local_rows(criteria, origin), criteria) if origin else []
    # Where a national service also has a place, the place does not matter here.
    national = _rank([(pk, sid, None) for pk, sid in _national_queryset(criteria)], criteria)
    return MatchResults(
        local=local, national=national[:NATIONAL_LIMIT], ranked_by_interest=bool(criteria.profile)
    )


def load_match_details(matches: list[Match], *, categories: dict[str, str]) -> list[Match]:
    """Fill in the listings (service, organisation, location, categories, schedules)
    and the plain-English reason for the matches about to be shown. Constant queries."""
    ids = [match.service_at_location_id for match in matches]
    by_id = ServiceAtLocation.objects.select_related(
        "service__organization", "location"
    ).prefetch_related(
        Prefetch("service__categories", queryset=Category.objects.order_by("order")),
        Prefetch("service__schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
    )
    by_id = {sal.id: sal for sal in by_id.filter(id__in=ids)}
    for match in matches:
        match.service_at_location = by_id.get(match.service_at_location_id)
        match.reason = _reason(match, categories)
    return [match for match in matches if match.service_at_location]


def _reason(match: Match, categories: dict[str, str]) -> str:
    parts = []
    if match.matched_codes:
        names = [categories.get(code, code).lower() for code in match.matched_codes]
        parts.append("matches: " + ", ".join(names))
    if match.distance_km is not None:
        parts.append(
            f"{match.distance_km:.1f} km away"
            if match.distance_km >= 0.1
            else "less than 100 metres away"
        )
    service = match.service_at_location.service
    if service.delivery != Service.Delivery.IN_PERSON:
        parts.append(service.get_delivery_display().lower())
    parts.append("free" if service.is_free else (service.cost_description or "ask about cost"))
    if match.service_at_location.location.step_free_access:
        parts.append("step-free access")
    text = " · ".join(parts)
    return text[0].upper() + text[1:]


def category_names() -> dict[str, str]:
    return dict(Category.objects.values_list("code", "name"))


def session_choices(*, session) -> list[ChosenActivity]:
    """The session's chosen activities with everything the plan shows. Constant queries."""
    return list(
        ChosenActivity.objects.filter(session=session)
        .select_related(
            "service_at_location__service__organization", "service_at_location__location"
        )
        .prefetch_related(
            Prefetch(
                "service_at_location__service__schedules",
                queryset=Schedule.objects.order_by("byday", "opens_at"),
            )
        )
    )


PAGE_SIZE = 10


def session_match_criteria(*, session: Session, filters: dict | None) -> MatchCriteria:
    """Criteria for a session: its profile and constraints, with the page's filters
    (``filters`` is the filter form's cleaned data, or None before any filtering)."""
    constraints = session_constraints(session=session)
    filters = filters or {}
    radius = filters.get("distance") or constraints.max_distance_km or DEFAULT_RADIUS_KM
    return MatchCriteria(
        interests=session_interest_profile(session=session),
        constraints=constraints,
        dropped=frozenset(session_dropped_activity_categories(session=session)),
        radius_km=float(radius),
        category=filters.get("category") or "",
        free_only=filters.get("free", constraints.free_only),
        step_free=filters.get("step_free", constraints.step_free),
    )


@dataclass
class Opportunities:
    area: str
    origin: Point | None
    criteria: MatchCriteria
    categories: list[Category]
    pins: dict
    page: object  # a Paginator page of detailed local matches
    national: list[Match]
    ranked_by_interest: bool


def session_opportunities(
    *,
    session: Session,
    filters: dict | None,
    page_number=1,
    map_only: bool = False,
    categories: list[Category] | None = None,
) -> Opportunities:
    """Everything the Stage 3 page (or, with map_only, its map) shows. The number of
    queries does not depend on how many listings there are. Pass ``categories`` if
    the caller has already read them (the filter form does)."""
    area = session.participant.postcode_district
    origin = default_locator().locate(area)
    criteria = session_match_criteria(session=session, filters=filters)
    results = match_resources(criteria=criteria, origin=origin)
    if categories is None:
        categories = list(Category.objects.all())
    names = {category.code: category.name for category in categories}
    if map_only:
        page = Paginator(results.local[:MAX_PINS], MAX_PINS).page(1)
        national = []
    else:
        page = Paginator(results.local, PAGE_SIZE).get_page(page_number)
        national = results.national
    for rank, match in enumerate(page.object_list, start=page.start_index()):
        match.rank = rank
    pins = category_pins(categories)
    detailed = load_match_details([*page.object_list, *national], categories=names)
    for match in detailed:
        match.pin = pin_for(match, pins)
    page.object_list = [m for m in detailed if m.service.national is False]
    return Opportunities(
        area=area,
        origin=origin,
        criteria=criteria,
        categories=categories,
        pins=pins,
        page=page,
        national=[m for m in detailed if m.service.national],
        ranked_by_interest=results.ranked_by_interest,
    )


@dataclass(frozen=True)
class SketchPin:
    number: int
    x: float
    y: float


@dataclass(frozen=True)
class PlanSketch:
    """A small, printable map: home in the middle, numbered pins around it."""

    width: int
    height: int
    home_x: float
    home_y: float
    pins: list[SketchPin]
    scale_km: float
    scale_px: float


def plan_sketch(origin: Point | None, choices, *, width=320, height=220) -> PlanSketch | None:
    placed = [
        (number, choice.service_at_location.location)
        for number, choice in enumerate(choices, start=1)
        if choice.service_at_location
        and not choice.service_at_location.service.national
        and choice.service_at_location.location.latitude is not None
    ]
    if origin is None or not placed:
        return None
    km_per_lng = KM_PER_DEGREE_LATITUDE * cos(radians(origin.latitude))
    offsets = [
        (
            number,
            (location.longitude - origin.longitude) * km_per_lng,
            (location.latitude - origin.latitude) * KM_PER_DEGREE_LATITUDE,
        )
        for number, location in placed
    ]
    reach = max([0.5] + [max(abs(dx), abs(dy)) for _, dx, dy in offsets])
    px_per_km = (min(width, height) / 2 - 24) / reach
    cx, cy = width / 2, height / 2
    scale_km = next(s for s in (0.5, 1, 2, 5, 10, 20, 50, 100, 1000) if s * px_per_km >= 40)
    return PlanSketch(
        width=width,
        height=height,
        home_x=cx,
        home_y=cy,
        pins=[
            SketchPin(n, round(cx + dx * px_per_km, 1), round(cy - dy * px_per_km, 1))
            for n, dx, dy in offsets
        ],
        scale_km=scale_km,
        scale_px=round(scale_km * px_per_km, 1),
    )


def session_plan(*, session: Session) -> dict:
    """What the printed plan shows. Choices carry their timetable in words."""
    choices = session_choices(session=session)
    area = session.participant.postcode_district
    origin = default_locator().locate(area)
    for choice in choices:
        listing = choice.service_at_location
        choice.when = (
            [describe_schedule(s) for s in listing.service.schedules.all()] if listing else []
        )
        location = listing.location if listing else None
        choice.distance_km = (
            haversine_km(origin.latitude, origin.longitude, location.latitude, location.longitude)
            if origin
            and location
            and location.latitude is not None
            and not listing.service.national
            else None
        )
    return {
        "choices": choices,
        # Wide and low: printed, it sits above three activities on two A4 sheets.
        "sketch": plan_sketch(origin, choices, height=160),
        "area": area,
        "facilitator": session.facilitator,
        "organisation": session.participant.organisation,
    }


# --- The follow-up review: how the activities chosen earlier went -------------


@dataclass(frozen=True)
class ReviewItem:
    """An activity chosen in an earlier session, with how it went (if recorded)."""

    activity: ChosenActivity
    outcome: ActivityOutcome | None

    @property
    def categories(self) -> list[str]:
        listing = self.activity.service_at_location
        return [category.name for category in listing.service.categories.all()] if listing else []


def _earlier_choices(session: Session) -> QuerySet:
    return (
        ChosenActivity.objects.filter(
            session__participant_id=session.participant_id,
            session__started_at__lt=session.started_at,
        )
        .exclude(session=session)
        .select_related("session", "service_at_location__service")
        .prefetch_related("service_at_location__service__categories")
        .order_by("session__started_at", "created_at")
    )


def review_items(*, session: Session) -> list[ReviewItem]:
    """What a follow-up asks about: every activity chosen in an earlier session."""
    if session.kind != Session.Kind.FOLLOW_UP:
        return []
    activities = _earlier_choices(session).prefetch_related(
        Prefetch(
            "outcomes", queryset=ActivityOutcome.objects.filter(session=session), to_attr="here"
        )
    )
    return [
        ReviewItem(activity=activity, outcome=activity.here[0] if activity.here else None)
        for activity in activities
    ]
