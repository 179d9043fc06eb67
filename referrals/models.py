"""Referrals: someone referred to a Genie service, before they become a participant.

A referral holds the least that lets a facilitator make safe contact. It is
personal data: scoped to the receiving organisation, audited, and erased after
REFERRAL_RETENTION_DAYS unless it became a participant (then it goes with them).
"""

import uuid

from django.conf import settings
from django.db import models

from genie.models import Organisation, Participant


class Reason(models.TextChoices):
    CONDITION = "condition", "Living with a long-term condition"
    LONELINESS = "loneliness", "Feeling lonely or isolated"
    BEREAVED = "bereaved", "Recently bereaved"
    OTHER = "other", "Something else"


class Source(models.TextChoices):
    SELF = "self", "The person themselves"
    COMMUNITY = "community", "A community organisation"
    GP = "gp", "A GP practice or health service"
    FAMILY = "family", "A family member or friend"
    OTHER = "other", "Someone else"


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    BOOKED = "booked", "Session booked"
    PARTICIPANT = "participant", "Became a participant"
    DECLINED = "declined", "Declined"
    UNREACHABLE = "unreachable", "Could not be contacted"


OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.BOOKED)
# Statuses that mean someone spoke to the person: the first of them is "first contact".
CONTACT_STATUSES = (Status.CONTACTED, Status.BOOKED, Status.PARTICIPANT, Status.DECLINED)


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referrals"
    )
    first_name = models.CharField(max_length=60)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    best_times = models.CharField(max_length=200, blank=True)
    postcode_district = models.CharField(max_length=4)
    reasons = models.JSONField(default=list)
    other_reason = models.CharField(max_length=300, blank=True)
    consent_to_contact = models.BooleanField()
    source = models.CharField(max_length=12, choices=Source.choices)
    referrer_name = models.CharField(max_length=100, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_assigned",
    )
    first_contact_due = models.DateField()
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="referral"
    )
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_contact_due", "received_at"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"Referral {self.pk}"  # never the person's name: this reaches logs

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [labels[r] for r in self.reasons if r in labels]


class ReferralNote(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Note on referral {self.referral_id}"
