"""Distances as people read them: one unit everywhere, miles unless DISTANCE_UNIT says km.

Distances are stored and computed in kilometres; these helpers convert them for
forms and words. ``settings.DISTANCE_UNIT`` ("miles" or "km", from the
GENIE_DISTANCE_UNIT environment variable) chooses the unit for the whole site.
"""

from django.conf import settings

KM_PER_MILE = 1.609344
MILES, KM = "miles", "km"


def distance_unit() -> str:
    return KM if getattr(settings, "DISTANCE_UNIT", MILES) == KM else MILES


def to_km(value: float, unit: str | None = None) -> float:
    """A distance in the site's unit (or ``unit``) as kilometres."""
    return value if (unit or distance_unit()) == KM else value * KM_PER_MILE


def from_km(km: float, unit: str | None = None) -> float:
    """Kilometres in the site's unit (or ``unit``)."""
    return km if (unit or distance_unit()) == KM else km / KM_PER_MILE


def unit_label(value: float, unit: str | None = None) -> str:
    """ "1 mile", "2.5 miles", "3 km"."""
    unit = unit or distance_unit()
    number = f"{value:g}"
    if unit == KM:
        return f"{number} km"
    return f"{number} mile" if number == "1" else f"{number} miles"


def format_distance(km: float, unit: str | None = None) -> str:
    """A distance in words, to a tenth below ten and whole numbers above:
    "0.4 miles", "1 mile", "12 miles"; never less than a tenth ("0.1 miles")."""
    value = from_km(km, unit)
    value = round(value) if value >= 10 else max(0.1, round(value, 1))
    return unit_label(value, unit)
