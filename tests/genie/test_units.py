"""One distance unit everywhere: miles by default, kilometres by setting."""

from datetime import time

import pytest

from genie.clock import clock
from genie.units import format_distance, from_km, to_km, unit_label


@pytest.mark.parametrize(
    ("km", "miles", "kilometres"),
    [
        (0.01, "0.1 miles", "0.1 km"),  # never "less than 100 metres", never 0
        (1.609344, "1 mile", "1.6 km"),
        (4.8, "3 miles", "4.8 km"),
        (20, "12 miles", "20 km"),
    ],
)
def test_format_distance(settings, km, miles, kilometres):
    assert format_distance(km) == miles
    settings.DISTANCE_UNIT = "km"
    assert format_distance(km) == kilometres


def test_conversions_round_trip(settings):
    assert round(to_km(3), 2) == 4.83 and round(from_km(to_km(3)), 6) == 3
    assert unit_label(2.5) == "2.5 miles"
    settings.DISTANCE_UNIT = "km"
    assert to_km(3) == 3 and unit_label(1) == "1 km"


@pytest.mark.parametrize(
    ("value", "text"),
    [(time(10), "10am"), (time(14, 30), "2:30pm"), (time(12), "12 noon"), (time(0, 15), "12:15am")],
)
def test_clock_is_twelve_hour(value, text):
    assert clock(value) == text
