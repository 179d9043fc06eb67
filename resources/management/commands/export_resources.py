"""Export active listings as CSV (Genie's import layout) or Open Referral UK v3 JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.curation.selectors import public_services
from resources.openreferral import writer


class Command(BaseCommand):
    help = "Export every active listing as CSV or Open Referral UK v3 JSON (re-importable)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, format, output, **options):
        services = public_services()
        self.stdout.ending = ""  # the exporters write whole lines themselves
        try:
            stream = (
                open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
                if output
                else self.stdout
            )
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        try:
            if format == "csv":
                writer.write_csv(services, stream)
            else:
                stream.write(writer.export_json(services))
        finally:
            if output:
                stream.close()
                self.stderr.write(f"Wrote {Path(output)}")
