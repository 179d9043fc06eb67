"""Practical constraints asked after the preference items; Stage 3 filters on them."""

from dataclasses import dataclass, field

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
KM_PER_MILE = 1.609344


@dataclass(frozen=True)
class TravelConstraints:
    max_distance_km: float | None = None  # None: not asked yet or no limit
    travel_modes: tuple[str, ...] = ()  # e.g. ("walk", "bus", "car", "lift", "taxi")
    free_only: bool = False
    step_free: bool = False
    days: tuple[str, ...] = field(default_factory=tuple)  # subset of DAYS; empty: any day
    times_of_day: tuple[str, ...] = field(default_factory=tuple)  # subset of TIMES_OF_DAY
