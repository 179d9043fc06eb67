"""A facilitator takes a participant through Stage 2 in a real browser, by keyboard only."""

import os
import re

import pytest
from playwright.sync_api import expect

from genie.models import Stage
from questionnaire import selectors
from tests.browser_helpers import assert_accessible

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("GENIE_SCREENSHOTS")  # a folder, to look at the pages by eye

# Answer positions, 0 = "Not at all" ... 3 = "Very much", 4 = "Prefer not to say".
ANSWERS = [3, 2, 3, 1, 3, 0, 2, 1, 4, 0, 2, 1, 0]


def tab_to(page, name, *, limit=60):
    """Press Tab until the focused element's accessible text contains `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " const t = e.labels && e.labels[0] ? e.labels[0] : e;"
            " return (t.textContent || '').replace(/\\s+/g, ' ').trim(); }"
        )
        if name in focused:
            return
    raise AssertionError(f"Could not reach {name!r} with the Tab key")


def choose_radio(page, position):
    """In a radio group (focus on its first radio), select the option at `position`."""
    page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")


def snap(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_all_questions_and_constraints_by_keyboard(login_page, facilitator_user, session):
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/preferences/")
    expect(page).to_have_url(re.compile(r"/preferences/questions/1/$"))
    snap(page, "1-question")
    assert_accessible(page, impacts=None)
    page.evaluate("window.genieSamePage = true")  # lost if a step reloads the whole page

    for number, position in enumerate(ANSWERS, start=1):
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_contain_text(f"Question {number} of 13")
        if number == 13:
            # Every answer was saved as it was given, before the end.
            assert selectors.session_progress(session=session).next_unanswered.number == 13
        if number == 1:
            tab_to(page, "Not at all")  # from the top of a freshly loaded page
        else:
            expect(heading).to_be_focused()  # htmx swapped the step and moved focus here
            page.keyboard.press("Tab")
        choose_radio(page, position)
        tab_to(page, "Continue")
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Check your answers")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/preferences/check/$"))
    assert page.evaluate("window.genieSamePage === true")  # htmx swapped each step
    snap(page, "2-check")
    # Change question 6 from "Not at all" to "Very much".
    tab_to(page, "Change question 6")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Question 6 of 13")
    expect(page.get_by_label("Not at all")).to_be_checked()
    # Wait for focus to reach the new heading, as a keyboard user would before moving on.
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Save and go back")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    row = page.locator(".nhsuk-summary-list__row").nth(5)
    expect(row).to_contain_text("Very much")
    expect(page.locator(".nhsuk-summary-list__row").nth(8)).to_contain_text("Prefer not to say")

    tab_to(page, "Continue")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Getting to activities")).to_be_focused()
    tab_to(page, "Up to 1 mile")  # Tab enters a radio group; arrows move within it
    page.keyboard.press("ArrowDown")  # "Up to 3 miles"
    tab_to(page, "Bus or train")
    page.keyboard.press("Space")
    tab_to(page, "Yes, free activities only")
    page.keyboard.press("Space")
    tab_to(page, "Yes")  # step-free access: the next group's first radio
    page.keyboard.press("ArrowRight")  # "No"
    tab_to(page, "Tuesday")
    page.keyboard.press("Space")
    tab_to(page, "Mornings")
    page.keyboard.press("Space")
    snap(page, "3-constraints")
    tab_to(page, "Save and see the interest profile")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="What Pat enjoys")).to_be_focused()
    expect(page.locator(".genie-profile__top")).to_contain_text("physical activity")
    expect(page.locator(".genie-profile__top")).to_contain_text("volunteering")
    expect(page.get_by_text("Not known")).to_have_count(0)  # skipped items weigh elsewhere too
    expect(page.get_by_text("Up to 3 miles")).to_be_visible()
    snap(page, "4-profile")
    assert_accessible(page, impacts=None)

    constraints = selectors.session_constraints(session=session)
    assert constraints.travel_modes == ("bus",) and constraints.free_only
    assert not constraints.step_free and constraints.days == ("TU",)

    tab_to(page, "Continue to local opportunities")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/opportunities/$"))
    session.refresh_from_db()
    assert session.stage == Stage.OPPORTUNITIES


def test_reload_and_back_keep_the_place(login_page, facilitator_user, session, answer):
    """History entries are real URLs: Back and reload land on the right question."""
    answer(1, 1)
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/preferences/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Question 2 of 13")
    page.get_by_label("Very much").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/questions/3/$"))
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Question 2 of 13")
    expect(page.get_by_label("Very much")).to_be_checked()
    page.reload()
    expect(page.get_by_label("Very much")).to_be_checked()
