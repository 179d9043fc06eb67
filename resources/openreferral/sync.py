"""Keeping in step with a council's Open Referral UK API (`manage.py sync_openreferral`).

A run pages through the feed's `/services` (asking only for what changed since the
last committed run, with `modified_after`), fetches `/services/{id}` when the list
gives summaries and `/organizations/{id}` when a service names only its organisation,
then plans the import like a file (the dry run: new, changed, gone). Nothing is written
until the whole feed has been read, and a commit is one transaction. Services that left
the feed are marked inactive, never deleted (plans point at them). Requests have a
timeout, retries with back-off, a rate limit and a size cap.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from resources.curation.selectors import PUBLIC_STATUSES
from resources.locator import PostcodeLocator
from resources.models import DirectoryFeed, ImportRun, Service
from resources.openreferral.commit import apply_plan
from resources.openreferral.plan import ImportPlan, chunks, plan_import
from resources.openreferral.read_oruk import parse_oruk_document
from resources.openreferral.records import MAX_ROWS, ImportFileError
from resources.openreferral.services import import_report, max_import_bytes

PER_PAGE = 100
MAX_PAGES = MAX_ROWS // 10
RETRY_STATUSES = {429, 500, 502, 503, 504}
# Changes made while the previous run was reading are caught by starting a little earlier.
OVERLAP = timedelta(minutes=5)


class FeedError(Exception):
    """The feed could not be read; the message says why. Nothing was written."""


@dataclass
class FeedClient:
    """GETs JSON from one feed, politely: timeout, retries with back-off, rate, size cap."""

    base_url: str
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    min_interval: float = 0.2  # at most five requests a second
    max_bytes: int = field(default_factory=max_import_bytes)
    sleep: object = time.sleep
    requests: int = 0
    _last: float = 0.0

    def __post_init__(self):
        parts = urllib.parse.urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FeedError(f"“{self.base_url}” is not a web address (http or https).")
        self.base_url = self.base_url.rstrip("/") + "/"

    def url(self, path: str, params: dict | None = None) -> str:
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return urllib.parse.urljoin(self.base_url, path) + (f"?{query}" if query else "")

    def get(self, path: str, params: dict | None = None):
        url = self.url(path, params)
        for attempt in range(self.retries + 1):
            wait = self.min_interval - (time.monotonic() - self._last)
            if wait > 0:
                self.sleep(wait)
            self._last = time.monotonic()
            self.requests += 1
            try:
                return self._fetch(url)
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    return None
                if error.code not in RETRY_STATUSES or attempt == self.retries:
                    raise FeedError(f"{url} answered {error.code}.") from error
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.retries:
                    reason = getattr(error, "reason", error)
                    raise FeedError(f"{url} could not be reached ({reason}).") from error
            self.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _fetch(self, url: str):
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url, headers={"Accept": "application/json", "User-Agent": "Genie directory sync"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            body = response.read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            raise FeedError(f"{url} sent more than {self.max_bytes // (1024 * 1024)} MB.")
        try:
            return json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise FeedError(f"{url} did not send JSON.") from error


def _items(body) -> tuple[list, bool]:
    """A page's services and whether it is the last page (v3 or v1 envelope)."""
    if isinstance(body, list):
        return body, True
    if not isinstance(body, dict):
        raise FeedError("The feed's /services did not send a page of services.")
    items = body.get("contents", body.get("content"))
    if not isinstance(items, list):
        raise FeedError("The feed's /services did not send a page of services.")
    last = body.get("last_page", body.get("last"))
    if last is None:
        total = body.get("total_pages", body.get("totalPages"))
        number = body.get("page_number", body.get("number"))
        last = not items or (isinstance(total, int) and isinstance(number, int) and number >= total)
    return items, bool(last) or not items


def _is_summary(item: dict) -> bool:
    # Council list pages often leave out places (and more); the full record has them.
    return "service_at_locations" not in item


