"""A facilitator starts a follow-up, says how last time's activities went
(keyboard only, fixing a mistake), then reads the session summary."""

import re

import pytest
from playwright.sync_api import expect

from resources.models import ActivityOutcome
from tests.browser_helpers import assert_accessible
from tests.evidence.stories import story
from tests.resources.factories import listing

pytestmark = pytest.mark.browser


def test_follow_up_review_and_summary(page, login_page, facilitator_user, organisation):
    person = story(
        organisation,
        user=facilitator_user,
        listings=[listing("Walking group"), listing("Choir", categories=("arts-crafts-music",))],
        label="Auntie Bea",
        follow_up=False,
        first_name="Maggie",
    )
    login_page(facilitator_user)
    page.goto(f"/participants/{person.pk}/")
    page.get_by_role("button", name="Start a follow-up session").click()
    page.get_by_role("button", name="Skip the wellbeing questions").click()
    expect(
        page.get_by_role("heading", name=re.compile("How did the activities go"))
    ).to_be_visible()
    expect(page.get_by_role("navigation", name="Session stages")).to_contain_text("How it went")
    assert_accessible(page)

    walking = page.get_by_role("group", name="Walking group")
    walking.get_by_role("radio", name="Not tried").check()
    page.get_by_role("button", name=re.compile("Save and go on")).click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select what got in the way of Walking group")
    expect(summary).to_contain_text("Select whether Choir was tried")

    # Follow the error links and answer by keyboard.
    summary.get_by_role("link", name="Select what got in the way of Walking group").click()
    reason = page.get_by_role("group", name="Walking group").get_by_role(
        "radio", name="Getting there"
    )
    expect(
        page.get_by_role("group", name="Walking group").get_by_role("radio", name="Cost")
    ).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(reason).to_be_checked()
    page.get_by_role("group", name="Choir").get_by_role(
        "radio", name="Tried it and still going"
    ).check()
    page.get_by_role("button", name=re.compile("Save and go on")).click()
    expect(page).to_have_url(re.compile(r"/network/$"))
    assert ActivityOutcome.objects.filter(status="not-tried", reason="transport").count() == 1

    page.goto(f"/participants/{person.pk}/")
    page.get_by_role("link", name=re.compile("Summary of the follow-up")).click()
    expect(page.get_by_role("heading", name=re.compile("Session summary"))).to_be_visible()
    outcomes = page.get_by_role("table").filter(has_text="What got in the way")
    expect(outcomes.get_by_role("row", name=re.compile("Walking group"))).to_contain_text(
        "Getting there"
    )
    expect(outcomes.get_by_role("row", name=re.compile("Choir"))).to_contain_text("still going")
    # Then and now, side by side (#16).
    expect(page.get_by_role("img", name=re.compile("^Last time’s network map"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^This time’s network map"))).to_be_visible()
    assert_accessible(page)
