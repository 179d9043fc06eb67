"""Stages 1 to 3 in one go with the keyboard alone: Tab, Shift+Tab, Enter, Space,
arrow keys and typing. No mouse, no touch; every focus stop on the way shows where
focus is (tests/browser_helpers.tab_to checks each one).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from genie.models import Session
from tests.browser_helpers import Screenshots, assert_focus_visible, htmx_settled, tab_to
from tests.e2e.journey import ANSWERS, CHOSEN, COMPANIONS, NETWORK, PASSWORD, make_listings
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.browser

CIRCLES = ["Inner", "Middle", "Outer"]
CONTACTS = ["Daily", "Weekly", "Monthly", "Less often"]
SUPPORTS = ["Help with health", "Everyday help", "Emotional support"]


def press(page: Page, *keys: str) -> None:
    """Press keys; focus must still show afterwards (Enter may load a page: not checked)."""
    for key in keys:
        page.keyboard.press(key)
    if keys[-1] != "Enter":
        assert_focus_visible(page)


def sign_in(page: Page, username: str) -> None:
    tab_to(page, "Username")
    page.keyboard.type(username)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    press(page, "Enter")


def steps(page: Page, name: str, wanted: int, count: int) -> int:
    """Arrow presses from the checked radio of the add form's ``name`` group to ``wanted``."""
    checked = page.evaluate(
        "(n) => [...document.querySelectorAll(`#member-form form input[name=${n}]`)]"
        ".findIndex(r => r.checked)",
        name,
    )
    return (wanted - max(checked, 0)) % count


def add_member(page: Page, member) -> None:
    expect(page.get_by_label("Name or initials")).to_be_focused()
    page.keyboard.type(member.label)
    press(page, "Tab")  # Who or what: typing picks the option
    page.keyboard.type(member.kind)
    # The radios start as the last member added (Tab lands on the checked one).
    press(page, "Tab", *["ArrowDown"] * steps(page, "circle", CIRCLES.index(member.circle), 3))
    press(page, "Tab", *["ArrowRight"] * steps(page, "contact", CONTACTS.index(member.contact), 4))
    for support in SUPPORTS:
        press(page, "Tab")
        if support in member.supports:
            press(page, "Space")
    tab_to(page, "Add to the map")
    press(page, "Enter")
    expect(page.locator("#announcer")).to_contain_text(f"Added {member.label}")


def network_by_keyboard(page: Page) -> None:
    expect(page.get_by_role("heading", name="Your network")).to_be_visible()
    tab_to(page, "Name or initials")
    for member in NETWORK:
        add_member(page, member)
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(len(NETWORK))

    tab_to(page, "move Jean to the inner circle")
    press(page, "Enter")
    expect(page.locator("#announcer")).to_have_text("Moved Jean to the inner circle.")
    expect(page.get_by_role("button", name="move Jean to the middle circle")).to_be_focused()

    tab_to(page, "Change Tom")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Change Tom")).to_be_visible()
    tab_to(page, "Less often")  # Tab enters the group on the chosen radio
    press(page, "ArrowUp", "ArrowUp")
    expect(page.get_by_label("Weekly", exact=True)).to_be_checked()
    tab_to(page, "Emotional support")
    press(page, "Space")
    tab_to(page, "Save changes")
    press(page, "Enter")
    tom = page.get_by_role("row", name=re.compile("^Tom"))
    expect(tom).to_contain_text("Weekly")
    expect(tom).to_contain_text("Emotional")
    tab_to(page, "Continue to stage 2")
    press(page, "Enter")


