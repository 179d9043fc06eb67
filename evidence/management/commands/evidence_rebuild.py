"""Rebuild every evidence fact from the live records (see evidence.facts)."""

import time

from django.core.management.base import BaseCommand

from evidence.facts.build import BATCH, facts_rebuild


class Command(BaseCommand):
    help = "Rebuild the dashboard's fact tables from scratch, a batch of participants at a time."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BATCH, help="Participants per batch.")

    def handle(self, *args, batch=BATCH, **options):
        start = time.perf_counter()
        written = facts_rebuild(
            batch=batch, progress=lambda n: self.stdout.write(f"  {n} sessions...")
        )
        seconds = time.perf_counter() - start
        self.stdout.write(f"Facts of {written} sessions written in {seconds:.1f} s.")
