"""The steps of one facilitated session, as a facilitator and participant take them.

Each step asserts what a person would see (roles, labels, visible text) and hands
every page and major htmx state to ``look``, which runs the checks the calling test
asks for (axe-core, layout, screenshots). Tests compose the steps; a follow-up
segment plugs in after ``finish_session`` (see ``follow_up_session``).
"""

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser_helpers import (
    Screenshots,
    assert_accessible,
    assert_no_horizontal_scroll,
    assert_targets_large_enough,
    htmx_settled,
)
from tests.resources.factories import listing

PASSWORD = "correct-horse-battery"  # tests/factories.py
# scripts/screenshots.py sets this to a folder (docs/screenshots) for the README's pictures.
DOCS_SCREENSHOTS = os.environ.get("GENIE_DOCS_SCREENSHOTS")
DOCS_STEPS = {
    "participant",
    "stage1-network",
    "stage2-question",
    "stage3-chosen",
    "plan",
    "evidence",
}


@dataclass
class Look:
    """What to check on every page and state the journey reaches."""

    shots: Screenshots
    axe: bool = True
    layout: bool = False
    seen: list[str] = field(default_factory=list)

    def __call__(self, page: Page, name: str) -> None:
        self.seen.append(name)
        if self.layout:
            assert_no_horizontal_scroll(page, name)
            assert_targets_large_enough(page, name)
        if self.axe:
            assert_accessible(page, name)
        self.shots.take(page, name)
        if DOCS_SCREENSHOTS and name in DOCS_STEPS:
            # A tall window rather than a full-page capture, which unsticks sticky panels.
            size = page.viewport_size
            page.set_viewport_size({"width": size["width"], "height": 1300})
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=Path(DOCS_SCREENSHOTS) / f"{name}.png")
            page.set_viewport_size(size)


@dataclass(frozen=True)
class Member:
    label: str
    kind: str  # the option shown in "Who or what is it?"
    circle: str  # the start of the radio's label
    contact: str
    supports: tuple[str, ...] = ()


# Ten members: every circle, most kinds, every kind of support.
NETWORK = [
    Member("Dave", "Family", "Inner", "Daily", ("Everyday help",)),
    Member("Sarah", "Family", "Inner", "Weekly", ("Emotional support",)),
    Member("Jean", "Friend", "Middle", "Weekly", ("Emotional support",)),
    Member("Ray", "Neighbour", "Middle", "Weekly", ("Everyday help",)),
    Member("Dr Okafor", "Professional or service", "Outer", "Monthly", ("Help with health",)),
    Member("Walking group", "Group or organisation", "Outer", "Weekly"),
    Member("Biscuit", "Pet", "Inner", "Daily", ("Emotional support",)),
    Member("Library", "Place", "Outer", "Monthly"),
    Member("Tom", "Colleague", "Outer", "Less often"),
    Member("Choir", "Activity", "Middle", "Weekly"),
]

# Listings near SO17 (the participant's district); the first three are chosen.
CHOSEN = ["Gentle walking group", "Knit and natter", "Community choir"]
COMPANIONS = {"Gentle walking group": "Jean", "Knit and natter": "Sarah"}


def make_listings() -> None:
    """Local activities for Stage 3 (the live server's database starts empty of them)."""
    listing(CHOSEN[0], km_north=0.5, categories=["physical-activity"])
    listing(CHOSEN[1], km_north=1.0, categories=["arts-crafts-music", "social-friendship"])
    listing(CHOSEN[2], km_north=1.5, categories=["arts-crafts-music"], is_free=False, cost="£2")
    listing("Coffee morning", km_north=2.0, categories=["social-friendship"])
    listing("Allotment club", km_north=2.5, categories=["physical-activity"])


def sign_in(page: Page, look: Look, username: str, *, mistype: bool = False) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Genie")).to_be_visible()
    look(page, "sign-in")
    if mistype:
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("Enter a correct username and password")
        look(page, "sign-in-error")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Genie")).to_be_visible()


