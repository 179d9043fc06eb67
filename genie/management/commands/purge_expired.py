"""Erase participants past the retention period (GENIE_RETENTION_DAYS), and what
each app above the core keeps for its own period (its ``retention.purge``)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from genie import services
from genie.app_modules import app_modules
from genie.selectors import participants_past_retention


class Command(BaseCommand):
    help = "Erase participants with no activity for GENIE_RETENTION_DAYS. Run daily."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, erase nothing.")

    def handle(self, *args, dry_run=False, **options):
        expired = participants_past_retention(
            now=timezone.now(), retention_days=settings.RETENTION_DAYS
        )
        count = expired.count()
        if dry_run:
            self.stdout.write(f"{count} participant(s) are past the retention period.")
            for retention in app_modules("retention"):
                self.stdout.write(retention.purge(now=timezone.now(), dry_run=True))
            return
        for participant in expired.iterator():
            services.participant_erase_expired(participant=participant)
        self.stdout.write(f"Erased {count} participant(s) past the retention period.")
        for retention in app_modules("retention"):
            self.stdout.write(retention.purge(now=timezone.now(), dry_run=False))
