"""The participant's own Genie in a real browser on a phone-sized screen (#20):
the facilitator gives a code on the plan, the participant sets up a sign-in, signs
in, sees their plan and map and says how an activity went, and the facilitator's
follow-up review starts from it. axe-core finds nothing serious on any of their pages."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mapping import services as mapping_services
from resources.models import ChosenActivity, OwnActivityReport
from tests.browser_helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    assert_targets_large_enough,
)
from tests.mapping.factories import NetworkMemberFactory
from tests.resources.factories import listing

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PASSWORD = "a long walk by the river"  # noqa: S105 - test data


def check(page, where):
    assert_accessible(page, where)
    assert_no_horizontal_scroll(page, where)
    assert_targets_large_enough(page, where)


def test_invitation_to_follow_up(page, login_page, browser, live_server, participant, session):
    choice = ChosenActivity.objects.create(
        session=session, service_at_location=listing("Walking group"), name="Walking group"
    )
    NetworkMemberFactory(
        snapshot=mapping_services.snapshot_open(session=session), label="Jo", note="STAFF NOTE"
    )
    session.completed_at = timezone.now()
    session.save()
    listing("Community choir", km_north=0.5)

    # The facilitator gives a one-time code at the end of the session, on the plan.
    login_page(session.facilitator)
    page.goto(f"/sessions/{session.pk}/plan/")
    page.get_by_role("button", name="Give a code to set up their sign-in").click()
    code_text = page.locator(".genie-own-sign-in__value").inner_text()
    code = re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code_text.strip()).group(0)

    # The participant, on their phone.
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(20_000)
    phone = context.new_page()
    try:
        phone.goto("/accounts/login/")
        phone.get_by_role("link", name="set up your Genie sign-in").click()
        check(phone, "set-up page")
        phone.get_by_label("Your code").fill(code.lower())
        phone.get_by_label("Choose a username").fill("pat.own")
        phone.get_by_label("Choose a password").fill(PASSWORD)
        phone.get_by_label("Type the password again").fill(PASSWORD)
        phone.get_by_role("button", name="Set up my sign-in").click()
        expect(phone.get_by_text("Your Genie sign-in is ready")).to_be_visible()
        phone.get_by_label("Username").fill("pat.own")
        phone.get_by_label("Password").fill(PASSWORD)
        phone.get_by_role("button", name="Sign in").click()

        expect(phone.get_by_role("heading", name=re.compile("Hello|My Genie"))).to_be_visible()
        check(phone, "own home")
        phone.get_by_role("link", name="See my plan").click()
        expect(phone.get_by_role("heading", name="Walking group")).to_be_visible()
        check(phone, "own plan")

        phone.goto("/me/")
        phone.get_by_role("link", name="Say how an activity went").click()
        check(phone, "own activities")
        phone.get_by_role("link", name=re.compile("^Say how it went.*Walking group")).click()
        check(phone, "own activity")
        phone.get_by_role("button", name="Save").click()  # nothing chosen yet
        expect(phone.get_by_text("There is a problem")).to_be_visible()
        check(phone, "own activity with an error")
        phone.get_by_label("Not yet").check()
        phone.get_by_label("Getting there").check()
        phone.get_by_role("button", name="Save").click()
        expect(phone.get_by_text("You said: Not yet (getting there)")).to_be_visible()

        phone.goto("/me/")
        phone.get_by_role("link", name="Look for something new").click()
        check(phone, "own activity search")
        phone.get_by_role("button", name=re.compile("^Add to my plan.*Community choir")).click()
        expect(phone.get_by_text("Added “Community choir” to your plan")).to_be_visible()
        expect(phone.get_by_role("heading", name="Community choir")).to_be_visible()

        phone.goto("/me/map/")
        expect(phone.get_by_role("rowheader", name="Jo")).to_be_visible()
        expect(phone.get_by_text("STAFF NOTE")).to_have_count(0)
        check(phone, "own map")
        phone.get_by_role("link", name="Redraw my map").click()
        check(phone, "own map redraw")
        phone.get_by_role("group", name=re.compile("^Jo")).get_by_label("Inner circle").check()
        phone.get_by_label("Name (optional)").first.fill("Choir friends")
        phone.get_by_label("Which circle").first.select_option("outer")
        phone.get_by_role("button", name="Save my new map").click()
        expect(phone.get_by_text("Your new map is saved")).to_be_visible()
        expect(phone.get_by_role("rowheader", name="Choir friends")).to_be_visible()
        check(phone, "own map after the redraw")
        for where in ("/me/account/", "/me/erasure/"):
            phone.goto(where)
            check(phone, where)
    finally:
        context.close()

    report = OwnActivityReport.objects.get(chosen_activity=choice)
    assert (report.status, report.reason) == ("not-yet", "transport")

    # At the next session the facilitator's review starts from what they said.
    page.goto(f"/participants/{participant.pk}/")
    page.get_by_role("button", name="Start a follow-up session").click()
    follow_up = participant.sessions.get(kind="follow-up")
    page.goto(f"/sessions/{follow_up.pk}/review/")
    expect(page.get_by_text(re.compile("said “Not yet” \\(getting there\\) on"))).to_be_visible()
    expect(page.get_by_label("Not tried").first).to_be_checked()
    expect(page.get_by_label("Getting there").first).to_be_checked()
    expect(page.get_by_text(re.compile("Added by .* from their own sign-in"))).to_be_visible()
    expect(page.get_by_text(re.compile("redrew their map on"))).to_be_visible()
    expect(page.get_by_text("Added Choir friends")).to_be_visible()
