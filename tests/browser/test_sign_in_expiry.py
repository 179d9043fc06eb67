"""The sign-out warning and sign-in expiry in a real browser, with short timeouts (#14)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from playwright.sync_api import expect

from mapping.models import NetworkMember
from tests.browser_helpers import assert_accessible, assert_focus_visible

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


def sign_in_form(page, user):
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def type_member(page, label, circle, contact):
    form = page.locator("#member-form")
    form.get_by_label("Name or initials").fill(label)
    form.get_by_label("Who or what is it?").select_option(label="Friend")
    form.get_by_label(re.compile(f"^{circle}")).check()
    form.get_by_label(contact, exact=True).check()


def next_of(page):
    return parse_qs(urlsplit(page.url).query)["next"][0]


def nothing_typed_in_browser_storage(page, typed):
    # htmx remembers the current path (UUIDs only) across its HX-Redirect; nothing else.
    stored = page.evaluate("() => JSON.stringify([localStorage, sessionStorage])")
    assert typed not in stored, stored
    return True


def test_the_warning_comes_two_minutes_before_and_stay_signed_in_renews(
    page, login_page, facilitator_user, session, settings
):
    settings.SESSION_COOKIE_AGE = 123  # the warning opens about 3 seconds after loading
    login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/network/")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_accessible_description("You will be signed out in 2 minutes.")
    expect(dialog).to_contain_text(re.compile(r"You will be signed out in (2 minutes|1 minute)"))
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()  # the dialog takes focus: keyboard users land on the action
    assert_focus_visible(page)
    assert_accessible(page, "the sign-out warning")
    before = DjangoSession.objects.get().expire_date
    with page.expect_response(lambda r: r.url.endswith("/accounts/stay-signed-in/")) as renewal:
        page.keyboard.press("Enter")
    assert renewal.value.status == 204
    expect(dialog).to_be_hidden()
    assert DjangoSession.objects.get().expire_date > before
    # Escape also means "stay signed in".
    expect(dialog).to_be_visible(timeout=10_000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/network/$"))


def test_when_the_time_runs_out_the_browser_signs_out_and_returns_after_signing_in(
    page, login_page, facilitator_user, session, settings
):
    settings.SESSION_COOKIE_AGE = 5
    login_page(facilitator_user)
    network = f"/sessions/{session.pk}/network/"
    page.goto(network)
    expect(page.get_by_role("dialog")).to_contain_text("You will be signed out in")
    expect(page.get_by_role("heading", name="Sign in to Genie")).to_be_visible(timeout=15_000)
    assert next_of(page) == network
    expect(page.get_by_text("You were signed out because Genie had not been used")).to_be_visible()
    settings.SESSION_COOKIE_AGE = 1800
    sign_in_form(page, facilitator_user)
    expect(page).to_have_url(re.compile(re.escape(network) + "$"))
    expect(page.get_by_role("heading", name="Add someone or something")).to_be_visible()


def test_what_was_typed_before_expiry_is_saved_after_signing_in_again(
    page, login_page, facilitator_user, session, settings
):
    settings.SESSION_COOKIE_AGE = 8
    login_page(facilitator_user)
    network = f"/sessions/{session.pk}/network/"
    page.goto(network)
    type_member(page, "Eve Example", "Inner", "Weekly")
    signed_out = page.get_by_role("dialog", name="You have been signed out")
    expect(signed_out).to_be_visible(timeout=20_000)
    DjangoSession.objects.all().delete()  # the server's side of the expiry, to be sure
    settings.SESSION_COOKIE_AGE = 1800
    expect(signed_out.get_by_role("button", name="Sign in again")).to_be_focused()
    signed_out.get_by_role("button", name="Sign in again").click()
    expect(page.get_by_role("heading", name="Sign in to Genie")).to_be_visible()
    expect(page.get_by_text("What you sent has been kept")).to_be_visible()
    assert "Eve" not in page.url
    assert nothing_typed_in_browser_storage(page, "Eve")
    sign_in_form(page, facilitator_user)
    expect(page.get_by_text("Added Eve Example to the inner circle.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Eve Example")
    assert NetworkMember.objects.get().label == "Eve Example"
    assert nothing_typed_in_browser_storage(page, "Eve")


def test_an_htmx_action_after_expiry_goes_to_sign_in_and_is_then_saved(
    page, login_page, facilitator_user, session
):
    """The laptop slept: no warning ran, and the click arrives after expiry."""
    login_page(facilitator_user)
    network = f"/sessions/{session.pk}/network/"
    page.goto(network)
    type_member(page, "Sam Sample", "Outer", "Monthly")
    DjangoSession.objects.all().delete()
    page.get_by_role("button", name="Add to the map").click()
    expect(page.get_by_role("heading", name="Sign in to Genie")).to_be_visible()
    assert next_of(page) == network
    sign_in_form(page, facilitator_user)
    expect(page).to_have_url(re.compile(re.escape(network)))
    expect(page.get_by_role("table")).to_contain_text("Sam Sample")
    assert NetworkMember.objects.get().circle == "outer"