def add_participant(page: Page, look: Look, reference: str) -> None:
    expect(page.get_by_role("heading", name="Participants", exact=True)).to_be_visible()
    look(page, "participants")
    page.get_by_role("button", name="Add a participant").click()
    page.get_by_label("Reference").fill(reference)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    look(page, "participant-form-errors")

    page.get_by_label("First name (optional)").fill("Pat")
    page.get_by_label("Postcode").fill("so17 1bj")
    page.get_by_label("75 to 84").check()
    page.get_by_label("Woman").check()
    page.get_by_label("COPD").check()
    page.get_by_label("agrees that their answers are stored").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Pat")).to_be_visible()
    expect(page.get_by_text("SO17", exact=True)).to_be_visible()
    look(page, "participant")
    page.get_by_role("button", name="Start the first session").click()
    wellbeing(page, look)
    expect(page.get_by_role("heading", name="Your network")).to_be_visible()


def wellbeing(page: Page, look: Look) -> None:
    """Each session opens with the wellbeing measures: two answered, the rest left."""
    expect(page.get_by_role("heading", name=re.compile("Wellbeing measures"))).to_be_visible()
    expect(page.get_by_role("navigation", name="Session stages")).to_contain_text("Wellbeing")
    page.get_by_role("group", name=re.compile("how satisfied are you with your life")).get_by_label(
        "6", exact=True
    ).check()
    page.get_by_role("group", name="How often do you feel lonely?").get_by_label(
        "Occasionally"
    ).check()
    look(page, "wellbeing")
    page.get_by_role("button", name="Save and continue").click()


def add_member(page: Page, member: Member) -> None:
    form = page.locator("#member-form")
    form.get_by_label("Name or initials").fill(member.label)
    form.get_by_label("Who or what is it?").select_option(label=member.kind)
    form.get_by_label(re.compile(f"^{member.circle}")).check()
    form.get_by_label(member.contact, exact=True).check()
    for support in member.supports:
        form.get_by_label(re.compile(f"^{support}")).check()
    form.get_by_role("button", name="Add to the map").click()
    expect(page.locator("#announcer")).to_contain_text(f"Added {member.label}")


def build_network(page: Page, look: Look) -> None:
    """Stage 1: ten members, one moved, one changed; the feedback follows the map."""
    look(page, "stage1-empty")
    page.get_by_role("button", name="Add to the map").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name or initials")
    look(page, "stage1-error")

    for number, member in enumerate(NETWORK, start=1):
        add_member(page, member)
        members = page.get_by_role("table").locator("tbody tr")
        expect(members).to_have_count(number)
        if number == 1:
            look(page, "stage1-first-member")
    picture = page.get_by_role("group", name=re.compile("Network map of Pat"))
    expect(picture).to_contain_text("3 in the inner circle")

    # Move Jean closer: a button, no dragging.
    page.get_by_role("button", name="move Jean to the inner circle").click()
    expect(page.locator("#announcer")).to_have_text("Moved Jean to the inner circle.")
    expect(page.get_by_role("row", name=re.compile("^Jean"))).to_contain_text("Inner")
    expect(picture).to_contain_text("4 in the inner circle")
    look(page, "stage1-moved")

    # Change Tom: now in touch weekly, and gives emotional support.
    page.get_by_role("link", name="Change Tom").click()
    form = page.locator("#member-form")
    expect(form.get_by_role("heading", name="Change Tom")).to_be_visible()
    form.get_by_label("Weekly", exact=True).check()
    form.get_by_label(re.compile("^Emotional support")).check()
    form.get_by_label("Note (optional)").fill("Used to work together at the docks")
    look(page, "stage1-editing")
    form.get_by_role("button", name="Save changes").click()
    tom = page.get_by_role("row", name=re.compile("^Tom"))
    expect(tom).to_contain_text("Weekly")
    expect(tom).to_contain_text("Emotional")
    expect(page.get_by_role("heading", name="Add someone or something")).to_be_visible()

    feedback = page.get_by_role("region", name="What the map shows")
    expect(feedback.get_by_role("definition").last).to_be_visible()
    expect(feedback).to_contain_text("Everyday help: Dave, Ray")
    expect(feedback).to_contain_text("Help with health: Dr Okafor")
    expect(feedback.get_by_role("term").filter(has_text="Everyone")).to_be_visible()
    look(page, "stage1-network")
    page.get_by_role("button", name="Continue to stage 2").click()


