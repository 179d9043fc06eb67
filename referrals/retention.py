"""Referrals that never became participants are erased after REFERRAL_RETENTION_DAYS
(run by `manage.py purge_expired`, which finds this module by name)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from genie.models import AuditEvent
from referrals.models import Referral


def expired(*, now):
    cutoff = now - timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    return Referral.objects.filter(participant__isnull=True, received_at__lt=cutoff)


@transaction.atomic
def purge(*, now, dry_run=False) -> str:
    referrals = expired(now=now)
    count = referrals.count()
    if dry_run:
        return f"{count} referral(s) are past the referral retention period."
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=None,
            actor_username="retention job",
            action=AuditEvent.Action.ERASED,
            referral_id=pk,
            organisation_id=organisation_id,
            what="referral past retention period",
        )
        for pk, organisation_id in referrals.values_list("pk", "organisation_id")
    )
    referrals.delete()
    return f"Erased {count} referral(s) past the referral retention period."
