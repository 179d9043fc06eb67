"""Synchronise listings from a council's Open Referral UK API: a dry run unless --commit."""

from django.core.management.base import BaseCommand, CommandError

from resources.locator import default_locator
from resources.models import DirectoryFeed
from resources.openreferral.sync import FeedClient, FeedError, feed_sync


class Command(BaseCommand):
    help = (
        "Read a council's Open Referral UK API (/services, then /services/{id} for summaries) "
        "and show what would change: new, changed and gone listings. Nothing is written "
        "without --commit (then all or nothing). Services that left the feed become inactive."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="the API's base address (a feed record's URL)")
        parser.add_argument("--source", help="the source name for a new feed")
        parser.add_argument("--all", action="store_true", help="sync every feed record")
        parser.add_argument("--commit", action="store_true", help="write the changes")
        parser.add_argument(
            "--full",
            action="store_true",
            help="read the whole feed, not only what changed since the last run "
            "(also finds listings that left the feed)",
        )
        parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
        parser.add_argument("--retries", type=int, default=3, help="retries per request")
        parser.add_argument(
            "--rate", type=float, default=5.0, help="at most this many requests a second"
        )

    def handle(self, *args, url, source, all, commit, full, timeout, retries, rate, **options):
        if bool(url) == bool(all):
            raise CommandError("Give a feed's URL, or --all for every feed record.")
        feeds = list(DirectoryFeed.objects.all()) if all else [self._feed(url, source, commit)]
        failed = 0
        for feed in feeds:
            client = FeedClient(
                feed.url, timeout=timeout, retries=retries, min_interval=1 / max(rate, 0.01)
            )
            try:
                result = feed_sync(
                    feed=feed, locator=default_locator(), commit=commit, full=full, client=client
                )
            except FeedError as error:
                failed += 1
                self.stderr.write(f"{feed.source}: nothing was changed. {error}")
                continue
            self._report(feed, result, commit)
        if failed:
            raise CommandError(f"{failed} feed(s) could not be synchronised.")

    def _feed(self, url, source, commit) -> DirectoryFeed:
        feed = DirectoryFeed.objects.filter(url=url).first()
        if feed:
            return feed
        source = " ".join((source or "").split())[:100]
        if not source:
            raise CommandError("A new feed needs --source, for example --source 'Council'.")
        try:
            FeedClient(url)
        except FeedError as error:
            raise CommandError(str(error)) from error
        feed = DirectoryFeed(url=url, source=source)
        if commit:
            feed.save()
        return feed

    def _report(self, feed, result, commit):
        plan = result.plan
        for planned in plan.create:
            self.stdout.write(f"new       {planned.record.name}")
        for planned in plan.update:
            self.stdout.write(f"changed   {planned.record.name}: {', '.join(planned.changes)}")
        for _external_id, name in result.gone:
            self.stdout.write(f"gone      {name} (kept, marked inactive)")
        for problem in plan.rejected:
            self.stdout.write(f"rejected  {problem.ref}: {problem.message}")
        for ref, name in plan.needs_location:
            self.stdout.write(f"no place  {ref}: {name} (kept, flagged “needs location”)")
        for term, count in plan.unmapped_terms:
            self.stdout.write(f"unmapped  category term “{term}” ({count} listing(s))")
        summary = result.summary()
        verb = "Synchronised" if commit else "Would synchronise"
        scope = "whole feed" if result.full else "changes since the last run"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {feed.source} ({scope}, {summary['requests']} requests): "
                f"{summary['create']} new, {summary['update']} changed, "
                f"{summary['unchanged']} unchanged, {summary['gone']} gone, "
                f"{summary['rejected']} rejected, {summary['needs_location']} need a location."
            )
        )
        if not commit:
            self.stdout.write("Dry run: nothing was written. Run again with --commit to apply.")
