"""Demo referrals: a GP practice with a referrer, and an inbox with something in
every state, some of it overdue, and enough past contacts to say how long contact
usually takes."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from genie import roles
from genie.management.commands.load_demo import DEMO_PASSWORD
from genie.models import Organisation, User
from referrals.models import Referral, ReferralNote, Status
from referrals.services import working_days_after

PRACTICE = ("Portswood Surgery (demo)", "A GP practice that refers patients (fictional)")

# first name, days ago, status, source, reasons, district, by the referrer?
REFERRALS = [
    ("Doreen", 9, Status.NEW, "gp", ["condition", "loneliness"], "SO17", True),
    ("Winston", 1, Status.NEW, "self", ["loneliness"], "SO14", False),
    ("Hamid", 6, Status.CONTACTED, "community", ["bereaved"], "SO16", False),
    ("Agnes", 12, Status.BOOKED, "gp", ["condition"], "SO17", True),
    ("Lionel", 30, Status.DECLINED, "family", ["loneliness"], "SO15", False),
    ("Bev", 25, Status.UNREACHABLE, "self", ["other"], "SO18", False),
]
# Past referrals and the days until first contact: the "usually within" estimate.
PAST = [("Eileen", 1), ("Trevor", 2), ("Gloria", 2), ("Dennis", 3), ("Marjorie", 4), ("Clive", 2)]


def _referral(organisation, first_name, days_ago, status, source, reasons, district, by=None):
    received = timezone.now() - timedelta(days=days_ago)
    referral, created = Referral.objects.get_or_create(
        organisation=organisation,
        first_name=first_name,
        postcode_district=district,
        defaults={
            "phone": "07700 900" + str(100 + days_ago),  # Ofcom's drama range: not real
            "best_times": "Weekday mornings",
            "reasons": reasons,
            "other_reason": "Moved here last year and knows nobody" if "other" in reasons else "",
            "consent_to_contact": True,
            "source": source,
            "referrer_name": by.get_full_name() if by else ("" if source == "self" else "A friend"),
            "referrer_organisation": by.organisation.name if by else "",
            "referred_by": by,
            "status": status,
            "first_contact_due": working_days_after(received.date(), 5),
        },
    )
    if created:
        # received_at is auto_now_add: set the story's date afterwards.
        Referral.objects.filter(pk=referral.pk).update(received_at=received)
    return referral, received


def load(*, organisations, users, participants):
    practice, _ = Organisation.objects.get_or_create(
        name=PRACTICE[0], defaults={"contact_details": PRACTICE[1]}
    )
    referrer, created = User.objects.get_or_create(
        username="referrer",
        defaults={"first_name": "Rita", "last_name": "Reid", "organisation": practice},
    )
    if created:
        referrer.set_password(DEMO_PASSWORD)
        referrer.save()
    referrer.groups.add(Group.objects.get_or_create(name=roles.REFERRER)[0])
    users["referrer"] = referrer

    receiving, facilitator = organisations[0], users["facilitator"]
    for first, days_ago, status, source, reasons, district, by_referrer in REFERRALS:
        referral, received = _referral(
            receiving,
            first,
            days_ago,
            status,
            source,
            reasons,
            district,
            by=referrer if by_referrer else None,
        )
        if status != Status.NEW and referral.first_contacted_at is None:
            contacted = received + timedelta(days=2)
            Referral.objects.filter(pk=referral.pk).update(
                first_contacted_at=contacted if status != Status.UNREACHABLE else None,
                assigned_to=facilitator,
            )
            ReferralNote.objects.get_or_create(
                referral=referral, status=status, defaults={"author": facilitator, "text": ""}
            )
    for index, (first, days) in enumerate(PAST):
        referral, received = _referral(
            receiving,
            first,
            60 + index * 7,
            Status.DECLINED,
            "self",
            ["loneliness"],
            "SO17",
        )
        Referral.objects.filter(pk=referral.pk, first_contacted_at__isnull=True).update(
            first_contacted_at=received + timedelta(days=days)
        )
