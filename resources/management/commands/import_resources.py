"""Import a directory file: a dry run unless --commit is given."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.locator import default_locator
from resources.openreferral import services as openreferral_services
from resources.openreferral.records import ImportFileError


class Command(BaseCommand):
    help = (
        "Import listings from a CSV (Genie's layout) or Open Referral UK JSON (v1 or v3) file. "
        "Shows what would change; nothing is written without --commit."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV or JSON file")
        parser.add_argument(
            "--source",
            required=True,
            help="where the file comes from; use the same name every time (records match on it)",
        )
        parser.add_argument(
            "--commit", action="store_true", help="write the import (all or nothing)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only show what would change (the default)",
        )

    def handle(self, *args, file, source, commit, dry_run, **options):
        if commit and dry_run:
            raise CommandError("Choose --dry-run or --commit, not both.")
        path = Path(file)
        try:
            if path.stat().st_size > openreferral_services.max_import_bytes():
                raise CommandError(
                    openreferral_services.too_large_message()
                    + " (GENIE_RESOURCE_IMPORT_MAX_MB sets the limit.)"
                )
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        source = " ".join(source.split())[:100]
        if not source:
            raise CommandError("Give --source, for example --source 'Council directory'.")
        try:
            if commit:
                plan = openreferral_services.import_file_commit(
                    content=content,
                    filename=path.name,
                    source=source,
                    user=None,
                    locator=default_locator(),
                )
            else:
                plan = openreferral_services.import_plan(
                    content=content, source=source, locator=default_locator()
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        summary = plan.summary()
        for problem in plan.rejected:
            self.stdout.write(f"rejected  {problem.ref}: {problem.message}")
        for problem in plan.warnings:
            self.stdout.write(f"warning   {problem.ref}: {problem.message}")
        for ref, name in plan.needs_location:
            self.stdout.write(f"no place  {ref}: {name} (kept, flagged “needs location”)")
        for term, count in plan.unmapped_terms:
            self.stdout.write(f"unmapped  category term “{term}” ({count} listing(s))")
        verb = "Imported" if commit else "Would import"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} from {summary['format']}: {summary['create']} new, "
                f"{summary['update']} changed, {summary['unchanged']} unchanged, "
                f"{summary['rejected']} rejected, {summary['needs_location']} need a location."
            )
        )
        if not commit:
            self.stdout.write("Dry run: nothing was written. Run again with --commit to import.")
