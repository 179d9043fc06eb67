"""A facilitator signs in, adds a participant with consent and starts a session."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import commissioner

pytestmark = pytest.mark.browser


def test_facilitator_adds_participant_and_starts_session(page, facilitator_user):
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Genie")).to_be_visible()
    page.get_by_label("Username").fill("faye")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Participants", exact=True)).to_be_visible()

    page.get_by_role("button", name="Add a participant").click()
    # Submitting with problems shows the error summary and keeps what was typed.
    page.get_by_label("Reference").fill("BROWSER-1")
    page.get_by_label("Postcode").fill("nowhere")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Reference")).to_have_value("BROWSER-1")

    page.get_by_label("Postcode").fill("so17 1bj")
    page.get_by_label("75 to 84").check()
    page.get_by_label("Woman").check()
    page.get_by_label("COPD").check()
    page.get_by_label("agrees that their answers are stored").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="BROWSER-1")).to_be_visible()
    expect(page.get_by_text("SO17", exact=True)).to_be_visible()

    page.get_by_role("button", name="Start the first session").click()
    expect(page).to_have_url(re.compile(r"/sessions/[0-9a-f-]+/network/$"))
    expect(page.get_by_role("navigation", name="Session stages")).to_contain_text("Your network")


def test_commissioner_cannot_open_a_participant(page, login_page, participant):
    login_page(commissioner(username="cara2"))
    response = page.goto(f"/participants/{participant.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    expect(page.get_by_text(participant.reference)).to_have_count(0)
