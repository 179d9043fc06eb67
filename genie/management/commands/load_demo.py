"""Loads demonstration organisations, users and fictional participants.

Idempotent: running it again changes nothing that is already there. Refuses to
run outside demo mode, because the demo passwords are published in README.md.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from genie import roles, services
from genie.app_modules import app_modules
from genie.models import AgeBand, Condition, Gender, Organisation, Participant, Stage, User

DEMO_PASSWORD = "genie-demo-2026"  # noqa: S105 - published on purpose, demo only

ORGANISATIONS = [
    ("Itchen Community Connect (demo)", "Call 023 8000 0001 (fictional) or ask at the front desk"),
    ("Solent Wellbeing Service (demo)", "Call 023 8000 0002 (fictional)"),
]

# username, first name, last name, role, organisation index (None: no organisation)
USERS = [
    ("facilitator", "Faye", "Fisher", roles.FACILITATOR, 0),
    ("facilitator2", "Sam", "Okafor", roles.FACILITATOR, 1),
    ("commissioner", "Cara", "Mensah", roles.COMMISSIONER, None),
    ("admin", "Alex", "Admin", roles.ADMIN, None),
]

# reference, first name, district, age band, gender, conditions, organisation index
PARTICIPANTS = [
    ("DEMO-001", "Maggie", "SO17", AgeBand.FROM_75, Gender.WOMAN, ["Type 2 diabetes"], 0),
    ("DEMO-002", "Ray", "SO14", AgeBand.FROM_65, Gender.MAN, ["COPD", "Heart disease"], 0),
    ("DEMO-003", "", "SO16", AgeBand.FROM_45, Gender.NOT_SAID, ["Depression or anxiety"], 0),
    ("DEMO-101", "Priya", "SO50", AgeBand.FROM_45, Gender.WOMAN, ["Arthritis"], 1),
]


class Command(BaseCommand):
    help = "Load demo organisations, one user per role and fictional participants."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when GENIE_DEMO is off (never on a live service).",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEMO or force):
            raise CommandError(
                "Demo users have published passwords. Set GENIE_DEMO=true (as `make run` "
                "does) or pass --force on a machine that holds no real data."
            )
        with transaction.atomic():
            organisations = self.load_organisations()
            users = self.load_users(organisations)
            participants = self.load_participants(organisations, users)
            # Maggie (DEMO-001) is part-way through her first session: the app
            # demos give it a network and answers, so Stage 3 has something to match.
            session = services.session_start(
                user=users["facilitator"], participant=participants["DEMO-001"]
            )
            # Each app adds its own demo records (listings, networks, answers...).
            # Each app's demo module, in INSTALLED_APPS order (the layers, bottom up).
            for app_demo in app_modules("demo"):
                app_demo.load(organisations=organisations, users=users, participants=participants)
            services.session_reach_stage(session=session, stage=Stage.OPPORTUNITIES)
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000/")
        )
        self.stdout.write(f"  password for every demo user: {DEMO_PASSWORD}")
        for username, *_rest in USERS:
            self.stdout.write(f"  {username}")

    def load_organisations(self):
        organisations = [
            Organisation.objects.get_or_create(name=name, defaults={"contact_details": contact})[0]
            for name, contact in ORGANISATIONS
        ]
        for organisation in organisations:
            # Genie's plain-English consent statement, as each organisation's version 1.
            services.consent_statement_ensure(organisation=organisation)
        return organisations

    def load_users(self, organisations):
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
        users = {}
        for username, first, last, role, org_index in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "organisation": organisations[org_index] if org_index is not None else None,
                    "is_staff": role == roles.ADMIN,
                    "is_superuser": role == roles.ADMIN,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(groups[role])
            users[username] = user
        return users

    def load_participants(self, organisations, users):
        facilitators = [users["facilitator"], users["facilitator2"]]
        conditions = {condition.name: condition for condition in Condition.objects.all()}
        participants = {}
        for reference, first, district, age, gender, names, org_index in PARTICIPANTS:
            participant, created = Participant.objects.get_or_create(
                organisation=organisations[org_index],
                reference=reference,
                defaults={
                    "first_name": first,
                    "postcode_district": district,
                    "age_band": age,
                    "gender": gender,
                    "consent_data_use": True,
                    "consent_case_study": org_index == 0,
                    "consent_statement": organisations[org_index].consent_statements.first(),
                    "consent_recorded_at": timezone.now(),
                    "consent_recorded_by": facilitators[org_index],
                },
            )
            if created:
                participant.conditions.set([conditions[n] for n in names if n in conditions])
            participants[reference] = participant
        return participants