# Answer positions: 0 "Not at all" ... 3 "Very much", 4 "Prefer not to say".
ANSWERS = [3, 2, 3, 1, 3, 0, 2, 1, 4, 3, 2, 1, 0]


def answer_preferences(page: Page, look: Look) -> None:
    """Stage 2: all thirteen questions, the answers checked, then the practical side."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Question 1 of 13")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    look(page, "stage2-question-error")
    for number, position in enumerate(ANSWERS, start=1):
        expect(heading).to_contain_text(f"Question {number} of 13")
        page.get_by_role("radio").nth(position).check()
        if number == 2:
            look(page, "stage2-question")
        page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    look(page, "stage2-check-answers")
    page.get_by_role("button", name="Continue", exact=True).click()

    expect(page.get_by_role("heading", name="Getting to activities")).to_be_visible()
    page.get_by_label("Up to 3 miles").check()
    page.get_by_label("On foot, with a walking aid").check()
    page.get_by_label("Bus or train").check()
    page.get_by_label("No, a small cost is fine").check()
    page.get_by_role("group", name="Do you need step-free access?").get_by_label("No").check()
    look(page, "stage2-constraints")
    page.get_by_role("button", name="Save and see the interest profile").click()

    expect(page.get_by_role("heading", name="What Pat enjoys")).to_be_visible()
    expect(page.get_by_text("Up to 3 miles")).to_be_visible()
    look(page, "stage2-profile")
    page.get_by_role("button", name="Continue to local opportunities").click()


def wait_for_map(page: Page) -> None:
    """Wait, as the participant would, for the map to show its numbered pins."""
    area_map = page.get_by_title(re.compile("^Map of the activities listed below")).content_frame
    expect(area_map.locator(".leaflet-marker-icon").last).to_be_visible()


def choose_activities(page: Page, look: Look) -> None:
    """Stage 3: filter, choose three, say who might come along, go to the plan."""
    expect(page.get_by_role("heading", name="Things to try near SO17")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^5 activities within"))).to_be_visible()
    wait_for_map(page)
    look(page, "stage3")

    page.get_by_label("Type of activity").select_option(label="Arts, crafts and music")
    expect(page.get_by_role("heading", name=re.compile("^2 activities within"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Coffee morning"))).to_have_count(0)
    wait_for_map(page)
    look(page, "stage3-filtered")
    page.get_by_label("Type of activity").select_option(label="All types")
    expect(page.get_by_role("heading", name=re.compile("^5 activities within"))).to_be_visible()

    choices = page.get_by_role("region", name=re.compile("Chosen to try"))
    for name in CHOSEN:
        page.get_by_role("button", name=f"Choose {name}").click()
        expect(page.locator("#announcer")).to_have_text(f"Added “{name}” to the plan.")
    expect(choices.get_by_role("heading", name="Chosen to try (3 of 3)")).to_be_visible()
    for name, member in COMPANIONS.items():
        htmx_settled(page)
        item = choices.get_by_role("listitem").filter(has_text=name)
        kind = next(m.kind for m in NETWORK if m.label == member)
        # Saved as soon as picked: no Save button to miss.
        item.get_by_label("Who might come along?").select_option(label=f"{member} ({kind})")
        expect(choices.get_by_text(f"{member} might come along to “{name}”")).to_be_visible()
    look(page, "stage3-chosen")
    page.get_by_role("button", name="Continue to the plan").click()


def check_plan(page: Page, look: Look, pdf_path: Path) -> None:
    """The plan on screen, then printed to PDF with the chosen activities in it."""
    expect(page.get_by_role("heading", name="Pat’s plan: things to try")).to_be_visible()
    for name in CHOSEN:
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    for member in COMPANIONS.values():
        expect(page.get_by_text(re.compile(rf"^{member}\b.*might come along\.$"))).to_be_visible()
    look(page, "plan")

    pdf = page.pdf(format="A4", print_background=True)
    pdf_path.write_bytes(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for name in [*CHOSEN, *COMPANIONS.values(), "If you need help"]:
        assert name in text, f"{name!r} is not in the printed plan: {text[:500]}"
    assert "Finish session" not in text, "screen-only controls are left off the printout"
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2, "three activities on two A4 sheets"


def finish_session(page: Page, look: Look) -> None:
    page.get_by_role("button", name="Finish session").click()
    expect(page.get_by_role("heading", name="Pat")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^First session"))).to_contain_text("Complete")
    look(page, "finished")


def follow_up_session(page: Page, look: Look) -> None:
    """Months later: the follow-up. How the chosen activities went (uptake), then the
    last map carried over to change and compare."""
    page.get_by_role("button", name="Start a follow-up session").click()
    # The wellbeing measures again; this time the participant would rather not.
    page.get_by_role("button", name="Skip the wellbeing questions").click()
    expect(
        page.get_by_role("heading", name=re.compile("How did the activities go"))
    ).to_be_visible()
    look(page, "follow-up-review")
    page.get_by_role("group", name=CHOSEN[0]).get_by_role(
        "radio", name="Tried it and still going"
    ).check()
    page.get_by_role("group", name=CHOSEN[1]).get_by_role(
        "radio", name="Tried it", exact=True
    ).check()
    not_tried = page.get_by_role("group", name=CHOSEN[2])
    not_tried.get_by_role("radio", name="Not tried").check()
    not_tried.get_by_role("radio", name="Cost").check()
    page.get_by_role("button", name=re.compile("Save and go on")).click()

    expect(page.get_by_role("heading", name="Your network")).to_be_visible()
    comparison = page.get_by_role("region", name=re.compile("What has changed since"))
    expect(comparison).to_contain_text("10 then, 10 now")
    page.get_by_role("button", name="Remove Library").click()
    expect(comparison).to_contain_text("10 then, 9 now")
    expect(comparison.get_by_role("heading", name="No longer on the map")).to_be_visible()
    look(page, "follow-up-network")

    # Stage 2 starts from last time's answers and limits: "still true?".
    page.get_by_role("button", name="Continue to stage 2").click()
    expect(page.get_by_role("heading", name="Is this still true?")).to_be_visible()
    expect(page.get_by_text("From last time", exact=True)).to_have_count(len(ANSWERS))
    look(page, "follow-up-still-true")
    page.get_by_role("button", name="These are still true: continue").click()
    expect(page.get_by_text("Still true? These are the answers from last time")).to_be_visible()
    expect(page.get_by_label("Up to 3 miles")).to_be_checked()
    expect(page.get_by_label("Bus or train")).to_be_checked()
    look(page, "follow-up-constraints")
    page.get_by_role("button", name="Save and see the interest profile").click()
    expect(page.get_by_role("heading", name="What Pat enjoys")).to_be_visible()


def see_evidence(page: Page, look: Look, download_to: Path) -> str:
    """The commissioner's dashboard counts the session, suppressed; returns the CSV."""
    page.goto("/evidence/")
    expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()
    headline = page.get_by_role("list", name="Headline figures")
    people = headline.get_by_role("listitem").filter(has_text="people took part")
    expect(people).to_contain_text("fewer than 5")
    sessions = page.get_by_role("region", name="Sessions held")
    expect(sessions.get_by_role("row", name=re.compile("^First sessions"))).to_contain_text(
        "fewer than 5"
    )
    look(page, "evidence")
    with page.expect_download() as download_info:
        sessions.get_by_role("link", name=re.compile("Download this table")).click()
    download = download_info.value
    assert download.suggested_filename == "genie-sessions.csv"
    download.save_as(download_to)
    return download_to.read_text(encoding="utf-8")


def journey(page: Page, look: Look, *, facilitator: str, commissioner: str, out: Path) -> str:
    """The whole session, then the commissioner's view. Returns the downloaded CSV."""
    make_listings()
    sign_in(page, look, facilitator, mistype=True)
    add_participant(page, look, "JOURNEY-1")
    build_network(page, look)
    answer_preferences(page, look)
    choose_activities(page, look)
    check_plan(page, look, out / "plan.pdf")
    finish_session(page, look)
    follow_up_session(page, look)
    sign_out(page)
    sign_in(page, look, commissioner)
    return see_evidence(page, look, out / "genie-sessions.csv")
