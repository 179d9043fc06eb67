"""Times the commissioner dashboard at 40,000 sessions, cold (no cache).

PostgreSQL only, and only against a scratch database: it migrates the database
given by DATABASE_URL and fills it with fictional benchmark data.

    createdb genie_bench
    DATABASE_URL=postgres://localhost/genie_bench .venv/bin/python bench/dashboard.py

Prints the dashboard page's p95 under several filters as a multiple of the
trivial page's (an authenticated 404), so results compare across machines,
then each panel's time from the fact tables; BENCH_LIVE=1 adds the live
computation used before the facts (issue #18). BENCH_GROW=10 then measures
again with every fact copied to make ten times as many (each copy in its
original's block, so blocks grow as a service's do) and the cube of per-block
totals rebuilt from them, inside a transaction that is rolled back: an
estimate of the growth to 400,000 sessions without seeding them. Not part of
`make test`.
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genie.settings")
os.environ.setdefault("GENIE_SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("GENIE_HTTPS", "false")
os.environ["GENIE_ALLOWED_HOSTS"] = "testserver"
os.environ["GENIE_REQUIRE_TWO_FACTOR"] = "false"

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "40000"))
GROW = int(os.environ.get("BENCH_GROW", "0"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))
ORGANISATION = "Benchmark organisation (fictional)"


def main():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (see the docstring).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed()
    report()


def seed():
    """Participants with a first session and, for most, a follow-up, over two years."""
    from django.db import connection, transaction
    from django.utils import timezone

    from genie.models import (
        AgeBand,
        Condition,
        Gender,
        Organisation,
        Participant,
        Session,
        User,
        WellbeingMeasures,
    )

    if Session.objects.count() >= SESSIONS:
        return  # already at scale, e.g. filled by `manage.py seed_scale` (`make bench`)
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION)
    print(f"Seeding {SESSIONS} sessions...", flush=True)
    with transaction.atomic():
        Participant.objects.filter(organisation=organisation).delete()
        user, _ = User.objects.get_or_create(
            username="bench-facilitator", defaults={"organisation": organisation}
        )
        now = timezone.now()
        districts = [f"SO{n}" for n in range(14, 54)]
        ages, genders = AgeBand.values, Gender.values
        count = SESSIONS * 5 // 8  # 5 participants to every 3 follow-ups
        participants = [
            Participant(
                id=uuid.uuid4(),
                organisation=organisation,
                reference=f"BENCH-{i:06d}",
                postcode_district=districts[i % len(districts)],
                age_band=ages[i % len(ages)],
                gender=genders[i % len(genders)],
                other_conditions="" if i % 9 else "benchmark",
                consent_data_use=True,
                consent_recorded_at=now,
                consent_recorded_by=user,
            )
            for i in range(count)
        ]
        Participant.objects.bulk_create(participants, batch_size=5000)
        conditions = list(Condition.objects.all())
        if conditions:
            through = Participant.conditions.through
            through.objects.bulk_create(
                [
                    through(participant_id=p.id, condition_id=conditions[i % len(conditions)].id)
                    for i, p in enumerate(participants)
                ],
                batch_size=5000,
            )
        first = [
            Session(id=uuid.uuid4(), participant=p, facilitator=user, completed_at=now)
            for p in participants
        ]
        follow_ups = [
            Session(
                id=uuid.uuid4(),
                participant=first[i].participant,
                facilitator=user,
                kind=Session.Kind.FOLLOW_UP,
                previous=first[i],
                completed_at=now if i % 4 else None,
            )
            for i in range(SESSIONS - count)
        ]
        Session.objects.bulk_create(first + follow_ups, batch_size=5000)
        WellbeingMeasures.objects.bulk_create(
            [
                WellbeingMeasures(
                    session=session,
                    life_satisfaction=i % 11,
                    worthwhile=(i + 3) % 11,
                    happiness=(i + 5) % 11,
                    anxiety=(i + 7) % 11,
                    lack_companionship=i % 3 + 1,
                    left_out=(i + 1) % 3 + 1,
                    isolated=(i + 2) % 3 + 1,
                    ucla3_total=6,
                    direct_loneliness="occasionally",
                )
                for i, session in enumerate(first + follow_ups)
                if i % 3
            ],
            batch_size=5000,
        )
        # Spread start dates over two years (auto_now_add set them all to now).
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE genie_session SET started_at = started_at"
                " - (abs(hashtext(id::text)) %% 730) * interval '1 day'"
                " WHERE participant_id IN"
                " (SELECT id FROM genie_participant WHERE organisation_id = %s)",
                [organisation.pk],
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function, repeats=REPEATS) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report():
    """Cold dashboard pages (no cache) against the trivial page, both through
    the whole Django stack (middleware, sign-in, templates), as bench/load.py
    measures them over HTTP; then each panel from the fact tables; then, with
    BENCH_LIVE=1, the live computation the dashboard used before the facts
    (tests/evidence/live_*.py, kept as the tests' reference)."""
    from django.conf import settings
    from django.test import Client

    from evidence.areas import area_group_choices
    from evidence.facts import cube
    from evidence.facts.build import facts_rebuild
    from evidence.models import BlockCell, SessionFact
    from evidence.selectors import EvidenceFilter
    from evidence.services import area_groups_build
    from genie.models import Organisation, Session
    from tests.factories import commissioner

    settings.EVIDENCE_CACHE_SECONDS = 0  # cold: every page computed from the facts
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    sessions = Session.objects.count()
    if not area_group_choices():
        area_groups_build()
    if not SessionFact.objects.exists():
        start = time.perf_counter()
        facts_rebuild()
        print(f"evidence_rebuild: {time.perf_counter() - start:.1f} s")
    elif not BlockCell.objects.exists():
        cube.rebuild()
    groups = area_group_choices()
    organisation = Organisation.objects.filter(participants__isnull=False).order_by("name").first()
    filters = {
        "no filter": {},
        f"area {groups[0][1][:14]}": {"area": groups[0][0]},
        f"area {groups[len(groups) // 2][1][:14]}": {"area": groups[len(groups) // 2][0]},
        "organisation": {"organisation": organisation.pk},
        "one quarter": {"from_month": "2025-04", "to_month": "2025-06"},
    }
    user = commissioner(username=f"bench-commissioner-{uuid.uuid4().hex[:6]}")
    client = Client()
    client.force_login(user)
    print(
        f"{sessions} sessions, {SessionFact.objects.count()} facts,"
        f" cube {BlockCell.objects.count()} rows"
    )
    measure(client, filters)
    if os.environ.get("BENCH_LIVE") == "1":
        live(EvidenceFilter(), "no filter")
        live(EvidenceFilter(area=groups[0][0]), "area")
    if GROW > 1:
        grown(client, filters, GROW)


def grown(client, filters, factor):
    """``measure`` with ``factor`` times the facts, each copy in its original's
    block, and the cube (evidence.facts.cube, which the dashboard reads)
    rebuilt from them; rolled back afterwards (the copies' sessions do not
    exist, and the deferred foreign keys are never checked)."""
    from django.db import connection, transaction

    from evidence.facts import cube
    from evidence.models import BlockCell, CellValue, SessionFact

    with transaction.atomic():
        with connection.cursor() as cursor:
            columns = ", ".join(
                field.column
                for field in SessionFact._meta.concrete_fields
                if field.column != "session_id"
            )
            cursor.execute(
                f"INSERT INTO evidence_sessionfact (session_id, {columns})"  # noqa: S608
                f" SELECT md5(session_id::text || k::text)::uuid, {columns}"
                " FROM evidence_sessionfact, generate_series(1, %s) AS k",
                [factor - 1],
            )
            cursor.execute(
                "INSERT INTO evidence_factvalue (fact_id, facet, value)"
                " SELECT md5(fact_id::text || k::text)::uuid, facet, value"
                " FROM evidence_factvalue, generate_series(1, %s) AS k",
                [factor - 1],
            )
            start = time.perf_counter()
            cube.rebuild()
            rebuilt = time.perf_counter() - start
            cursor.execute("ANALYZE evidence_sessionfact")
            cursor.execute("ANALYZE evidence_factvalue")
            cursor.execute("ANALYZE evidence_blockcell")
            cursor.execute("ANALYZE evidence_cellvalue")
        print(
            f"grown {factor}x: {SessionFact.objects.count()} facts; cube rebuilt in"
            f" {rebuilt:.1f} s: {BlockCell.objects.count()} rows,"
            f" {CellValue.objects.count()} value rows, {_cube_units()} sessions counted"
        )
        measure(client, filters)
        transaction.set_rollback(True)
    with connection.cursor() as cursor:  # the copies' dead rows
        cursor.execute(
            "VACUUM ANALYZE evidence_sessionfact, evidence_factvalue,"
            " evidence_blockcell, evidence_cellvalue"
        )


def _cube_units() -> int:
    from django.db.models import Sum

    from evidence.models import BlockCell

    return BlockCell.objects.aggregate(n=Sum("sessions"))["n"] or 0


def measure(client, filters):
    """The pages' p95 against the trivial page's, then each panel's median."""
    from evidence.areas import one_reading
    from evidence.panels import PANELS
    from evidence.selectors import EvidenceFilter

    def trivial():
        assert client.get(f"/no-such-page-{uuid.uuid4()}/").status_code == 404

    trivial()
    base = p95(timed(trivial, REPEATS * 3))
    print(f"trivial page p95 {base * 1000:.1f} ms")
    print(f"{'dashboard, cold':<30} {'p50 ms':>9} {'p95 ms':>9} {'p95/trivial':>12}")
    worst = 0.0
    for label, query in filters.items():

        def page(q=query):
            assert client.get("/evidence/", q).status_code == 200

        times = timed(page)
        worst = max(worst, p95(times) / base)
        print(
            f"{label:<30} {statistics.median(times) * 1000:9.1f} {p95(times) * 1000:9.1f}"
            f" {p95(times) / base:12.1f}"
        )
    print(f"worst p95/trivial {worst:.1f} (target 5)")
    print(f"{'panel from facts':<22} {'ms':>9}")
    for panel in PANELS:

        def one(p=panel):
            with one_reading():
                p.selector(EvidenceFilter())

        print(f"{panel.slug:<22} {statistics.median(timed(one)) * 1000:9.1f}")


def live(evidence_filter, label):
    """The whole dashboard computed live, as before the facts (one run)."""
    from evidence.areas import one_reading
    from tests.evidence import live_demand, live_impact, live_selectors
    from tests.evidence.test_facts import LIVE

    start = time.perf_counter()
    with one_reading():
        for selector in LIVE.values():
            selector(evidence_filter)
        live_selectors.sessions_counted(evidence_filter)
        live_selectors.participants_total(evidence_filter)
        live_selectors.participants_followed_up(evidence_filter)
    assert live_demand and live_impact
    print(f"before (live computation), {label}: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
