"""Benchmark: Stage 3 matching at 1,000 and 100,000 listings.

    .venv/bin/python bench/matching.py                  # embedded SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/matching.py

Works in a scratch database (Django's test database: created, then dropped),
never the real one. The participant lives in SO17, which has the same 150
listings nearby in both runs; the rest of the directory (850, then 99,850) is
spread over the rest of Great Britain in proportion to each postcode district's
number of postcodes (a stand-in for population). So the question is the one
that matters for a national directory: does matching slow down as the *rest of
the country* fills up? Prints the median time to rank and load one page of
results at each size, and their ratio (target <= 1.5: the bounding box on the
indexed coordinates means only nearby listings are ever read).

Time still grows with the number of listings *near* the participant, which a
dense city shows: so the last line adds DENSE listings within 10 miles of SO17 to
the 100,000 and times the page at 10 miles (as bench/load.py's "filter" step
asks), with days and times asked, for every category and for one (#21).
``BENCH_PROFILE=1`` adds a cProfile of that case.
"""

import cProfile
import csv
import os
import pstats
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from genie.models import Category  # noqa: E402
from questionnaire.constraints import TravelConstraints  # noqa: E402
from resources.gazetteer import GAZETTEER_PATH, district_centroids, open_text  # noqa: E402
from resources.geo import haversine_km  # noqa: E402
from resources.locator import DistrictLocator  # noqa: E402
from resources.models import (  # noqa: E402
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from resources.selectors import (  # noqa: E402
    PAGE_SIZE,
    MatchCriteria,
    load_match_details,
    match_resources,
)

SIZES = [1_000, 100_000]
BATCH = 5_000
RUNS = 15
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]


LOCAL = 150
HOME = "SO17"
DENSE = 3_000
DENSE_KM = 16.09  # 10 miles
OPENS = [None, clock_time(10), clock_time(14), clock_time(18, 30)]


def district_weights():
    """Districts more than 25 km from the participant, weighted by postcodes."""
    home = district_centroids()[HOME]
    with open_text(GAZETTEER_PATH) as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if haversine_km(*home, float(row["latitude"]), float(row["longitude"])) > 25
        ]
    return [row["district"] for row in rows], [int(row["postcodes"]) for row in rows]


def places(count: int, rng: random.Random, have: int) -> list[tuple[str, float, float]]:
    """Where the next ``count`` listings go: the first LOCAL within 5 km of home."""
    centroids = district_centroids()
    districts, weights = district_weights()
    result = []
    for index in range(have, have + count):
        if index < LOCAL:
            district, (lat, lng), spread = HOME, centroids[HOME], 0.035
        else:
            district = rng.choices(districts, weights)[0]
            (lat, lng), spread = centroids[district], 0.02
        result.append(
            (district, lat + rng.uniform(-spread, spread), lng + rng.uniform(-spread, spread) * 1.5)
        )
    return result


def seed(total: int, rng: random.Random) -> None:
    """Top the directory up to ``total`` listings with bulk inserts."""
    have = ServiceAtLocation.objects.count()
    categories = list(Category.objects.all())
    organization, _ = Organization.objects.get_or_create(name="Benchmark organisation")
    through = Service.categories.through
    for start in range(have, total, BATCH):
        count = min(BATCH, total - start)
        picked = places(count, rng, start)
        services = [
            Service(
                organization=organization,
                name=f"Listing {start + i}",
                is_free=rng.random() < 0.5,
                # A few dozen national services in a national directory.
                national=rng.random() < 0.0005,
            )
            for i in range(count)
        ]
        locations = []
        for district, lat, lng in picked:
            locations.append(
                Location(
                    name=district,
                    postcode_district=district,
                    latitude=lat,
                    longitude=lng,
                    step_free_access=rng.random() < 0.7,
                )
            )
        Service.objects.bulk_create(services)
        Location.objects.bulk_create(locations)
        sals = ServiceAtLocation.objects.bulk_create(
            ServiceAtLocation(service=s, location=loc)
            for s, loc in zip(services, locations, strict=True)
        )
        through.objects.bulk_create(
            through(service_id=s.pk, category_id=c.pk)
            for s in services
            for c in rng.sample(categories, k=rng.choice([1, 1, 2]))
        )
        Schedule.objects.bulk_create(
            Schedule(service=s, service_at_location=sal, byday=rng.choice(DAYS))
            for s, sal in zip(services, sals, strict=True)
        )


