"""Reads for Stage 3: matching local resources to a participant, and their choices.

Matching is plain SQL on an indexed bounding box followed by exact haversine
distances in Python, so it needs no PostGIS and stays fast at national scale
(bench/matching.py): the work grows with the listings *near* the participant,
not with the whole directory.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from math import cos, exp, pi, radians
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
)

from genie.clock import clock_span
from genie.models import Category, Session
from genie.units import from_km, to_km, unit_label
from mapping.selectors import session_dropped_activity_categories
from questionnaire.constraints import DAY_LABELS, TravelConstraints
from questionnaire.selectors import session_constraints, session_interest_profile
from resources.curation.selectors import open_report_kinds
from resources.geo import EARTH_RADIUS_KM, KM_PER_DEGREE_LATITUDE, bounding_box, haversine_km
from resources.locator import Point, default_locator
from resources.maps import category_pins, pin_for
from resources.matching import (
    ANY,
    CLASH,
    ORDINAL_WORDS,
    UNKNOWN,
    TimingFit,
    distance_words,
    needs_lift,
    schedule_parts,
    timing_fit,
    travel_radius_km,
    travel_words,
)
from resources.models import (
    ActivityOutcome,
    ChosenActivity,
    OwnActivityReport,
    Schedule,
    Service,
    ServiceAtLocation,
)

# For the evidence's unmet demand; Stage 3 starts from matching.travel_radius_km.
DEFAULT_RADIUS_KM = 5.0
# An activity the participant has dropped counts as a strong interest.
DROPPED_ACTIVITY_INTEREST = 0.8
# How much interest match and nearness each weigh in the score (they add to 1).
INTEREST_WEIGHT = 0.7
NATIONAL_LIMIT = 10


def schedule_days(byday: str) -> set[str]:
    """Day codes in an RFC 5545 BYDAY list: "MO,WE" -> {MO, WE}; "2TU" -> {TU}."""
    return {day for _ordinal, day in schedule_parts(byday)}


def describe_schedule(schedule: Schedule) -> str:
    """ "Every Tuesday, 10am to 11:30am" / "Second Thursday of the month, 2pm to 4pm"."""
    parts = [
        f"{ORDINAL_WORDS.get(ordinal, ordinal)} {DAY_LABELS[day]}" if ordinal else DAY_LABELS[day]
        for ordinal, day in schedule_parts(schedule.byday)
    ]
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
    def radius_words(self) -> str:
        """The distance looked within, in the site's unit: "3 miles"."""
        return unit_label(round(from_km(self.radius_km), 1))

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
    timing: str = ANY  # matching.FITS, UNKNOWN ("times not known") or ANY (none asked)
    timing_text: str = ""  # "Tuesdays 10am: you said mornings"
    needs_lift: bool = False
    reported: list[str] = field(default_factory=list)  # open problem reports, in words

    @property
    def service(self):
        return self.service_at_location.service

    @property
    def location(self):
        return self.service_at_location.location

    @cached_property
    def schedules(self) -> list[str]:
        """The timetable in words (read twice by the listing's template)."""
        return [describe_schedule(s) for s in self.service.schedules.all()]


@dataclass
class MatchResults:
    local: list[Match]
    national: list[Match]
    ranked_by_interest: bool  # False when there is no profile yet: nearest first
    left_out: int = 0  # local listings in range that run only at days or times that do not suit


def _interest(profile: dict[str, float], codes: list[str]) -> tuple[float, list[str]]:
    """The best matching interest, nudged up a little for each further match."""
    scores = sorted((profile[code] for code in codes if code in profile), reverse=True)
    if not scores:
        return 0.0, []
    matched = sorted((code for code in codes if code in profile), key=lambda c: -profile[c])
    return min(1.0, scores[0] + 0.1 * sum(scores[1:])), matched


# A service's categories in the directory's order (Category's), ties by code.
_CATEGORY_ORDER = ("order", "name", "code")


class _Slot(NamedTuple):
    """What timing needs of a schedule (matching.timing_fit reads these names)."""

    service_at_location_id: object
    byday: str
    opens_at: object
    closes_at: object


_SLOT_FIELDS = ("service_at_location_id", "byday", "opens_at", "closes_at")
_DROPPED = object()  # a listing a filter leaves out


