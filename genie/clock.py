"""Times of day as people say and read them: "2pm", "10:30am", "12 noon".

Plans and listings are read by participants, many of them older, so Genie writes
12-hour times in the style of the GOV.UK and NHS content guides rather than
"14:00".
"""

from datetime import time


def clock(value: time) -> str:
    """10:00 -> "10am", 14:30 -> "2:30pm", 12:00 -> "12 noon", 00:00 -> "midnight"."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def clock_span(opens: time | None, closes: time | None) -> str:
    """ "10am to 11:30am", "from 2pm", or "" when the times are not known."""
    if opens and closes:
        return f"{clock(opens)} to {clock(closes)}"
    if opens:
        return f"from {clock(opens)}"
    return ""