def read_feed(client: FeedClient, *, modified_after: datetime | None = None) -> dict:
    """Every service of the feed (changed since modified_after), fully, as one document."""
    services, organizations = [], {}
    params = {"per_page": PER_PAGE}
    if modified_after:
        params["modified_after"] = modified_after.isoformat()
    for page in range(1, MAX_PAGES + 1):
        items, last = _items(client.get("services", {**params, "page": page}))
        for item in items:
            if isinstance(item, dict) and _is_summary(item) and item.get("id"):
                detail = client.get(f"services/{urllib.parse.quote(str(item['id']), safe='')}")
                item = detail if isinstance(detail, dict) else item
            if isinstance(item, dict) and not isinstance(item.get("organization"), dict):
                key = item.get("organization_id")
                if isinstance(key, str) and key and key not in organizations:
                    found = client.get(f"organizations/{urllib.parse.quote(key, safe='')}")
                    organizations[key] = found if isinstance(found, dict) else None
            services.append(item)
            if len(services) > MAX_ROWS:
                raise FeedError(f"The feed has more than {MAX_ROWS:,} services.")
        if last:
            break
    else:
        raise FeedError(f"The feed has more than {MAX_PAGES:,} pages.")
    return {
        "contents": services,
        "organizations": [org for org in organizations.values() if org],
    }


@dataclass
class SyncResult:
    plan: ImportPlan
    gone: list[tuple[str, str]]  # (external id, name) of services that left the feed
    full: bool
    requests: int
    committed: bool = False

    def summary(self) -> dict:
        return {
            **self.plan.summary(),
            "gone": len(self.gone),
            "full": self.full,
            "requests": self.requests,
        }


def _gone(source: str, feed_ids: set[str]) -> list[tuple[str, str]]:
    public = Service.objects.filter(source=source, status__in=PUBLIC_STATUSES)
    return sorted(
        (external_id, name)
        for external_id, name in public.values_list("external_id", "name")
        if external_id not in feed_ids
    )


def feed_sync(
    *,
    feed: DirectoryFeed,
    locator: PostcodeLocator,
    commit: bool,
    full: bool = False,
    client: FeedClient | None = None,
) -> SyncResult:
    """Reads the feed and plans (dry run) or applies (commit, all or nothing) the sync.

    A first run, or `full`, reads everything and marks services that left the feed
    inactive; later runs read only what changed since the last committed run began."""
    client = client or FeedClient(feed.url)
    started = timezone.now()
    incremental = not full and feed.last_started_at is not None
    document = read_feed(
        client, modified_after=feed.last_started_at - OVERLAP if incremental else None
    )
    try:
        parsed = parse_oruk_document(document)
    except ImportFileError as error:
        raise FeedError(str(error)) from error
    plan = plan_import(parsed, source=feed.source, locator=locator)
    feed_ids = {
        str(item.get("id")).strip() for item in document["contents"] if isinstance(item, dict)
    }
    gone = [] if incremental else _gone(feed.source, feed_ids)
    result = SyncResult(plan, gone, not incremental, client.requests)
    if commit:
        _commit(feed, result, started)
    return result


@transaction.atomic
def _commit(feed: DirectoryFeed, result: SyncResult, started) -> None:
    apply_plan(result.plan)
    now = timezone.now()
    for chunk in chunks([external_id for external_id, _ in result.gone]):
        Service.objects.filter(source=feed.source, external_id__in=chunk).update(
            status=Service.Status.INACTIVE, updated_at=now
        )
    report = import_report(result.plan) | {
        "gone": len(result.gone),
        "gone_list": [{"id": key, "name": name} for key, name in result.gone[:500]],
        "full": result.full,
    }
    ImportRun.objects.create(
        source=feed.source,
        filename=feed.url[:255],
        sha256="",
        status=ImportRun.Status.COMMITTED,
        summary=report,
        committed_at=now,
    )
    feed.last_started_at = started
    feed.last_report = {k: v for k, v in report.items() if not k.endswith("_list")}
    feed.save(update_fields=["last_started_at", "last_report"])
    result.committed = True
