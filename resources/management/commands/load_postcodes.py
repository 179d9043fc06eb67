"""Load unit postcodes from Code-Point Open or the ONS Postcode Directory.

    manage.py load_postcodes codepo_gb.zip        # Code-Point Open (all CSVs inside)
    manage.py load_postcodes so.csv ONSPD.csv     # one or more CSV files

For installations that want listings and participants placed at their full
postcode rather than the district centre. Re-running updates rows in place.
Northern Ireland (BT) rows are skipped (they need a separate licence).
"""

import io
import zipfile
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from resources.gazetteer import open_text, read_postcode_file
from resources.models import PostcodeCentroid

BATCH = 5000


def batched(iterable, size):
    """itertools.batched, which arrives in Python 3.12."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def csv_sources(path: Path):
    """Yield line iterators for a CSV file, or for every CSV inside a zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if name.lower().endswith(".csv") and "/doc/" not in f"/{name.lower()}":
                    with archive.open(name) as raw:
                        yield io.TextIOWrapper(raw, encoding="utf-8-sig")
    else:
        with open_text(path) as handle:
            yield handle


class Command(BaseCommand):
    help = "Load full postcodes from Code-Point Open (zip or CSV) or ONS Postcode Directory CSV."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        missing = [str(path) for path in files if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        total = 0
        with transaction.atomic():
            for path in files:
                for lines in csv_sources(path):
                    for batch in batched(read_postcode_file(lines), BATCH):
                        PostcodeCentroid.objects.bulk_create(
                            [
                                PostcodeCentroid(
                                    postcode=r.postcode, latitude=r.latitude, longitude=r.longitude
                                )
                                for r in batch
                            ],
                            update_conflicts=True,
                            unique_fields=["postcode"],
                            update_fields=["latitude", "longitude"],
                        )
                        total += len(batch)
        if not total:
            raise CommandError("No postcodes found. Is this a Code-Point Open or ONSPD file?")
        self.stdout.write(self.style.SUCCESS(f"Loaded {total} postcodes."))
