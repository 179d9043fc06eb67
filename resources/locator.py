"""Turning postcodes into coordinates: the PostcodeLocator interface.

default_locator() tries, in order: the full-postcode table (if an installation
loaded one with `manage.py load_postcodes`), the offline postcode-district
gazetteer shipped with Genie, and an online geocoder if settings.GEOCODER names one.
"""

import hashlib
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache

from genie.postcodes import FULL, outward_code
from resources.gazetteer import district_centroids, normalise_postcode

UNPLACEABLE_MESSAGE = (
    "We could not find “{postcode}” on the map. Check the postcode, or enter just the "
    "first half (for example SO17)."
)


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


class DistrictLocator:
    """The postcode district's centroid from the committed gazetteer (offline)."""

    def locate(self, postcode: str) -> Point | None:
        district = outward_code(postcode)
        centre = district_centroids().get(district) if district else None
        return Point(*centre, precision="district") if centre else None


class FullPostcodeLocator:
    """A unit postcode from the optional table that `manage.py load_postcodes` fills."""

    def locate(self, postcode: str) -> Point | None:
        from resources.models import PostcodeCentroid

        cleaned = normalise_postcode(postcode)
        if not FULL.match(cleaned):
            return None
        row = PostcodeCentroid.objects.filter(postcode=cleaned).first()
        return Point(row.latitude, row.longitude, precision="postcode") if row else None


class GeocoderLocator:
    """An online geocoder through geopy, for listing addresses the tables cannot place.

    Rate-limited (Nominatim allows one request a second), cached, with a timeout;
    a failure is treated as "cannot place", never raised at a user.
    """

    CACHE_SECONDS = 60 * 60 * 24 * 30

    def __init__(self, name: str, *, user_agent: str, timeout: float):
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        geocoder = get_geocoder_for_service(name)(user_agent=user_agent, timeout=timeout)
        self._geocode = RateLimiter(
            # No retries: a listing that cannot be placed now is saved as "needs location".
            geocoder.geocode,
            min_delay_seconds=1,
            max_retries=0,
            swallow_exceptions=True,
        )
        self.name = name

    def locate(self, postcode: str) -> Point | None:
        return self.locate_address(normalise_postcode(postcode))

    def locate_address(self, address: str) -> Point | None:
        query = " ".join(address.split())
        if not query:
            return None
        digest = hashlib.sha256(query.lower().encode()).hexdigest()
        key = f"geocoder:{self.name}:{digest}"
        cached = cache.get(key)
        if cached is None:
            location = self._geocode(query, country_codes="gb")
            # Cache misses too (""), so an unknown address is not asked again and again.
            cached = (location.latitude, location.longitude) if location else ""
            cache.set(key, cached, self.CACHE_SECONDS)
        return Point(*cached, precision="geocoder") if cached else None


class ChainLocator:
    """The first locator that can place the postcode wins."""

    def __init__(self, *locators: PostcodeLocator):
        self.locators = locators

    def locate(self, postcode: str) -> Point | None:
        for locator in self.locators:
            point = locator.locate(postcode)
            if point:
                return point
        return None


def geocoder() -> GeocoderLocator | None:
    if not settings.GEOCODER:
        return None
    return GeocoderLocator(
        settings.GEOCODER,
        user_agent=settings.GEOCODER_USER_AGENT,
        timeout=settings.GEOCODER_TIMEOUT,
    )


def default_locator() -> PostcodeLocator:
    """The locator the app uses: full postcodes, then the offline gazetteer, then online."""
    online = geocoder()
    return ChainLocator(FullPostcodeLocator(), DistrictLocator(), *([online] if online else []))
