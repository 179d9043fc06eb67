"""Turning postcodes into coordinates: the PostcodeLocator interface."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    precision: str  # "postcode" (unit), "district" (outward-code centroid) or "geocoder"


class PostcodeLocator(Protocol):
    def locate(self, postcode: str) -> Point | None:
        """Coordinates for a full or outward postcode, or None if it cannot be placed."""


class NullLocator:
    def locate(self, postcode: str) -> Point | None:
        return None


def default_locator() -> PostcodeLocator:
    """The locator the app uses: the offline gazetteer first (see Stage 3)."""
    return NullLocator()
