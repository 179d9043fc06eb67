"""Recompute stored unmet demand against the directory as it is now.

Run it when the directory changes (an import, a feed sync), e.g. nightly:
the listings change without any session changing."""

from django.core.management.base import BaseCommand

from evidence.facts.build import demand_refresh


class Command(BaseCommand):
    help = "Recompute every participant's unmet demand against the current directory."

    def handle(self, *args, **options):
        self.stdout.write(f"{demand_refresh()} unmet interests stored.")