def _candidates(queryset, criteria: MatchCriteria, *, place=(), distance=None):
    """Read candidate listings with their services' categories and (when days or
    times were asked) schedules in one query: (rows, codes, schedules), rows being
    (listing id, service id, distance) and ``codes`` each service's categories among
    the profile's and the filter's.

    ``place`` names further fields of the listing, and ``distance(values)`` turns
    them into its distance, or _DROPPED. Without them the distance is None (the
    national group).

    Categories and schedules come joined to the listings (a row per listing,
    category and schedule), not in further queries given thousands of ids, which
    cost more to build, send and parse than the join costs to run. The database
    orders the rows, so each service's schedules keep their order (day, opening
    time) and its categories theirs (the directory's), as when read on their own.
    """
    wanted = set(criteria.profile) | {criteria.category} - {""}
    constraints = criteria.constraints
    timed = bool(constraints.days or constraints.times_of_day)
    if criteria.category:
        # Only services in the category can be shown (_rank): the others are not
        # worth sending. A subquery per listing, so the box still leads the plan.
        queryset = queryset.filter(
            Exists(
                Service.categories.through.objects.filter(
                    service_id=OuterRef("service_id"), category__code=criteria.category
                )
            )
        )
    fields = ["id", "service_id", "service__categories__code", *place]
    order = [f"service__categories__{name}" for name in _CATEGORY_ORDER]
    if timed:
        fields += [f"service__schedules__{name}" for name in ("id", *_SLOT_FIELDS)]
        order = [
            "service__schedules__byday",
            "service__schedules__opens_at",
            "service__schedules__id",
            *order,
        ]
    slot_at = 3 + len(place) if timed else None
    listings = {}  # listing id -> (service id, distance or _DROPPED)
    codes, schedules = defaultdict(list), defaultdict(list)
    seen_codes, seen_schedules = set(), set()
    for row in queryset.order_by(*order).values_list(*fields):
        pk, service_id, code = row[0], row[1], row[2]
        listing = listings.get(pk)
        if listing is None:
            found = distance(row[3 : 3 + len(place)]) if distance else None
            listing = listings[pk] = (service_id, found)
        if listing[1] is _DROPPED:
            continue
        if code in wanted and (service_id, code) not in seen_codes:
            seen_codes.add((service_id, code))
            codes[service_id].append(code)
        if slot_at is not None:
            schedule_id = row[slot_at]
            if schedule_id is not None and schedule_id not in seen_schedules:
                seen_schedules.add(schedule_id)
                schedules[service_id].append(_Slot(*row[slot_at + 1 :]))
    rows = [
        (pk, service_id, found)
        for pk, (service_id, found) in listings.items()
        if found is not _DROPPED
    ]
    return rows, codes, schedules


def _national_candidates(criteria: MatchCriteria):
    # "national IN (true)" rather than "= true": Django writes the latter as a bare
    # column, which SQLite will not look up in the (status, national) index.
    queryset = ServiceAtLocation.objects.filter(
        service__status=Service.Status.ACTIVE, service__national__in=[True]
    )
    if criteria.free_only:
        queryset = queryset.filter(service__is_free=True)
    return _candidates(queryset, criteria)


def _local_candidates(criteria: MatchCriteria, origin: Point):
    """The active local listings within the radius (see _candidates).

    The conditions on the listings in SQL are on the place only: the bounding box,
    so every database starts from the (latitude, longitude) index, and a looser
    circle that leaves out most of the box's corners (_near_enough). The other
    filters run here in Python over those few rows (in SQL they tempt SQLite's
    planner into walking every service).
    """
    min_lat, max_lat, min_lng, max_lng = bounding_box(origin, criteria.radius_km)
    active, radius = Service.Status.ACTIVE, criteria.radius_km
    free_only, step_free_only = criteria.free_only, criteria.step_free
    home_lat, home_lng = origin.latitude, origin.longitude

    def distance(values):
        lat, lng, step_free, status, national, is_free = values
        if (
            status != active
            or national
            or (free_only and not is_free)
            or (step_free_only and not step_free)
        ):
            return _DROPPED
        found = haversine_km(home_lat, home_lng, lat, lng)
        return found if found <= radius else _DROPPED

    queryset = ServiceAtLocation.objects.filter(
        location__latitude__range=(min_lat, max_lat),
        location__longitude__range=(min_lng, max_lng),
    )
    near = _near_enough(origin, radius, min_lat, max_lat, min_lng, max_lng)
    if near is not None:
        queryset = queryset.alias(flat_distance_sq=near[0]).filter(flat_distance_sq__lte=near[1])
    place = (
        "location__latitude",
        "location__longitude",
        "location__step_free_access",
        "service__status",
        "service__national",
        "service__is_free",
    )
    return _candidates(queryset, criteria, place=place, distance=distance)


