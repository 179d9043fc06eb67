"""Times a 10,000-row CSV import (dry run, commit, re-import) on a throwaway database.

Run: .venv/bin/python bench/import_10k.py   (not part of `make test`)
Prints seconds per step and rows per second; the bar is "well under a minute".
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genie.settings")
os.environ.setdefault("GENIE_DEBUG", "true")  # a throwaway test database, not production

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from resources.locator import Point  # noqa: E402
from resources.openreferral import services as openreferral_services  # noqa: E402
from resources.openreferral.records import CSV_COLUMNS  # noqa: E402

ROWS = 10_000


class DistrictLocator:
    def locate(self, postcode):
        return Point(50.9, -1.4, "district") if postcode else None


def directory_csv(rows: int) -> bytes:
    lines = [",".join(CSV_COLUMNS)]
    for n in range(rows):
        values = dict.fromkeys(CSV_COLUMNS, "")
        values |= {
            "service_id": f"s{n}",
            "service_name": f"Group {n}",
            "service_description": "A friendly group that meets every week.",
            "categories": "physical-activity; social-friendship",
            "schedules": "MO 10:00-11:30; 2TU 14:00-15:00",
            "organization_id": f"o{n % 500}",
            "organization_name": f"Organisation {n % 500}",
            "location_id": f"l{n}",
            "address_1": f"{n} High Street",
            "postcode": f"SO{14 + n % 6} {n % 9}AB",
        }
        lines.append(",".join(values[column] for column in CSV_COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def timed(label, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:6.2f} s   {ROWS / seconds:8.0f} rows/s")
    return result


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        content = directory_csv(ROWS)
        locator = DistrictLocator()
        args = {"content": content, "source": "bench", "locator": locator}
        plan = timed("dry run (empty database)", lambda: openreferral_services.import_plan(**args))
        assert len(plan.create) == ROWS
        commit = {**args, "filename": "bench.csv", "user": None}
        timed("commit", lambda: openreferral_services.import_file_commit(**commit))
        again = timed("dry run (re-import)", lambda: openreferral_services.import_plan(**args))
        assert again.unchanged == ROWS, again.summary()
        timed("commit (no changes)", lambda: openreferral_services.import_file_commit(**commit))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
