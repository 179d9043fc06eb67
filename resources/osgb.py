"""British National Grid (OSGB36 eastings/northings) to WGS84 latitude/longitude.

Code-Point Open and the ONS Postcode Directory give grid references; maps and
haversine want WGS84. This follows Ordnance Survey's "A guide to coordinate
systems in Great Britain" (inverse transverse Mercator, then a 7-parameter
Helmert shift). The Helmert step is good to about 5 m, far finer than the
postcode centroids it converts, and it keeps pyproj/PROJ out of the app.
"""

from math import atan2, cos, degrees, radians, sin, sqrt, tan

# Airy 1830 ellipsoid and the National Grid projection.
AIRY_A, AIRY_B = 6377563.396, 6356256.909
F0 = 0.9996012717
LAT0, LON0 = radians(49), radians(-2)
N0, E0 = -100000.0, 400000.0
# GRS80 (WGS84) ellipsoid.
GRS_A, GRS_B = 6378137.000, 6356752.3141
# OSGB36 -> WGS84 Helmert parameters (metres, ppm, arc-seconds).
TX, TY, TZ = 446.448, -125.157, 542.060
S_PPM = -20.4894
RX, RY, RZ = 0.1502, 0.2470, 0.8421


def _grid_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    a, b = AIRY_A, AIRY_B
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    lat = LAT0
    m = 0.0
    while True:
        lat = (northing - N0 - m) / (a * F0) + lat
        dl, sl = lat - LAT0, lat + LAT0
        m = (
            b
            * F0
            * (
                (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * dl
                - (3 * n + 3 * n**2 + 21 / 8 * n**3) * sin(dl) * cos(sl)
                + (15 / 8 * n**2 + 15 / 8 * n**3) * sin(2 * dl) * cos(2 * sl)
                - 35 / 24 * n**3 * sin(3 * dl) * cos(3 * sl)
            )
        )
        if abs(northing - N0 - m) < 0.00001:
            break
    sin_lat, cos_lat, tan_lat = sin(lat), cos(lat), tan(lat)
    nu = a * F0 / sqrt(1 - e2 * sin_lat**2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    sec = 1 / cos_lat
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * tan_lat**2 + eta2 - 9 * tan_lat**2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * tan_lat**2 + 45 * tan_lat**4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * tan_lat**2)
    xii = sec / (120 * nu**5) * (5 + 28 * tan_lat**2 + 24 * tan_lat**4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * tan_lat**2 + 1320 * tan_lat**4 + 720 * tan_lat**6)
    de = easting - E0
    return (
        lat - vii * de**2 + viii * de**4 - ix * de**6,
        LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7,
    )


def _to_cartesian(lat, lon, a, b):
    e2 = 1 - (b * b) / (a * a)
    nu = a / sqrt(1 - e2 * sin(lat) ** 2)
    return nu * cos(lat) * cos(lon), nu * cos(lat) * sin(lon), (1 - e2) * nu * sin(lat)


def _latitude_from_cartesian(x, y, z, a, b):
    e2 = 1 - (b * b) / (a * a)
    p = sqrt(x * x + y * y)
    lat = atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / sqrt(1 - e2 * sin(lat) ** 2)
        lat = atan2(z + e2 * nu * sin(lat), p)
    return lat


def osgb36_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(latitude, longitude) in WGS84 degrees for a National Grid easting/northing."""
    lat, lon = _grid_to_osgb36(easting, northing)
    x, y, z = _to_cartesian(lat, lon, AIRY_A, AIRY_B)
    s = S_PPM * 1e-6
    rx, ry, rz = (radians(r / 3600) for r in (RX, RY, RZ))
    x2 = TX + (1 + s) * x - rz * y + ry * z
    y2 = TY + rz * x + (1 + s) * y - rx * z
    z2 = TZ - ry * x + rx * y + (1 + s) * z
    lat = _latitude_from_cartesian(x2, y2, z2, GRS_A, GRS_B)
    return degrees(lat), degrees(atan2(y2, x2))