def _near_enough(origin: Point, radius_km, min_lat, max_lat, min_lng, max_lng):
    """(expression, limit): a condition in SQL that every place within ``radius_km``
    of ``origin`` (by haversine_km) meets, so that most of the bounding box's corners
    are not read; or None where it cannot be shown to hold.

    A flat distance in degrees squared, (Δlat² + (c·Δlng)²), c the smallest cosine of
    a latitude in the box. It never drops a place within the radius: haversine_km
    has sin²(d/2R) = sin²(Δφ/2) + cos φ0 cos φ sin²(Δλ/2), with cos φ0 cos φ ≥ c²
    and sin x ≥ x(1 − x²/6), so d ≤ r gives R²(Δφ² + c²Δλ²)(1 − X²/24)² ≤ r², X
    being the largest of |Δφ|, |Δλ| in the box (radians). The limit is that bound,
    with a little more for rounding; the exact distance is still worked out in
    Python, so the results are those of the box alone.
    """
    spread = radians(max(max_lat - min_lat, max_lng - min_lng) / 2)
    shrink = 1 - spread * spread / 24
    if shrink <= 0.5:
        return None
    c = max(cos(radians(max(abs(min_lat), abs(max_lat)))), 0.0)
    km_per_degree = EARTH_RADIUS_KM * pi / 180
    limit = (radius_km / km_per_degree / shrink) ** 2 * (1 + 1e-6) + 1e-12
    north = F("location__latitude") - Value(origin.latitude)
    east = (F("location__longitude") - Value(origin.longitude)) * Value(c)
    return ExpressionWrapper(north * north + east * east, output_field=FloatField()), limit


def _rank(rows, criteria: MatchCriteria, *, codes, schedules) -> tuple[list[Match], int]:
    """Score candidate rows (listing id, service id, distance or None) that pass the
    remaining hard filters (category, days and times), fits before "times not
    known"; and how many were left out because they run only at other times.
    ``codes`` and ``schedules`` are each candidate service's categories (among the
    profile's and the filter's) and schedules.

    Listings share a few timetables and sets of categories, so their timing fit
    and interest are worked out once per timetable and per set of categories."""
    profile = criteria.profile
    constraints = criteria.constraints
    timed = bool(constraints.days or constraints.times_of_day)
    category, radius = criteria.category, criteria.radius_km
    fits, interests, no_codes = {}, {}, []
    matches, left_out = [], 0
    for sal_id, service_id, distance in rows:
        service_codes = codes.get(service_id, no_codes)
        if category and category not in service_codes:
            continue
        if timed:
            # A schedule for one place applies there; one without a place, everywhere.
            timetable = tuple(
                (s.byday, s.opens_at, s.closes_at)
                for s in schedules.get(service_id, ())
                if s.service_at_location_id in (None, sal_id)
            )
            fit = fits.get(timetable)
            if fit is None:
                fit = fits[timetable] = timing_fit(
                    [_Slot(None, *slot) for slot in timetable], constraints
                )
        else:
            fit = _ANY_TIME
        if fit.status == CLASH:
            left_out += 1
            continue
        # Gaussian decay: nearby barely differs, the edge of the radius counts ~1/3.
        nearness = 1.0 if distance is None else exp(-((distance / radius) ** 2))
        key = tuple(service_codes)
        found = interests.get(key)
        if found is None:
            found = interests[key] = _interest(profile, service_codes)
        interest, matched = found
        score = (
            INTEREST_WEIGHT * interest + (1 - INTEREST_WEIGHT) * nearness if profile else nearness
        )
        matches.append(
            Match(
                sal_id,
                score,
                distance,
                list(matched),
                timing=fit.status,
                timing_text=fit.text,
                needs_lift=needs_lift(constraints, distance),
            )
        )
    # A listing whose times are not known never ranks above one that fits; ties
    # (the same score and distance) go by listing id, so pages do not shift.
    matches.sort(key=_rank_key)
    return matches, left_out


