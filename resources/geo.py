"""Distances on the Earth's surface, enough for ranking places a few miles apart."""

from math import asin, cos, radians, sin, sqrt

from resources.locator import Point

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = 111.32


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    dlat, dlng = radians(lat2 - lat1), radians(lng2 - lng1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def bounding_box(origin: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lng, max lng) enclosing the circle, for the indexed prefilter."""
    dlat = radius_km / KM_PER_DEGREE_LATITUDE
    dlng = radius_km / (KM_PER_DEGREE_LATITUDE * max(cos(radians(origin.latitude)), 0.01))
    return (
        origin.latitude - dlat,
        origin.latitude + dlat,
        origin.longitude - dlng,
        origin.longitude + dlng,
    )
