"""Times a 10,000-row CSV import and a 10,000-service Open Referral UK v1 feed like a
council's (HTML descriptions, regular_schedules, no coordinates): dry run, commit,
re-import, on a throwaway database.

Run: .venv/bin/python bench/import_10k.py   (not part of `make test`)
Prints seconds per step and rows per second; the bar is "well under a minute".
"""

import json
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


def directory_json(rows: int) -> bytes:
    services = [
        {
            "id": f"s{n}",
            "name": f"Group {n}",
            "description": "<h4>About</h4><p>A friendly group&nbsp;that meets.</p><p><br></p>",
            "status": "active",
            "fees": "Free" if n % 2 else "£2 a session",
            "attending_type": "Online" if n % 10 == 0 else "Venue",
            "pc_metadata": {"pc_id": n},
            "organization": {"id": f"o{n % 500}", "name": f"Organisation {n % 500}"},
            "regular_schedules": [
                {"weekday": "Tuesday", "opens_at": "10:00", "closes_at": "11:00"}
            ],
            "service_taxonomys": [{"taxonomy": {"id": "esd:1", "name": "Physical activity"}}],
            "service_at_locations": []
            if n % 10 == 0
            else [
                {
                    "location": {
                        "id": f"l{n}",
                        "physical_addresses": [
                            {"address_1": f"{n} High St", "postal_code": f"SO{14 + n % 6}"}
                        ],
                        "accessibility_for_disabilities": [{"accessibility": "Step-free access"}],
                    }
                }
            ],
        }
        for n in range(rows)
    ]
    return json.dumps({"totalElements": rows, "content": services}).encode()


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
        locator = DistrictLocator()
        for label, content in (("CSV", directory_csv(ROWS)), ("ORUK v1", directory_json(ROWS))):
            print(label)
            source = f"bench {label}"
            args = {"content": content, "source": source, "locator": locator}
            plan = timed(
                "dry run (empty)", lambda args=args: openreferral_services.import_plan(**args)
            )
            assert len(plan.create) == ROWS, plan.summary()
            commit = {**args, "filename": "bench", "user": None}
            timed(
                "commit", lambda commit=commit: openreferral_services.import_file_commit(**commit)
            )
            again = timed(
                "dry run (re-import)", lambda args=args: openreferral_services.import_plan(**args)
            )
            assert again.unchanged == ROWS, again.summary()
            timed(
                "commit (no changes)",
                lambda commit=commit: openreferral_services.import_file_commit(**commit),
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
