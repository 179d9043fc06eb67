"""sync_openreferral: one Genie kept in step with another's Open Referral API, served by
the test's live server (no internet): dry run, commit, changes, gone, failure midway."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from resources.models import (
    DirectoryFeed,
    ImportRun,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from resources.openreferral import sync
from resources.selectors import MatchCriteria, match_resources
from tests.resources.factories import listing, service_at
from tests.resources.openreferral import fake_council

pytestmark = pytest.mark.urls("tests.resources.openreferral.fake_council")


def other_genies_listings() -> list[dict]:
    """Listings made in "another Genie", read through its API, then gone from ours."""
    for n in range(4):
        service_at(name=f"Walk {n}")
    listing("Chat by video", national=True)
    services = Client().get("/openreferral/services", {"per_page": 100}).json()["contents"]
    for model in (Schedule, ServiceAtLocation, Service, Location, Organization):
        model.objects.all().delete()
    return services


@pytest.fixture
def council(live_server, transactional_db, monkeypatch, locator):
    monkeypatch.setattr(sync, "max_import_bytes", lambda: 5 * 1024 * 1024)
    monkeypatch.setattr(
        "resources.management.commands.sync_openreferral.default_locator", lambda: locator
    )
    fake_council.reset(other_genies_listings())
    return live_server.url + "/council/api/"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_openreferral", *args, "--rate", "1000", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_dry_run_then_commit_then_changes_and_gone(council):
    output = run(council, "--source", "Council")
    assert "Would synchronise Council (whole feed" in output
    assert "5 new, 0 changed, 0 unchanged, 0 gone" in output
    assert not Service.objects.exists() and not DirectoryFeed.objects.exists()

    output = run(council, "--source", "Council", "--commit")
    assert "Synchronised Council (whole feed" in output and "5 new" in output
    assert Service.objects.filter(source="Council").count() == 5
    feed = DirectoryFeed.objects.get()
    assert feed.last_started_at and feed.last_report["create"] == 5
    # Its online service reaches Stage 3's online group.
    results = match_resources(criteria=MatchCriteria(radius_km=5), origin=None)
    online = ServiceAtLocation.objects.filter(
        pk__in=[m.service_at_location_id for m in results.national]
    )
    assert [link.service.name for link in online] == ["Chat by video"]

    # The feed changes: one renamed, one gone.
    services = fake_council.FEED["services"]
    services[0]["name"] = "Walk 0, renamed"
    services[0]["last_modified"] = "2999-01-01T00:00:00+00:00"
    gone = services.pop(1)
    output = run(council, "--commit", "--full")
    assert "1 changed" in output and "1 gone" in output
    assert f"gone      {gone['name']} (kept, marked inactive)" in output
    kept = Service.objects.get(source="Council", external_id=gone["id"])
    assert kept.status == Service.Status.INACTIVE  # never deleted: plans point at it
    assert Service.objects.filter(name="Walk 0, renamed").exists()

    # An incremental run asks only for what changed since the last run began.
    fake_council.FEED["seen"].clear()
    for item in services[1:]:
        item["last_modified"] = "2020-01-01T00:00:00+00:00"
    output = run(council, "--commit")
    assert "changes since the last run" in output
    pages = [seen for seen in fake_council.FEED["seen"] if "page" in seen]
    assert pages and all("modified_after" in seen for seen in pages)
    assert "0 new, 0 changed, 1 unchanged, 0 gone" in output  # only the recently changed one
    assert ImportRun.objects.filter(source="Council").count() == 3


def test_a_feed_that_fails_midway_changes_nothing(council):
    run(council, "--source", "Council", "--commit")
    before = sorted(Service.objects.values_list("name", "status", "updated_at"))
    fake_council.FEED["services"][0]["name"] = "Renamed"
    fake_council.FEED["services"].pop()
    fake_council.FEED["fail_on_page"] = 2
    with pytest.raises(CommandError, match="could not be synchronised"):
        call_command(
            "sync_openreferral",
            council,
            "--commit",
            "--full",
            "--retries",
            "1",
            "--rate",
            "1000",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert sorted(Service.objects.values_list("name", "status", "updated_at")) == before
    assert ImportRun.objects.count() == 1
    # Each failing page was retried with back-off before giving up.
    pages = [seen.get("page") for seen in fake_council.FEED["seen"] if "page" in seen]
    assert pages.count("2") == 2 + 1  # the first run's page 2, then two tries


def test_summary_records_are_fetched_in_full(council):
    fake_council.FEED["summaries"] = True
    feed = DirectoryFeed.objects.create(url=council, source="Council")
    client = sync.FeedClient(feed.url, min_interval=0, backoff=0)
    result = sync.feed_sync(feed=feed, locator=fake_council_locator(), commit=True, client=client)
    assert len(result.plan.create) == 5 and result.plan.rejected == []
    assert any("service" in seen for seen in fake_council.FEED["seen"])
    assert any("organization" in seen for seen in fake_council.FEED["seen"])
    walk = Service.objects.get(name="Walk 0")
    assert walk.service_at_locations.get().location.latitude == 50.9301


def fake_council_locator():
    from tests.resources.conftest import FakeLocator

    return FakeLocator()


def test_the_client_retries_backs_off_and_caps_size(council, monkeypatch):
    waits = []
    client = sync.FeedClient(council, retries=2, backoff=0.5, min_interval=0, sleep=waits.append)
    fake_council.FEED["fail_on_page"] = 1
    with pytest.raises(sync.FeedError, match="answered 500"):
        client.get("services", {"page": 1})
    assert waits == [0.5, 1.0]
    small = sync.FeedClient(council, max_bytes=100, min_interval=0)
    with pytest.raises(sync.FeedError, match="sent more than"):
        small.get("services", {"page": 2})
    with pytest.raises(sync.FeedError, match="not a web address"):
        sync.FeedClient("file:///etc/passwd")
    unreachable = sync.FeedClient("http://127.0.0.1:9/", retries=0, timeout=1)
    with pytest.raises(sync.FeedError, match="could not be reached"):
        unreachable.get("services")


def test_sync_from_another_genies_own_api(live_server, transactional_db, locator, monkeypatch):
    for n in range(3):
        service_at(name=f"Group {n}")
    feed = DirectoryFeed(url=live_server.url + "/openreferral/", source="Other Genie")
    client = sync.FeedClient(feed.url, min_interval=0)
    result = sync.feed_sync(feed=feed, locator=locator, commit=False, client=client)
    # Genie's ids are its own UUIDs, which match the records themselves: read back from
    # this Genie's API (one database in a test), every listing is recognised unchanged.
    assert (result.plan.create, result.plan.update, result.plan.unchanged) == ([], [], 3)
    assert result.plan.rejected == [] and result.gone == []


def test_feed_records_in_the_admin_dry_run_and_sync(council, admin_client):
    response = admin_client.post(
        "/admin/resources/directoryfeed/add/", {"url": council, "source": "Council"}
    )
    assert response.status_code == 302
    feed = DirectoryFeed.objects.get()
    changelist = "/admin/resources/directoryfeed/"
    page = admin_client.post(
        changelist, {"action": "dry_run", "_selected_action": [feed.pk]}, follow=True
    ).content.decode()
    assert "Council would change (dry run): 5 new" in page
    assert not Service.objects.exists()
    page = admin_client.post(
        changelist, {"action": "sync_now", "_selected_action": [feed.pk]}, follow=True
    ).content.decode()
    assert "Council synchronised: 5 new" in page
    assert Service.objects.filter(source="Council").count() == 5
    assert "5 new, 0 changed, 0 gone" in admin_client.get(changelist).content.decode()
