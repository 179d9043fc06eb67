"""Practical constraints asked after the preference items; Stage 3 filters on them."""

from dataclasses import dataclass, field

from genie.units import from_km, unit_label

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # RFC 5545 day codes, as in Schedule.byday
TIMES_OF_DAY = ["morning", "afternoon", "evening"]

DAY_LABELS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
TIME_OF_DAY_LABELS = {
    "morning": "Mornings",
    "afternoon": "Afternoons",
    "evening": "Evenings",
}
TRAVEL_MODE_LABELS = {
    "walk": "On foot, with a walking aid or in a wheelchair",
    "bus": "Bus or train",
    "car": "Driving",
    "lift": "A lift from family or friends",
    "taxi": "Taxi or community transport",
}


@dataclass(frozen=True)
class TravelConstraints:
    max_distance_km: float | None = None  # None: not asked yet or no limit
    travel_modes: tuple[str, ...] = ()  # e.g. ("walk", "bus", "car", "lift", "taxi")
    free_only: bool = False
    step_free: bool = False
    days: tuple[str, ...] = field(default_factory=tuple)  # subset of DAYS; empty: any day
    times_of_day: tuple[str, ...] = field(default_factory=tuple)  # subset of TIMES_OF_DAY


def describe(constraints: TravelConstraints) -> list[tuple[str, str]]:
    """The constraints in words, question by question, for summaries."""
    km = constraints.max_distance_km
    return [
        (
            "How far",
            "Distance does not matter" if km is None else f"Up to {unit_label(round(from_km(km)))}",
        ),
        (
            "Getting about",
            ", ".join(TRAVEL_MODE_LABELS.get(m, m) for m in constraints.travel_modes) or "Not said",
        ),
        ("Cost", "Free activities only" if constraints.free_only else "A small cost is fine"),
        ("Step-free access", "Needed" if constraints.step_free else "Not needed"),
        ("Days", ", ".join(DAY_LABELS.get(d, d) for d in constraints.days) or "Any day"),
        (
            "Times",
            ", ".join(TIME_OF_DAY_LABELS.get(t, t) for t in constraints.times_of_day) or "Any time",
        ),
    ]
