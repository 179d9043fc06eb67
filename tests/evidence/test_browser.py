"""A commissioner filters the dashboard to one area and downloads a table."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible
from tests.evidence.conftest import build_groups, seed_sessions

pytestmark = pytest.mark.browser


def test_commissioner_filters_to_an_area_and_downloads_csv(
    page, login_page, commissioner_user, organisation
):
    seed_sessions(organisation, district="SO17", count=3)
    seed_sessions(organisation, district="SO17", count=6, follow_ups=False)
    seed_sessions(organisation, district="SO50", count=10)
    build_groups(minimum=5)
    login_page(commissioner_user)
    page.goto("/evidence/")
    expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()
    headline = page.get_by_role("list", name="Headline figures")
    expect(headline).to_contain_text("20")  # 19 people, rounded to the nearest 5
    assert_accessible(page)

    page.get_by_role("textbox", name="From").fill("2026-07")
    page.get_by_role("textbox", name="To").fill("2026-01")
    area = page.get_by_role("combobox", name="Area")
    area.select_option(label="SO17")
    page.get_by_role("button", name="Show evidence").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("The last month must be")
    expect(page.get_by_role("combobox", name="Area")).to_have_value(re.compile("g"))  # kept

    page.get_by_role("textbox", name="From").fill("")
    page.get_by_role("textbox", name="To").fill("")
    page.get_by_role("button", name="Show evidence").click()
    summary = page.get_by_role("heading", name=re.compile("area SO17"))
    expect(summary).to_be_focused()  # htmx swapped the panels and moved focus to them
    expect(page).to_have_url(re.compile(r"area=g\d+"))
    expect(headline).to_contain_text("10")  # 9 people
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


def test_board_report_prints_on_two_to_four_a4_pages(
    page, login_page, commissioner_user, organisation
):
    from tests.evidence.stories import contrasting_story, story
    from tests.resources.factories import listing

    walking = listing("Walking group", km_north=1.0)
    for _ in range(8):
        story(organisation, listings=[walking], favourites=(2,))
    for _ in range(5):
        contrasting_story(organisation, listings=[walking])
    seed_sessions(organisation, district="SO18", count=12)
    build_groups(minimum=5)
    login_page(commissioner_user)
    page.goto("/evidence/")
    page.get_by_role("link", name=re.compile("Board report")).click()
    expect(page.get_by_role("heading", name="Evidence report")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 4, pages
