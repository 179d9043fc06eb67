"""Writes for referrals. Each is one transaction, audited."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from genie import services as genie_services
from genie.audit import audit_referral
from genie.models import AuditEvent
from referrals.models import CONTACT_STATUSES, Referral, ReferralNote, Status


class ReferralClosed(Exception):
    """The referral already became a participant: its status is settled."""


def working_days_after(start: date, days: int) -> date:
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@transaction.atomic
def referral_submit(
    *, organisation, data: dict, referrer=None, send_confirmation=False
) -> Referral:
    if referrer is not None:
        data = {
            **data,
            "source": data.get("source") or "community",
            "referrer_name": referrer.get_full_name() or referrer.get_username(),
            "referrer_organisation": referrer.organisation.name if referrer.organisation else "",
        }
    referral = Referral.objects.create(
        organisation=organisation,
        referred_by=referrer,
        first_contact_due=working_days_after(
            timezone.localdate(), settings.REFERRAL_FIRST_CONTACT_DAYS
        ),
        **data,
    )
    audit_referral(user=referrer, referral=referral, action=AuditEvent.Action.CREATED)
    if send_confirmation and referral.email:
        address, name = referral.email, organisation.name
        # Sent after the commit, so a failed save never sends; the message names
        # the service, not the person or why they were referred.
        transaction.on_commit(lambda: _send_confirmation(address, name))
    return referral


def _send_confirmation(address: str, organisation_name: str) -> None:
    send_mail(
        subject=f"Your referral to {organisation_name}",
        message=(
            f"Thank you. {organisation_name} has received a referral to Genie and will "
            "get in touch using the details given.\n\nIf you did not expect this email, "
            "you can ignore it."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
        fail_silently=True,
    )


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def referral_status_change(*, user, referral: Referral, status: str, note: str = "") -> Referral:
    referral = _locked(referral)
    if referral.status == Status.PARTICIPANT:
        raise ReferralClosed
    referral.status = status
    if status in CONTACT_STATUSES and referral.first_contacted_at is None:
        referral.first_contacted_at = timezone.now()
    referral.save(update_fields=["status", "first_contacted_at", "updated_at"])
    ReferralNote.objects.create(referral=referral, author=user, text=note.strip(), status=status)
    audit_referral(user=user, referral=referral, action=AuditEvent.Action.CHANGED, what="status")
    return referral


@transaction.atomic
def referral_note_add(*, user, referral: Referral, text: str) -> ReferralNote:
    note = ReferralNote.objects.create(referral=referral, author=user, text=text.strip())
    audit_referral(user=user, referral=referral, action=AuditEvent.Action.CHANGED, what="note")
    return note


@transaction.atomic
def referral_assign(*, user, referral: Referral, assignee) -> Referral:
    referral = _locked(referral)
    referral.assigned_to = assignee
    referral.save(update_fields=["assigned_to", "updated_at"])
    audit_referral(user=user, referral=referral, action=AuditEvent.Action.CHANGED, what="assigned")
    return referral


@transaction.atomic
def referral_convert(*, user, referral: Referral, data: dict, consent_statement):
    """Create the participant from the referral (the facilitator's form carries the
    consent to data use, recorded now, at the first session)."""
    referral = _locked(referral)
    if referral.participant_id:
        # A double submit or a second tab: the participant already exists.
        return referral.participant
    participant = genie_services.participant_create(
        user=user, data=data, consent_statement=consent_statement
    )
    referral.participant = participant
    referral.status = Status.PARTICIPANT
    if referral.first_contacted_at is None:
        referral.first_contacted_at = timezone.now()
    referral.save(update_fields=["participant", "status", "first_contacted_at", "updated_at"])
    ReferralNote.objects.create(referral=referral, author=user, text="", status=Status.PARTICIPANT)
    audit_referral(
        user=user, referral=referral, action=AuditEvent.Action.CHANGED, what="became a participant"
    )
    return participant
