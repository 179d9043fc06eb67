"""Fill a scratch database with production-scale fictional data for benchmarks.

    DATABASE_URL=postgres://... .venv/bin/python manage.py seed_scale            # full scale
    DATABASE_URL=postgres://... .venv/bin/python manage.py seed_scale --scale 0.1
    .venv/bin/python manage.py seed_scale --small                              # SQLite, tiny

At --scale 1: 50 organisations, 500 facilitators, 20,000 participants, 40,000
sessions (a baseline each, a follow-up for every participant) with networks of
about 12 members, questionnaire answers on the active version, practical
constraints, chosen activities and wellbeing measures; and 100,000 resource
listings over Great Britain's postcode districts, weighted by each district's
number of postcodes. Deterministic: the same --seed gives the same rows.

Every seeded user's password is ``SCALE_PASSWORD`` (a scratch database only);
facilitators are ``scale-facilitator-000`` .. and the commissioner is
``scale-commissioner``. Rows are written with bulk inserts in batches, a chunk
of participants at a time, so memory stays flat and a full run takes minutes.
"""

import csv
import itertools
import random
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from evidence.facts.build import facts_rebuild
from evidence.services import area_groups_build
from genie import roles
from genie.models import (
    AgeBand,
    Category,
    Condition,
    Gender,
    Organisation,
    Participant,
    Session,
    Stage,
    User,
    WellbeingMeasures,
)
from mapping.models import (
    CIRCLE_ORDER,
    ContactFrequency,
    DroppedActivity,
    MemberKind,
    NetworkMember,
    NetworkSnapshot,
)
from questionnaire.models import PracticalConstraints, Questionnaire, Response
from resources.gazetteer import GAZETTEER_PATH, open_text
from resources.models import (
    ChosenActivity,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)

