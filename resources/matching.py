"""What Stage 3 honours from the participant's answers, and how it says so.

- **Days and times of day**: a listing fits when one of its schedules runs on a
  day and at a time the participant said suit them; a listing whose days or times
  are not known is shown as "times not known" below the fits; one that runs only
  at other times is left out.
- **Travel**: someone who only walks is offered walking distance; bus, car, taxi
  or a lift: the distance they asked for. "Needs a lift" when a lift is the only
  way there.
- **Reasons** name each fit in words ("Tuesdays 10am: you said mornings"), in the
  site's one distance unit (genie.units).
"""

import re
from dataclasses import dataclass
from datetime import time

from genie.clock import clock
from genie.units import KM_PER_MILE, distance_unit, format_distance, from_km, to_km, unit_label
from questionnaire.constraints import DAY_LABELS, TravelConstraints
from resources.models import Location

# Times of day as the participant means them: [start, end) in hours.
TIME_WINDOWS = {"morning": (5, 12), "afternoon": (12, 17), "evening": (17, 24)}
TIME_WORDS = {"morning": "mornings", "afternoon": "afternoons", "evening": "evenings"}
WALKING_DISTANCE_KM = 1 * KM_PER_MILE  # "Up to 1 mile (about 20 minutes' walk)" in Stage 2
INDEPENDENT_MODES = {"bus", "car", "taxi"}
ORDINAL_WORDS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
DAY_CODES = list(DAY_LABELS)
BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")

FITS, UNKNOWN, CLASH, ANY = "fits", "unknown", "clash", ""


def default_radius_km() -> float:
    """Before anything is asked: 3 miles, or 5 km where distances are in kilometres."""
    return to_km(3) if distance_unit() == "miles" else 5.0


def walks_only(constraints: TravelConstraints) -> bool:
    return bool(constraints.travel_modes) and set(constraints.travel_modes) <= {"walk"}


def travel_radius_km(constraints: TravelConstraints) -> float:
    """How far to look: walking distance for someone who only walks (or less, if
    they asked for less), otherwise the distance asked, otherwise the default."""
    asked = constraints.max_distance_km
    if walks_only(constraints):
        return min(asked, WALKING_DISTANCE_KM) if asked else WALKING_DISTANCE_KM
    return asked or default_radius_km()


def needs_lift(constraints: TravelConstraints, distance_km: float | None) -> bool:
    """A lift is the only way there: they get about by lift, not by bus, car or
    taxi, and the place is not within walking distance for someone who walks."""
    modes = set(constraints.travel_modes)
    if "lift" not in modes or modes & INDEPENDENT_MODES or distance_km is None:
        return False
    return not ("walk" in modes and distance_km <= WALKING_DISTANCE_KM)


# --- Days and times of day --------------------------------------------------------


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def schedule_parts(byday: str) -> list[tuple[str, str]]:
    """(ordinal or "", day code) for each day in an RFC 5545 BYDAY list."""
    parts = []
    for part in byday.upper().replace(" ", "").split(","):
        match = BYDAY.match(part)
        if match:
            parts.append((match.group(1) or "", match.group(2)))
    return parts


def _days_phrase(parts: list[tuple[str, str]]) -> str:
    """ "Tuesdays", "Mondays and Wednesdays", "Second Tuesday of the month"."""
    plain = [f"{DAY_LABELS[day]}s" for ordinal, day in parts if not ordinal]
    monthly = [f"{ORDINAL_WORDS.get(o, o)} {DAY_LABELS[day]}" for o, day in parts if o]
    words = plain + ([_join(monthly) + " of the month"] if monthly else [])
    text = _join(words)
    return text[0].upper() + text[1:]


def _windows(opens: time, closes: time | None) -> set[str]:
    """The times of day a session from ``opens`` to ``closes`` overlaps."""
    start = opens.hour + opens.minute / 60
    end = closes.hour + closes.minute / 60 if closes else start + 1 / 60
    if end <= start:  # past midnight, or a closing time typed wrongly
        end = 24
    return {name for name, (lo, hi) in TIME_WINDOWS.items() if start < hi and end > lo}


@dataclass(frozen=True)
class TimingFit:
    status: str  # FITS, UNKNOWN, CLASH, or ANY when no days or times were asked
    text: str = ""


def _one_schedule(schedule, days: set[str], times: set[str]) -> TimingFit:
    parts = schedule_parts(schedule.byday)
    if days:
        matching = [(o, d) for o, d in parts if d in days]
        if parts and not matching:
            return TimingFit(CLASH)
        parts = matching
    day_text = _days_phrase(parts) if parts else ""
    said = []
    if days and parts:
        said.append(_join([f"{DAY_LABELS[d]}s" for d in DAY_CODES if d in {p[1] for p in parts}]))
    if times:
        if schedule.opens_at is None:
            return TimingFit(UNKNOWN, f"{day_text}, times not known" if day_text else "")
        overlap = _windows(schedule.opens_at, schedule.closes_at) & times
        if not overlap:
            return TimingFit(CLASH)
        said.append(_join([TIME_WORDS[t] for t in TIME_WINDOWS if t in overlap]))
    if days and not parts:  # no day in the timetable: cannot tell
        return TimingFit(UNKNOWN)
    when = " ".join(
        w for w in [day_text, clock(schedule.opens_at) if schedule.opens_at else ""] if w
    )
    return TimingFit(FITS, f"{when or 'Runs'}: you said {' and '.join(said)}")


def timing_fit(schedules, constraints: TravelConstraints) -> TimingFit:
    """Whether a listing's schedules suit the days and times the participant said."""
    days, times = set(constraints.days), set(constraints.times_of_day)
    if not days and not times:
        return TimingFit(ANY)
    said = _join(
        [f"{DAY_LABELS[d]}s" for d in DAY_CODES if d in days]
        + [TIME_WORDS[t] for t in TIME_WINDOWS if t in times]
    )
    unknown = None
    for schedule in schedules:
        fit = _one_schedule(schedule, days, times)
        if fit.status == FITS:
            return fit
        if fit.status == UNKNOWN and unknown is None:
            unknown = fit
    if unknown is None and schedules:
        return TimingFit(CLASH)
    lead = unknown.text if unknown and unknown.text else "Times not known"
    return TimingFit(UNKNOWN, f"{lead}: ask whether it runs at a time that suits (you said {said})")


# --- Distance and travel in words --------------------------------------------------


def distance_words(distance_km: float, *, area: str, origin_precision: str, location=None) -> str:
    """ "about 1.2 miles from the middle of SO17"; a listing placed only at the
    middle of the participant's own district is "in SO17", not "0.1 miles"."""
    if (
        location is not None
        and location.placement == Location.Placement.DISTRICT
        and location.postcode_district == area
    ):
        return f"in {area} (the exact place is not known)"
    if origin_precision == "district":
        return f"about {format_distance(distance_km)} from the middle of {area}"
    return f"{format_distance(distance_km)} away"


def travel_words(distance_km: float, constraints: TravelConstraints) -> str:
    """How the distance fits the way they travel, or "" when nothing was asked."""
    if walks_only(constraints):
        return (
            "walking distance (you said on foot)"
            if distance_km <= WALKING_DISTANCE_KM
            else "further than walking distance"
        )
    asked = constraints.max_distance_km
    if asked:
        limit = unit_label(round(from_km(asked), 1))
        if distance_km <= asked:
            return f"you said up to {limit}"
        return f"further than the {limit} you said"
    return ""