def seed_dense(rng: random.Random) -> None:
    """DENSE more listings spread evenly over the square round SO17's 10 miles,
    with known times for most (the city a facilitator in London would see)."""
    lat, lng = district_centroids()[HOME]
    dlat = DENSE_KM / 111.32
    dlng = dlat / 0.63
    categories = list(Category.objects.all())
    organization = Organization.objects.get(name="Benchmark organisation")
    services = [
        Service(organization=organization, name=f"Dense {i}", is_free=rng.random() < 0.5)
        for i in range(DENSE)
    ]
    locations = [
        Location(
            name=HOME,
            postcode_district=HOME,
            latitude=lat + rng.uniform(-dlat, dlat),
            longitude=lng + rng.uniform(-dlng, dlng),
            step_free_access=rng.random() < 0.7,
        )
        for _ in range(DENSE)
    ]
    Service.objects.bulk_create(services)
    Location.objects.bulk_create(locations)
    sals = ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=s, location=loc)
        for s, loc in zip(services, locations, strict=True)
    )
    through = Service.categories.through
    through.objects.bulk_create(
        through(service_id=s.pk, category_id=c.pk)
        for s in services
        for c in rng.sample(categories, k=rng.choice([1, 1, 2]))
    )
    Schedule.objects.bulk_create(
        Schedule(
            service=s, service_at_location=sal, byday=rng.choice(DAYS), opens_at=rng.choice(OPENS)
        )
        for s, sal in zip(services, sals, strict=True)
    )


def time_page(criteria=None) -> tuple[float, int]:
    """Median seconds to rank and load the first page, and how many local matches."""
    origin = DistrictLocator().locate(HOME)
    criteria = criteria or MatchCriteria(
        interests={"physical-activity": 0.9, "social-friendship": 0.6, "arts-crafts-music": 0.3},
        constraints=TravelConstraints(days=("TU", "WE", "TH")),
        radius_km=5,
    )
    names = dict(Category.objects.values_list("code", "name"))
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        results = match_resources(criteria=criteria, origin=origin)
        load_match_details(results.local[:PAGE_SIZE] + results.national, categories=names)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(results.local)


def dense(rng: random.Random) -> None:
    """The dense city: DENSE more listings within 10 miles, the page at 10 miles."""
    from django.db import connection

    seed_dense(rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    asked = MatchCriteria(
        interests={"physical-activity": 0.9, "social-friendship": 0.6, "arts-crafts-music": 0.3},
        constraints=TravelConstraints(days=("TU", "WE", "TH"), times_of_day=("morning",)),
        radius_km=DENSE_KM,
    )
    one = replace(asked, category="physical-activity")
    for label, criteria in [("every category", asked), ("one category", one)]:
        seconds, matches = time_page(criteria)
        print(
            f"dense, 10 miles, {label}: {seconds * 1000:7.2f} ms per page ({matches} local "
            f"matches of {ServiceAtLocation.objects.count():,} listings)"
        )
    if os.environ.get("BENCH_PROFILE"):
        profile = cProfile.Profile()
        profile.runcall(time_page, asked)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


def main() -> None:
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from django.db import connection

        print(f"Matching benchmark on {connection.vendor}, around SO17, 5 km, {RUNS} runs each")
        rng = random.Random(2026)
        measured = {}
        for size in SIZES:
            started = time.perf_counter()
            seed(size, rng)
            # Fresh planner statistics, as autovacuum (or SQLite's optimize) would keep them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            seeded = time.perf_counter() - started
            seconds, matches = time_page()
            measured[size] = seconds
            print(
                f"{size:>7,} listings: {seconds * 1000:7.2f} ms per page "
                f"({matches} local matches; seeded in {seeded:.1f} s)"
            )
        ratio = measured[SIZES[-1]] / measured[SIZES[0]]
        verdict = "within" if ratio <= 1.5 else "OVER"
        print(f"ratio {SIZES[-1]:,} / {SIZES[0]:,}: {ratio:.2f}x ({verdict} the 1.5x target)")
        dense(rng)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