SCALE_PASSWORD = "scale-benchmark-password"  # noqa: S105 (scratch databases only)
SOURCE = "seed_scale"
BATCH = 5_000
CHUNK = 1_000  # participants written per transaction
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LABELS = ["Ann", "Bob", "Cara", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lee"]


@contextmanager
def keep_given_dates(*fields):
    """Let bulk inserts keep the spread-out dates we give instead of "now"."""
    saved = [(field, field.auto_now_add, field.auto_now) for field in fields]
    for field, *_ in saved:
        field.auto_now_add = field.auto_now = False
    try:
        yield
    finally:
        for field, add, now in saved:
            field.auto_now_add, field.auto_now = add, now


def districts():
    """(district, latitude, longitude, postcodes) for every district in the gazetteer."""
    with open_text(GAZETTEER_PATH) as handle:
        return [
            (
                row["district"],
                float(row["latitude"]),
                float(row["longitude"]),
                int(row["postcodes"]),
            )
            for row in csv.DictReader(handle)
        ]


class Command(BaseCommand):
    help = "Fill a scratch PostgreSQL database with production-scale fictional data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of full scale.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--small", action="store_true", help="Allow SQLite (use with a small --scale)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="First delete every organisation, participant, user and listing (scratch only).",
        )

    def handle(self, *args, scale, seed, small, reset, **options):
        if connection.vendor != "postgresql" and not small:
            raise CommandError("seed_scale needs PostgreSQL (DATABASE_URL); --small allows SQLite.")
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        if reset:
            self.reset()
        elif Participant.objects.exists() or ServiceAtLocation.objects.exists():
            raise CommandError("The database already has data; use --reset on a scratch database.")
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.gazetteer = districts()
        self.centroids = {d: (lat, lng) for d, lat, lng, _ in self.gazetteer}
        counts = {
            "organisations": max(1, round(50 * scale)),
            "facilitators": max(1, round(500 * scale)),
            "participants": max(1, round(20_000 * scale)),
            "listings": max(1, round(100_000 * scale)),
        }
        started = timezone.now()
        listings_by_district = self.seed_listings(counts["listings"])
        self.stdout.write(f"{counts['listings']:,} listings")
        organisations, facilitators = self.seed_staff(counts)
        self.seed_participants(
            counts["participants"], organisations, facilitators, listings_by_district
        )
        groups = area_groups_build()  # the fixed area groups commissioners filter by
        self.stdout.write(f"{groups:,} area groups")
        # Bulk inserts send no signals: the dashboard's facts are built once here.
        self.stdout.write(f"{facts_rebuild():,} sessions' evidence facts")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would keep
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {Session.objects.count():,} sessions and "
                f"{NetworkMember.objects.count():,} network members in {seconds:.0f} s"
            )
        )

    def reset(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Checks still deferred in an open transaction would block TRUNCATE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # CASCADE reaches users, participants, sessions and everything under them.
                cursor.execute("TRUNCATE genie_organisation, resources_organization CASCADE")
        else:
            for model in (ChosenActivity, ServiceAtLocation, Organization, Participant):
                model.objects.all().delete()
        User.objects.filter(username__startswith="scale-").delete()
        Organisation.objects.filter(name__startswith="Scale organisation").delete()

    # --- listings ---------------------------------------------------------------------

    def seed_listings(self, total):
        """Services, each at one location with a schedule; returns listing ids by district."""
        rng = self.rng
        names = [d for d, *_ in self.gazetteer]
        weights = list(itertools.accumulate(n for *_, n in self.gazetteer))
        categories = list(Category.objects.values_list("pk", flat=True))
        through = Service.categories.through
        by_district = {}
        organizations = [
            Organization(name=f"Scale provider {i:05d} (fictional)", source=SOURCE)
            for i in range(max(1, total // 20))
        ]
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
        for start in range(0, total, BATCH):
            with transaction.atomic():
                count = min(BATCH, total - start)
                services, locations, sals, links, schedules = [], [], [], [], []
                for index in range(start, start + count):
                    district = rng.choices(names, cum_weights=weights)[0]
                    lat, lng = self.centroids[district]
                    organization = organizations[index % len(organizations)]
                    service = Service(
                        id=uuid.uuid4(),
                        organization=organization,
                        name=f"Scale activity {index:06d}",
                        description="A friendly weekly group (fictional benchmark data).",
                        is_free=rng.random() < 0.5,
                        national=rng.random() < 0.0005,
                        last_reviewed=self.now.date() - timedelta(days=rng.randrange(700)),
                        source=SOURCE,
                    )
                    location = Location(
                        id=uuid.uuid4(),
                        organization=organization,
                        name=f"{district} community centre",
                        address_1=f"{index % 200 + 1} High Street",
                        postal_code=f"{district} 1AA",
                        postcode_district=district,
                        latitude=lat + rng.uniform(-0.02, 0.02),
                        longitude=lng + rng.uniform(-0.03, 0.03),
                        placement=Location.Placement.DISTRICT,
                        step_free_access=rng.random() < 0.7,
                        source=SOURCE,
                    )
                    sal = ServiceAtLocation(id=uuid.uuid4(), service=service, location=location)
                    services.append(service)
                    locations.append(location)
                    sals.append(sal)
                    links += [
                        through(service_id=service.pk, category_id=category)
                        for category in rng.sample(categories, k=rng.choice([1, 1, 2]))
                    ]
                    opens = rng.choice([9, 10, 13, 14, 18])
                    schedules.append(
                        Schedule(
                            service=service,
                            service_at_location=sal,
                            byday=rng.choice(DAYS),
                            opens_at=f"{opens:02d}:00",
                            closes_at=f"{opens + 1:02d}:30",
                            source=SOURCE,
                        )
                    )
                    by_district.setdefault(district, []).append(sal.pk)
                Service.objects.bulk_create(services, batch_size=BATCH)
                Location.objects.bulk_create(locations, batch_size=BATCH)
                ServiceAtLocation.objects.bulk_create(sals, batch_size=BATCH)
                through.objects.bulk_create(links, batch_size=BATCH)
                Schedule.objects.bulk_create(schedules, batch_size=BATCH)
        return by_district

    # --- staff ------------------------------------------------------------------------

    def seed_staff(self, counts):
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
        password = make_password(SCALE_PASSWORD)  # hashed once: hashing is slow by design
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Scale organisation {i:02d} (fictional)",
                contact_details=f"Call 0100 000 {i:04d}",
            )
            for i in range(counts["organisations"])
        )
        facilitators = User.objects.bulk_create(
            User(
                username=f"scale-facilitator-{i:03d}",
                password=password,
                organisation=organisations[i % len(organisations)],
            )
            for i in range(counts["facilitators"])
        )
        commissioner = User.objects.create(username="scale-commissioner", password=password)
        links = User.groups.through
        links.objects.bulk_create(
            [links(user_id=u.pk, group_id=groups[roles.FACILITATOR].pk) for u in facilitators]
            + [links(user_id=commissioner.pk, group_id=groups[roles.COMMISSIONER].pk)]
        )
        return organisations, facilitators

    # --- participants and sessions ----------------------------------------------------

    def seed_participants(self, total, organisations, facilitators, listings_by_district):
        rng = self.rng
        # Each organisation serves the districts around one centre.
        names = [d for d, *_ in self.gazetteer]
        weights = list(itertools.accumulate(n for *_, n in self.gazetteer))
        areas = []
        for _ in organisations:
            lat, lng = self.centroids[rng.choices(names, cum_weights=weights)[0]]
            near = [
                d for d, dlat, dlng, _ in self.gazetteer if abs(dlat - lat) + abs(dlng - lng) < 0.25
            ]
            areas.append(near)
        staff = {
            o.pk: [f for f in facilitators if f.organisation_id == o.pk] for o in organisations
        }
        self.kinds = list(MemberKind.objects.all())
        self.conditions = list(Condition.objects.values_list("pk", flat=True))
        questionnaire = Questionnaire.objects.filter(is_active=True).first()
        self.items = (
            [(item, list(item.options.all())) for item in questionnaire.items.all()]
            if questionnaire
            else []
        )
        self.questionnaire = questionnaire
        self.categories = list(Category.objects.values_list("pk", flat=True))
        self.listings = listings_by_district
        self.all_listings = [pk for pks in listings_by_district.values() for pk in pks]
        dates = [Session._meta.get_field(f) for f in ("started_at", "updated_at")]
        dates += [Participant._meta.get_field(f) for f in ("created_at", "updated_at")]
        with keep_given_dates(*dates):
            for start in range(0, total, CHUNK):
                with transaction.atomic():
                    self.seed_chunk(start, min(CHUNK, total - start), organisations, areas, staff)
                self.stdout.write(f"{min(start + CHUNK, total):,} participants", ending="\r")
        self.stdout.write("")

    def seed_chunk(self, start, count, organisations, areas, staff):
        rng = self.rng
        participants, sessions, follow_ups = [], [], []
        for index in range(start, start + count):
            which = rng.randrange(len(organisations))
            organisation = organisations[which]
            facilitator = rng.choice(staff[organisation.pk])
            when = self.now - timedelta(days=rng.randrange(60, 730), minutes=rng.randrange(600))
            participant = Participant(
                id=uuid.uuid4(),
                organisation=organisation,
                reference=f"SCALE-{index:06d}",
                first_name=rng.choice(LABELS) if rng.random() < 0.5 else "",
                postcode_district=rng.choice(areas[which]),
                age_band=rng.choice(AgeBand.values),
                gender=rng.choice(Gender.values),
                consent_data_use=rng.random() < 0.9,
                consent_recorded_at=when,
                consent_recorded_by=facilitator,
                created_at=when,
                updated_at=when,
            )
            participants.append(participant)
            baseline = Session(
                id=uuid.uuid4(),
                participant=participant,
                facilitator=facilitator,
                stage=Stage.PLAN,
                started_at=when,
                updated_at=when,
                completed_at=when + timedelta(minutes=45),
            )
            sessions.append(baseline)
            later = when + timedelta(days=rng.randrange(30, 60))
            # Most follow-ups are finished; the rest stopped at some stage (in progress).
            stage = Stage.PLAN if rng.random() < 0.75 else rng.choice(Stage.values)
            follow_ups.append(
                Session(
                    id=uuid.uuid4(),
                    participant=participant,
                    facilitator=facilitator,
                    kind=Session.Kind.FOLLOW_UP,
                    previous=baseline,
                    stage=stage,
                    started_at=later,
                    updated_at=later,
                    completed_at=later + timedelta(minutes=40) if stage == Stage.PLAN else None,
                )
            )
        Participant.objects.bulk_create(participants, batch_size=BATCH)
        through = Participant.conditions.through
        through.objects.bulk_create(
            [
                through(participant_id=p.pk, condition_id=c)
                for p in participants
                for c in rng.sample(self.conditions, k=min(len(self.conditions), rng.randint(1, 3)))
            ],
            batch_size=BATCH,
        )
        Session.objects.bulk_create(sessions + follow_ups, batch_size=BATCH)
        self.seed_networks(sessions, follow_ups)
        self.seed_stage_data(sessions + follow_ups)

    def seed_networks(self, baselines, follow_ups):
        rng = self.rng
        snapshots, members, dropped, dropped_links = [], [], [], []
        links = DroppedActivity.categories.through
        for baseline, follow_up in zip(baselines, follow_ups, strict=True):
            first = NetworkSnapshot(id=uuid.uuid4(), session=baseline)
            second = NetworkSnapshot(id=uuid.uuid4(), session=follow_up, copied_from=first)
            snapshots += [first, second]
            size = max(1, round(rng.gauss(12, 4)))
            for index in range(size):
                member = self.member(first, index)
                members.append(member)
                if rng.random() < 0.9:  # most members are still there at the follow-up
                    copy = self.member(second, index, lineage=member.lineage)
                    copy.circle = rng.choice([member.circle, *CIRCLE_ORDER])
                    members.append(copy)
            for index in range(rng.choice([0, 0, 1, 2])):  # new people met since
                members.append(self.member(second, size + index))
            if rng.random() < 0.3 and self.categories:
                activity = DroppedActivity(
                    id=uuid.uuid4(), session=baseline, description="Used to go swimming"
                )
                dropped.append(activity)
                dropped_links.append(
                    links(droppedactivity_id=activity.pk, category_id=rng.choice(self.categories))
                )
        NetworkSnapshot.objects.bulk_create(snapshots, batch_size=BATCH)
        NetworkMember.objects.bulk_create(members, batch_size=BATCH)
        DroppedActivity.objects.bulk_create(dropped, batch_size=BATCH)
        links.objects.bulk_create(dropped_links, batch_size=BATCH)

    def member(self, snapshot, index, lineage=None):
        rng = self.rng
        return NetworkMember(
            id=uuid.uuid4(),
            snapshot=snapshot,
            lineage=lineage or uuid.uuid4(),
            label=f"{LABELS[index % len(LABELS)]} {index}",
            kind=rng.choice(self.kinds),
            circle=rng.choice(CIRCLE_ORDER),
            contact=rng.choice(ContactFrequency.values),
            gives_illness_support=rng.random() < 0.3,
            gives_everyday_support=rng.random() < 0.3,
            gives_emotional_support=rng.random() < 0.4,
        )

    def seed_stage_data(self, sessions):
        """Answers, constraints, choices and wellbeing for sessions that got that far."""
        rng = self.rng
        order = Stage.values
        responses, constraints, choices, wellbeing = [], [], [], []
        for session in sessions:
            reached = order.index(session.stage)
            if reached >= order.index(Stage.OPPORTUNITIES) and self.questionnaire:
                for item, options in self.items:
                    skipped = rng.random() < 0.05 or not options
                    responses.append(
                        Response(
                            session=session,
                            questionnaire=self.questionnaire,
                            item=item,
                            option=None if skipped else rng.choice(options),
                            skipped=skipped,
                            answered_at=session.started_at,
                        )
                    )
                constraints.append(
                    PracticalConstraints(
                        session=session,
                        max_distance_km=rng.choice([1.6, 4.8, 8.0, 16.1, None]),
                        travel_modes=rng.sample(["walk", "bus", "car", "lift"], k=2),
                        free_only=rng.random() < 0.3,
                        step_free=rng.random() < 0.2,
                        days=rng.sample(DAYS[:5], k=rng.randint(0, 3)),
                        times_of_day=rng.sample(["morning", "afternoon", "evening"], k=1),
                    )
                )
            if reached == order.index(Stage.PLAN) and self.all_listings:
                nearby = (
                    self.listings.get(session.participant.postcode_district) or self.all_listings
                )
                for pk in rng.sample(nearby, k=min(len(nearby), rng.randint(1, 3))):
                    choices.append(ChosenActivity(session=session, service_at_location_id=pk))
            if session.completed_at and rng.random() < 0.7:
                wellbeing.append(
                    WellbeingMeasures(
                        session=session,
                        life_satisfaction=rng.randint(0, 10),
                        worthwhile=rng.randint(0, 10),
                        happiness=rng.randint(0, 10),
                        anxiety=rng.randint(0, 10),
                        lack_companionship=rng.randint(1, 3),
                        left_out=rng.randint(1, 3),
                        isolated=rng.randint(1, 3),
                        ucla3_total=rng.randint(3, 9),
                        direct_loneliness="occasionally",
                    )
                )
        Response.objects.bulk_create(responses, batch_size=BATCH)
        PracticalConstraints.objects.bulk_create(constraints, batch_size=BATCH)
        ChosenActivity.objects.bulk_create(choices, batch_size=BATCH)
        WellbeingMeasures.objects.bulk_create(wellbeing, batch_size=BATCH)