_ANY_TIME = TimingFit(ANY)


def _rank_key(match: Match) -> tuple:
    return (
        match.timing == UNKNOWN,
        -match.score,
        match.distance_km or 0.0,
        match.service_at_location_id,
    )


def match_resources(*, criteria: MatchCriteria, origin: Point | None) -> MatchResults:
    """Active services-at-locations ranked for the participant (details not yet loaded;
    see load_match_details). National and online services come as a separate group."""
    local, left_out = [], 0
    if origin:
        rows, codes, schedules = _local_candidates(criteria, origin)
        local, left_out = _rank(rows, criteria, codes=codes, schedules=schedules)
    # Where a national service also has a place, the place does not matter here.
    rows, codes, schedules = _national_candidates(criteria)
    national, _ = _rank(rows, criteria, codes=codes, schedules=schedules)
    return MatchResults(
        local=local,
        national=national[:NATIONAL_LIMIT],
        ranked_by_interest=bool(criteria.profile),
        left_out=left_out,
    )


def load_match_details(
    matches: list[Match],
    *,
    categories: dict[str, str],
    criteria: MatchCriteria | None = None,
    area: str = "",
    origin_precision: str = "district",
) -> list[Match]:
    """Fill in the listings (service, organisation, location, categories, schedules)
    and the plain-English reason for the matches about to be shown. Constant queries."""
    criteria = criteria or MatchCriteria()
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
        if match.service_at_location:
            match.reason = _reason(
                match, categories, criteria=criteria, area=area, origin_precision=origin_precision
            )
    return [match for match in matches if match.service_at_location]


def _reason(
    match: Match,
    categories: dict[str, str],
    *,
    criteria: MatchCriteria,
    area: str,
    origin_precision: str,
) -> str:
    """Why the listing is here, naming each fit: "Matches: walking · Tuesdays 10am:
    you said mornings · about 0.6 miles from the middle of SO17: walking distance (you
    said on foot) · free"."""
    constraints = criteria.constraints
    parts = []
    if match.matched_codes:
        names = [categories.get(code, code).lower() for code in match.matched_codes]
        parts.append("matches: " + ", ".join(names))
    if match.timing_text:
        parts.append(match.timing_text)
    if match.distance_km is not None:
        where = distance_words(
            match.distance_km,
            area=area or match.location.postcode_district,
            origin_precision=origin_precision,
            location=match.location,
        )
        fit = travel_words(match.distance_km, constraints)
        parts.append(f"{where}: {fit}" if fit else where)
    if match.needs_lift:
        parts.append("needs a lift")
    service = match.service_at_location.service
    if service.delivery != Service.Delivery.IN_PERSON:
        parts.append(service.get_delivery_display().lower())
    if service.is_free:
        parts.append("free: you said free only" if constraints.free_only else "free")
    else:
        parts.append(service.cost_description or "ask about cost")
    if match.service_at_location.location.step_free_access:
        parts.append(
            "step-free access: you said you need it"
            if constraints.step_free
            else "step-free access"
        )
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


def session_chosen_listing_ids(*, session) -> list:
    """The listing of each of the session's choices (None where the listing has gone)."""
    return list(
        ChosenActivity.objects.filter(session=session).values_list(
            "service_at_location_id", flat=True
        )
    )


PAGE_SIZE = 10


