"""UK postcodes: we keep only the outward code (the postcode district)."""

import re

# Outward code: area letters, district digit, optional digit or letter (e.g. SO17, W1A, EC1V).
OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# A full postcode: outward code, then sector digit and unit letters (e.g. SO17 1BJ).
FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def outward_code(value: str) -> str | None:
    """The postcode district of a full or outward postcode, or None if it is not one."""
    cleaned = " ".join((value or "").upper().split())
    if OUTWARD.match(cleaned):
        return cleaned
    match = FULL.match(cleaned)
    return match.group(1) if match else None
