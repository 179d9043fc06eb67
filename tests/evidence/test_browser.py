"""A commissioner filters the dashboard to one area and downloads a table."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible
from tests.evidence.conftest import seed_sessions

pytestmark = pytest.mark.browser


def test_commissioner_filters_to_an_area_and_downloads_csv(
    page, login_page, commissioner_user, organisation
):
    seed_sessions(organisation, district="SO17", count=3)
    seed_sessions(organisation, district="SO17", count=6, follow_ups=False)
    seed_sessions(organisation, district="SO50", count=10)
    login_page(commissioner_user)
    page.goto("/evidence/")
    expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()
    headline = page.get_by_role("list", name="Headline figures")
    expect(headline).to_contain_text("19")
    assert_accessible(page)

    area = page.get_by_role("textbox", name="Area")
    area.fill("SO17; DROP")
    page.get_by_role("button", name="Show evidence").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Enter postcode districts like SO17")
    area = page.get_by_role("textbox", name="Area")
    expect(area).to_have_value("SO17; DROP")  # kept, to correct

    area.fill("SO17")
    page.get_by_role("button", name="Show evidence").click()
    summary = page.get_by_role("heading", name=re.compile("area SO17"))
    expect(summary).to_be_focused()  # htmx swapped the panels and moved focus to them
    expect(page).to_have_url(re.compile(r"area=SO17"))
    expect(headline).to_contain_text("9")
    sessions = page.locator("#panel-sessions")
    expect(sessions.get_by_role("row", name=re.compile("Follow-ups"))).to_contain_text(
        "fewer than 5"
    )

    with page.expect_download() as download_info:
        sessions.get_by_role("link", name=re.compile("Download this table")).click()
    download = download_info.value
    assert download.suggested_filename == "genie-sessions.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert "Follow-ups,fewer than 5" in content
    assert "SO50" not in content
