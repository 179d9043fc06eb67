"""From a public referral to a participant with a first session, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from genie.models import Participant
from referrals.models import Referral, Status
from tests.browser_helpers import assert_accessible

pytestmark = pytest.mark.browser


def test_a_self_referral_becomes_a_participant_with_a_first_session(
    page, login_page, organisation, facilitator_user
):
    # A person refers themselves, signed out.
    page.goto("/refer/")
    page.get_by_role("link", name=organisation.name).click()
    expect(page.get_by_role("heading", name="Refer someone to Genie")).to_be_visible()
    page.get_by_role("button", name="Send referral").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a phone number or an email address")
    assert_accessible(page, "referral form with errors")

    page.get_by_label("First name").fill("Doreen")
    page.get_by_label("Phone number (optional)").fill("07700 900123")
    page.get_by_label("Best times to get in touch (optional)").fill("Mornings")
    page.get_by_label("Postcode").fill("SO17 1BJ")
    page.get_by_label("Feeling lonely or isolated").check()
    page.get_by_label("The person themselves").check()
    page.get_by_label("The person has agreed to be contacted about Genie").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    assert "Doreen" not in page.url and "SO17" not in page.url
    assert Referral.objects.get().status == Status.NEW

    # The facilitator triages it and turns it into a participant.
    page.context.clear_cookies()
    login_page(facilitator_user)
    page.goto("/")
    page.get_by_role("link", name="Referrals").click()
    page.get_by_role("link", name="Doreen").click()
    expect(page.get_by_text("07700 900123")).to_be_visible()
    page.get_by_label("Contacted", exact=True).check()
    page.get_by_label("Note (optional)").fill("Rang her, would like to meet")
    page.get_by_role("button", name="Update status").click()
    expect(page.get_by_text("Status updated")).to_be_visible()
    assert_accessible(page, "referral")

    page.get_by_role("link", name="Add as a participant").click()
    expect(page.get_by_label("First name (optional)")).to_have_value("Doreen")
    expect(page.get_by_label("Postcode")).to_have_value("SO17")
    page.get_by_label("Reference").fill("REF-042")
    page.get_by_label("75 to 84").check()
    page.get_by_label("Woman", exact=True).check()
    page.get_by_label("The participant agrees that their answers are stored").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Participant added from the referral")).to_be_visible()
    page.get_by_role("button", name="Start the first session").click()
    # Every session opens with the (skippable) wellbeing questions.
    expect(page).to_have_url(re.compile(r"/sessions/[0-9a-f-]{36}/wellbeing/"))

    participant = Participant.objects.get(reference="REF-042")
    assert participant.sessions.count() == 1
    assert Referral.objects.get().participant == participant
