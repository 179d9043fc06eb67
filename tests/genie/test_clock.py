"""12-hour times as people say them, for plans and listings participants read."""

from datetime import time

import pytest

from genie.clock import clock, clock_span


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (time(10), "10am"),
        (time(14), "2pm"),
        (time(14, 30), "2:30pm"),
        (time(9, 5), "9:05am"),
        (time(12), "12 noon"),
        (time(12, 15), "12:15pm"),
        (time(0), "midnight"),
        (time(0, 30), "12:30am"),
        (time(23, 59), "11:59pm"),
    ],
)
def test_clock(value, said):
    assert clock(value) == said


def test_clock_span():
    assert clock_span(time(10), time(11, 30)) == "10am to 11:30am"
    assert clock_span(time(18, 30), None) == "from 6:30pm"
    assert clock_span(None, None) == ""