def preferences_by_keyboard(page: Page) -> None:
    heading = page.get_by_role("heading", level=1)
    for number, position in enumerate(ANSWERS, start=1):
        expect(heading).to_contain_text(f"Question {number} of 13")
        if number == 1:
            tab_to(page, "Not at all")
        else:
            expect(heading).to_be_focused()  # the step was swapped in and focus moved here
            press(page, "Tab")
        press(page, "Space", *["ArrowDown"] * position)
        tab_to(page, "Continue")
        press(page, "Enter")

    expect(page.get_by_role("heading", name="Check your answers")).to_be_focused()
    tab_to(page, "Continue")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Getting to activities")).to_be_focused()
    tab_to(page, "Up to 1 mile")
    press(page, "ArrowDown")  # Up to 3 miles
    tab_to(page, "On foot")
    press(page, "Space")
    tab_to(page, "Bus or train")
    press(page, "Space")  # and the bus: Stage 3 looks as far as asked, not walking distance
    # Back up one to undo a slip: Shift+Tab works as well as Tab.
    tab_to(page, "On foot", back=True)
    expect(page.get_by_label(re.compile("^On foot"))).to_be_checked()
    tab_to(page, "Yes, free activities only")
    press(page, "ArrowDown")  # No, a small cost is fine
    tab_to(page, "Yes")  # step-free access: the next group's first radio
    press(page, "ArrowRight")  # No
    tab_to(page, "Save and see the interest profile")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="What Pat enjoys")).to_be_focused()
    tab_to(page, "Continue to local opportunities")
    press(page, "Enter")


def opportunities_by_keyboard(page: Page) -> None:
    results = page.get_by_role("heading", name=re.compile(r"^\d+ activities within"))
    expect(results).to_have_text(re.compile("^5 activities"))
    tab_to(page, "Type of activity")
    page.keyboard.type("Arts")  # type-ahead picks "Arts, crafts and music"; the list follows
    expect(results).to_have_text(re.compile("^2 activities"))
    assert_focus_visible(page)
    press(page, "Home")  # "All types"
    expect(results).to_have_text(re.compile("^5 activities"))

    for name in CHOSEN:
        tab_to(page, f"Choose {name}", limit=200)
        press(page, "Enter")
        expect(page.locator("#announcer")).to_have_text(f"Added “{name}” to the plan.")
    expect(page.get_by_role("heading", name="Chosen to try (3 of 3)")).to_be_visible()

    choices = page.get_by_role("region", name=re.compile("Chosen to try"))
    for index, (name, member) in enumerate(COMPANIONS.items()):
        htmx_settled(page)
        tab_to(page, "Who might come along?", limit=200)  # round the page to the choices
        page.keyboard.type(member)  # type-ahead picks them, and that saves at once
        expect(choices.get_by_text(f"{member} might come along to “{name}”")).to_be_visible()
        expect(choices.get_by_label("Who might come along?").nth(index)).to_be_focused()
    tab_to(page, "Continue to the plan")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Pat’s plan: things to try")).to_be_visible()
    tab_to(page, "Finish session")
    press(page, "Enter")


def test_stages_one_to_three_by_keyboard_alone(page, facilitator_user, organisation):
    make_listings()
    participant = ParticipantFactory(
        organisation=organisation,
        consent_recorded_by=facilitator_user,
        reference="KEYS-1",
        first_name="Pat",
        postcode_district="SO17",
    )
    shots = Screenshots("journey-keyboard")
    page.goto(f"/participants/{participant.pk}/")  # sign-in first, then straight there
    sign_in(page, facilitator_user.username)
    expect(page.get_by_role("heading", name="Pat")).to_be_visible()
    tab_to(page, "Start the first session")
    press(page, "Enter")
    expect(page.get_by_role("heading", name=re.compile("Wellbeing measures"))).to_be_visible()
    tab_to(page, "Skip the wellbeing questions")
    press(page, "Enter")

    network_by_keyboard(page)
    shots.take(page, "stage1")
    preferences_by_keyboard(page)
    shots.take(page, "stage3")
    opportunities_by_keyboard(page)
    shots.take(page, "finished")

    session = Session.objects.get(participant=participant)
    assert session.completed_at is not None
    assert list(session.chosen_activities.values_list("name", flat=True)) == CHOSEN
    companions = session.chosen_activities.values_list("companion_label", flat=True)
    assert [c for c in companions if c] == list(COMPANIONS.values())
