"""Times the commissioner dashboard's selectors at 40,000 sessions.

PostgreSQL only, and only against a scratch database: it migrates the database
given by DATABASE_URL and fills it with fictional benchmark data.

    createdb genie_bench
    DATABASE_URL=postgres://localhost/genie_bench .venv/bin/python bench/dashboard.py

Prints each panel's median time and its ratio to a trivial query (a primary-key
lookup), so results compare across machines. Not part of `make test`.
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

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "40000"))
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


def timed(function) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report():
    from evidence.areas import area_group_choices, one_reading
    from evidence.panels import PANELS, build_tables, headline
    from evidence.selectors import EvidenceFilter
    from evidence.services import area_groups_build
    from genie.models import Session

    some_id = Session.objects.values_list("pk", flat=True).first()
    trivial = timed(lambda: Session.objects.filter(pk=some_id).exists())
    if not area_group_choices():
        area_groups_build()
    first_group = area_group_choices()[0][0]
    filters = {
        "no filter": EvidenceFilter(),
        f"area {first_group}": EvidenceFilter(area=first_group),
    }
    print(f"{Session.objects.count()} sessions; trivial query {trivial * 1000:.2f} ms")
    print(f"{'panel':<22} {'filter':<10} {'ms':>9} {'× trivial':>10}")
    for label, evidence_filter in filters.items():
        for panel in PANELS:

            def one(p=panel, f=evidence_filter):
                with one_reading():
                    p.selector(f)

            seconds = timed(one)
            print(f"{panel.slug:<22} {label:<10} {seconds * 1000:9.1f} {seconds / trivial:10.0f}")

        def whole(f=evidence_filter):
            with one_reading():
                headline(f, build_tables(f))

        seconds = timed(whole)
        print(
            f"{'whole dashboard':<22} {label:<10} {seconds * 1000:9.1f} {seconds / trivial:10.0f}"
        )


if __name__ == "__main__":
    main()