def session_match_criteria(
    *, session: Session, filters: dict | None, categories=None
) -> MatchCriteria:
    """Criteria for a session: its profile and constraints, with the page's filters
    (``filters`` is the filter form's cleaned data, or None before any filtering)."""
    constraints = session_constraints(session=session)
    filters = filters or {}
    # The filter is in the site's unit; otherwise walking distance or the distance asked.
    radius = (
        to_km(filters["distance"]) if filters.get("distance") else travel_radius_km(constraints)
    )
    return MatchCriteria(
        interests=session_interest_profile(session=session, categories=categories),
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
    left_out: int = 0  # in range, but only on days or at times that do not suit

    @property
    def pins_on_map(self) -> list:
        """The categories the map's pins show (the listed page's), for its key."""
        shown = {match.pin for match in self.page.object_list if match.pin}
        return [pin for pin in self.pins.values() if pin in shown]


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
    if categories is None:
        categories = list(Category.objects.all())
    criteria = session_match_criteria(session=session, filters=filters, categories=categories)
    results = match_resources(criteria=criteria, origin=origin)
    names = {category.code: category.name for category in categories}
    # The map shows the list's page, so its pins carry the list's numbers.
    page = Paginator(results.local, PAGE_SIZE).get_page(page_number)
    national = [] if map_only else results.national
    for rank, match in enumerate(page.object_list, start=page.start_index()):
        match.rank = rank
    pins = category_pins(categories)
    detailed = load_match_details(
        [*page.object_list, *national],
        categories=names,
        criteria=criteria,
        area=area,
        origin_precision=origin.precision if origin else "district",
    )
    reports = open_report_kinds({match.service.pk for match in detailed})
    for match in detailed:
        match.pin = pin_for(match, pins)
        match.reported = reports.get(match.service.pk, [])
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
        left_out=results.left_out,
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
    scale_label: str = ""  # the scale bar's length in the site's unit: "1 mile"


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
    # A round length in the site's unit (genie.units), at least 40 px long.
    steps = (0.5, 1, 2, 5, 10, 20, 50, 100, 1000)
    scale = next(s for s in steps if to_km(s) * px_per_km >= 40)
    scale_km = to_km(scale)
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
        scale_label=unit_label(scale),
    )


def session_plan(*, session: Session) -> dict:
    """What the printed plan shows. Choices carry their timetable in words."""
    choices = session_choices(session=session)
    area = session.participant.postcode_district
    origin = default_locator().locate(area)
    constraints = session_constraints(session=session)
    reports = open_report_kinds(
        {c.service_at_location.service_id for c in choices if c.service_at_location}
    )
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
        choice.distance_words = (
            distance_words(
                choice.distance_km, area=area, origin_precision=origin.precision, location=location
            )
            if choice.distance_km is not None
            else ""
        )
        choice.needs_lift = needs_lift(constraints, choice.distance_km)
        choice.reported = reports.get(listing.service_id, []) if listing else []
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
    # What the participant said from their own sign-in (#20), which the review starts from.
    said: OwnActivityReport | None = None

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
    activities = (
        _earlier_choices(session)
        .prefetch_related(
            Prefetch(
                "outcomes", queryset=ActivityOutcome.objects.filter(session=session), to_attr="here"
            )
        )
        .select_related("own_report")
    )
    return [
        ReviewItem(
            activity=activity,
            outcome=activity.here[0] if activity.here else None,
            said=getattr(activity, "own_report", None),
        )
        for activity in activities
    ]


@dataclass(frozen=True)
class LastPlanItem:
    """An activity from the last plan, how it went, and whether it can be chosen again."""

    activity: ChosenActivity
    outcome: ActivityOutcome | None

    @property
    def still_listed(self) -> bool:
        listing = self.activity.service_at_location
        return bool(listing) and listing.service.status == Service.Status.ACTIVE


@dataclass(frozen=True)
class LastPlan:
    session: Session
    items: list[LastPlanItem]


def last_plan(*, session: Session) -> LastPlan | None:
    """On a follow-up: the choices of the last earlier session that made a plan, each
    with how it went (recorded in this follow-up's review, else the latest earlier
    record). None on a first session or when nothing was chosen before. Constant queries."""
    if session.kind != Session.Kind.FOLLOW_UP:
        return None
    earlier = _earlier_choices(session)
    latest = earlier.order_by("-session__started_at").values_list("session_id", flat=True)[:1]
    activities = list(
        ChosenActivity.objects.filter(session_id__in=list(latest))
        .select_related("session", "service_at_location__service")
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=ActivityOutcome.objects.filter(
                    session__participant_id=session.participant_id
                ).order_by("-recorded_at"),
                to_attr="recorded",
            )
        )
        .order_by("created_at")
    )
    if not activities:
        return None

    def outcome(activity):
        here = [o for o in activity.recorded if o.session_id == session.pk]
        return (here or activity.recorded or [None])[0]

    return LastPlan(
        session=activities[0].session,
        items=[LastPlanItem(activity=a, outcome=outcome(a)) for a in activities],
    )
