"""A facilitator draws a six-member map in a real browser with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible

pytestmark = pytest.mark.browser

# label, kind (typed into the select), circle (0 inner), contact (0 daily), supports
SIX = [
    ("Dave", "Family", 0, 0, {1, 2}),
    ("Sarah", "Family", 0, 1, {2}),
    ("Jean", "Friend", 1, 1, {2}),
    ("Walking group", "Group", 2, 1, set()),
    ("Dr Okafor", "Professional", 1, 2, {0}),
    ("Biscuit", "Pet", 0, 0, {2}),
]


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.id || '') + '|' + (e.textContent || '').trim(); }"
    )


def tab_to(page, wanted: str, limit: int = 150):
    """Press Tab until the focused element's id or text contains ``wanted``."""
    for _ in range(limit):
        if wanted in focused(page):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Could not reach {wanted!r} with the Tab key")


def add_by_keyboard(page, label, kind, circle, contact, supports):
    expect(page.locator("#id_label")).to_be_focused()
    page.keyboard.type(label)
    page.keyboard.press("Tab")  # kind
    page.keyboard.type(kind)
    page.keyboard.press("Tab")  # circle: Space picks the first, arrows move on
    page.keyboard.press("Space")
    for _ in range(circle):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # contact
    page.keyboard.press("Space")
    for _ in range(contact):
        page.keyboard.press("ArrowRight")
    for index in range(3):  # support checkboxes
        page.keyboard.press("Tab")
        if index in supports:
            page.keyboard.press("Space")
    page.keyboard.press("Tab")  # note
    page.keyboard.press("Tab")  # "Add to the map"
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_contain_text(f"Added {label}")


def test_build_a_six_member_map_by_keyboard_only(login_page, facilitator_user, session):
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/network/")
    tab_to(page, "id_label")
    for member in SIX:
        add_by_keyboard(page, *member)

    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(page.locator(".genie-map__member")).to_have_count(6)
    feedback = page.locator("#network-feedback")
    expect(feedback).to_contain_text("A diverse network")
    expect(feedback).to_contain_text("Everyday help: Dave")
    expect(feedback).to_contain_text("Help with health: Dr Okafor")
    expect(page.get_by_role("img", name="Network map of Pat (REF-1)")).to_contain_text(
        "3 in the inner circle"
    )

    # Move Jean closer with the keyboard: no dragging anywhere.
    tab_to(page, "move Jean to the inner circle")
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_have_text("Moved Jean to the inner circle.")
    expect(page.locator("#member-list tr", has_text="Jean")).to_contain_text("Inner")
    # Focus stays in Jean's row, on the move button that is left.
    expect(page.get_by_role("button", name="move Jean to the middle circle")).to_be_focused()

    # Remove Biscuit and undo it, still by keyboard.
    tab_to(page, "Remove Biscuit")
    page.keyboard.press("Enter")
    expect(page.locator("#network-notice")).to_contain_text("Biscuit (pet) was removed")
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_have_text("Put Biscuit back on the map.")
    expect(table.locator("tbody tr")).to_have_count(6)


def test_the_drawn_map_page_passes_axe(login_page, facilitator_user, session):
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/network/")
    tab_to(page, "id_label")
    add_by_keyboard(page, *SIX[0])
    add_by_keyboard(page, *SIX[3])
    assert_accessible(page, impacts=None)
