"""Postcode sources: reading Code-Point Open / ONS Postcode Directory files and the
committed postcode-district gazetteer built from them.

The gazetteer (resources/data/postcode_districts.csv) is built by
scripts/build_gazetteer.py from Ordnance Survey Code-Point Open; see NOTICE.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path

from resources.osgb import osgb36_to_wgs84

GAZETTEER_PATH = Path(__file__).parent / "data" / "postcode_districts.csv"
# Northern Ireland postcodes need a separate (LPS) licence for most uses: never included.
EXCLUDED_AREAS = ("BT",)
# Code-Point Open quality 90: no coordinates for this postcode.
NO_COORDINATES = "90"


@dataclass(frozen=True)
class PostcodeRecord:
    postcode: str  # normalised "SO17 1BJ"
    latitude: float
    longitude: float


def normalise_postcode(value: str) -> str:
    """ "so171bj", "SO17  1BJ" -> "SO17 1BJ" (outward code, one space, inward code)."""
    compact = "".join((value or "").upper().split())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def _excluded(postcode: str) -> bool:
    return postcode.startswith(EXCLUDED_AREAS)


def read_codepoint_grid(lines: Iterable[str]) -> Iterator[tuple[str, float, float]]:
    """(postcode, easting, northing) for each placed GB row of a Code-Point Open CSV
    (no header; columns postcode, quality, easting, northing, ...)."""
    for row in csv.reader(lines):
        if len(row) < 4 or row[1].strip() == NO_COORDINATES:
            continue
        postcode = normalise_postcode(row[0])
        try:
            easting, northing = float(row[2]), float(row[3])
        except ValueError:
            continue  # a header row or a damaged line
        if not _excluded(postcode) and (easting or northing):
            yield postcode, easting, northing


def read_postcode_file(lines: Iterable[str]) -> Iterator[PostcodeRecord]:
    """Records from a Code-Point Open CSV (grid references) or an ONS Postcode
    Directory CSV (header row with pcds/pcd and lat/long columns)."""
    lines = iter(lines)
    first = next(lines, "")
    header = [name.strip().lower() for name in next(csv.reader([first]), [])]
    if "lat" in header and "long" in header:
        yield from _read_onspd(csv.DictReader(lines, fieldnames=header))
        return
    for postcode, easting, northing in read_codepoint_grid(chain([first], lines)):
        yield PostcodeRecord(postcode, *osgb36_to_wgs84(easting, northing))


def _read_onspd(rows) -> Iterator[PostcodeRecord]:
    for row in rows:
        postcode = normalise_postcode(row.get("pcds") or row.get("pcd") or "")
        try:
            latitude, longitude = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        # ONSPD marks postcodes without a grid reference with latitude 99.999999.
        if postcode and not _excluded(postcode) and latitude < 90:
            yield PostcodeRecord(postcode, latitude, longitude)


def open_text(path: Path) -> io.TextIOBase:
    return open(path, encoding="utf-8-sig", newline="")


@cache
def district_centroids() -> dict[str, tuple[float, float]]:
    """Outward code -> (latitude, longitude), read once per process."""
    with open_text(GAZETTEER_PATH) as handle:
        return {
            row["district"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }
