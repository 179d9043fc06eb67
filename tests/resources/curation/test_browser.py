"""In a real browser: an admin previews and imports a file; the staleness queue; a report."""

import os
import re

import pytest
from playwright.sync_api import expect

from genie.models import Category
from resources import admin as resources_admin
from resources.models import ProblemReport, Service
from tests.resources.factories import ServiceFactory
from tests.resources.openreferral.test_importing import GOOD_CSV

pytestmark = pytest.mark.browser


def screenshot(page, name):
    """Saves a full-page picture for a person to look at, when GENIE_SCREENSHOTS names a folder."""
    if folder := os.environ.get("GENIE_SCREENSHOTS"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_admin_previews_then_imports_a_directory(login_page, admin, monkeypatch, locator):
    monkeypatch.setattr(resources_admin, "default_locator", lambda: locator)
    # Other live-server tests may have flushed the categories migrations seed.
    Category.objects.get_or_create(code="physical-activity", defaults={"name": "Physical activity"})
    page = login_page(admin)
    page.goto("/admin/resources/service/")
    page.get_by_role("link", name="Import listings").click()
    bad_row = "dup-1,,,active,,,,,o,Org,,,,,,,\n"
    page.get_by_label("Directory file").set_input_files(
        {"name": "council.csv", "mimeType": "text/csv", "buffer": (GOOD_CSV + bad_row).encode()}
    )
    page.get_by_label("Where it comes from").fill("Southampton council directory")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", name="Left out: 1")).to_be_visible()
    expect(page.get_by_role("cell", name="service_name is empty")).to_be_visible()
    expect(page.get_by_role("heading", name="Category terms not mapped: 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Kept, but needs a location: 1")).to_be_visible()
    screenshot(page, "curation-import-preview")
    assert not Service.objects.exists()

    page.get_by_role("button", name="Import 2 new and 0 changed").click()
    expect(page.get_by_text("Imported: 2 new and 0 changed listing(s)")).to_be_visible()
    expect(page.get_by_role("link", name="Itchen walkers")).to_be_visible()
    screenshot(page, "curation-changelist")
    page.get_by_role("link", name="Itchen walkers").click()
    expect(page.get_by_role("heading", name="Where it runs")).to_be_visible()
    screenshot(page, "curation-service")
    assert Service.objects.count() == 2


def test_staleness_queue_still_correct_without_reload(login_page, admin):
    ServiceFactory(name="Knit and natter")
    page = login_page(admin)
    page.goto("/curation/stale/")
    page.get_by_role("button", name=re.compile(r"Still correct.*Knit and natter")).click()
    expect(page.get_by_text("“Knit and natter” is marked as reviewed today.").first).to_be_visible()
    screenshot(page, "curation-stale")
    assert Service.objects.get().last_reviewed is not None


def test_facilitator_reports_a_problem_by_keyboard(login_page, facilitator_user):
    service = ServiceFactory(name="Men's shed")
    page = login_page(facilitator_user)
    page.goto(f"/curation/services/{service.pk}/report/")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("alert")).to_be_focused()
    page.get_by_label("The contact details are wrong").check()
    page.get_by_label("Tell us more").fill("The number is now 023 8000 2222")
    page.get_by_label("Tell us more").press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    screenshot(page, "curation-report")
    assert ProblemReport.objects.get().kind == "wrong-contact"
