"""Build the fixed area groups commissioners filter by (see evidence.areas)."""

from django.core.management.base import BaseCommand

from evidence.services import area_group_minimum, area_groups_build


class Command(BaseCommand):
    help = "Merge postcode districts with their neighbours into fixed reporting groups."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minimum",
            type=int,
            default=None,
            help="Participants each group must hold (default EVIDENCE_AREA_GROUP_MINIMUM).",
        )

    def handle(self, *args, minimum=None, **options):
        minimum = area_group_minimum() if minimum is None else minimum
        groups = area_groups_build(minimum=minimum)
        self.stdout.write(f"{groups} area groups of at least {minimum} participants.")
