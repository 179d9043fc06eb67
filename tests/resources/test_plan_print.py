"""The printed plan, as Chromium prints it to A4: large print, two pages at most.

The participant takes the plan home: it must be large print (body text at least
16 pt), say times as people do ("2pm"), keep three activities on two sheets with
the "If you need help" box never on a page of its own, and print nothing grey
when "background graphics" is ticked. The PDF is read back with pypdf.
"""

import io
import re
from datetime import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from resources.models import ChosenActivity, Schedule
from tests.browser_helpers import FONTS_READY
from tests.resources.factories import listing

pytestmark = pytest.mark.browser

# Long, real-looking entries: the plan must fit them, not just tidy test data.
ACTIVITIES = [
    (
        "Gentle walking group",
        "A slow, flat walk around the common for people getting back into walking, "
        "with benches on the way and tea at the café afterwards. Walk leaders are trained "
        "in first aid and nobody is left behind.",
        [("TU", time(10), time(11, 30)), ("TH", time(14), time(15, 30))],
    ),
    (
        "Portswood community choir",
        "Sing well-known songs together; no experience or reading music needed. "
        "Chairs are provided for anyone who prefers to sit, and the first session is free.",
        [("WE", time(18, 30), time(20))],
    ),
    (
        "Knit and natter at the library",
        "Bring your own knitting or crochet, or borrow needles and wool. A friendly "
        "group that meets in the library's quiet room, with help for beginners.",
        [("1MO", time(13), time(15))],
    ),
]


@pytest.fixture
def three_choices(session):
    session.participant.organisation.contact_details = (
        "Phone 023 8000 0000 (Monday to Friday, 9am to 5pm) or email hello@itchen.example"
    )
    session.participant.organisation.save()
    for number, (name, description, schedules) in enumerate(ACTIVITIES):
        sal = listing(name, km_north=0.5 + number, byday="", phone="023 8049 6001")
        service = sal.service
        service.description = description
        service.email = "hello@example.org"
        service.url = "https://www.example.org/what-is-on/activities"
        service.save()
        location = sal.location
        location.accessibility_description = "Ramp at the side door; accessible toilet."
        location.city = "Southampton"
        location.save()
        for byday, opens, closes in schedules:
            Schedule.objects.create(
                service=service,
                service_at_location=sal,
                byday=byday,
                freq=Schedule.Frequency.MONTHLY
                if byday[0].isdigit()
                else Schedule.Frequency.WEEKLY,
                opens_at=opens,
                closes_at=closes,
            )
        ChosenActivity.objects.create(
            session=session, service_at_location=sal, name=name, companion_label="Jo (daughter)"
        )
    return session


def print_plan(page, session, *, background: bool) -> PdfReader:
    page.goto(reverse("plan", kwargs={"session_id": session.pk}))
    page.evaluate(FONTS_READY)
    pdf = page.pdf(format="A4", print_background=background, prefer_css_page_size=True)
    return PdfReader(io.BytesIO(pdf))


def text_sizes(reader: PdfReader) -> list[tuple[int, str, float]]:
    """(page number, text, size in points) of every piece of text in the PDF."""
    found = []
    for number, pdf_page in enumerate(reader.pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                # Chromium writes size 1 and scales with the matrices: the real
                # size is the text matrix times the page's transformation.
                c = tm[2] * cm[0] + tm[3] * cm[2]
                d = tm[2] * cm[1] + tm[3] * cm[3]
                scale = (c * c + d * d) ** 0.5
                found.append((number, text.strip(), round(size * scale, 2)))

        pdf_page.extract_text(visitor_text=visit)
    return found


def test_three_activities_print_large_on_two_pages(
    page, login_page, facilitator_user, three_choices
):
    login_page(facilitator_user)
    reader = print_plan(page, three_choices, background=True)
    pages = [pdf_page.extract_text() for pdf_page in reader.pages]
    assert len(pages) <= 2, f"{len(pages)} pages"
    everything = "\n".join(pages)
    for name, _, _ in ACTIVITIES:
        assert name in everything
    # The help box shares its page with an activity: never alone on the last sheet.
    help_page = next(text for text in pages if "If you need help" in text)
    assert any(name in help_page for name, _, _ in ACTIVITIES), help_page
    # Times as people say them.
    assert "Every Tuesday, 10am to 11:30am" in everything
    assert "Every Wednesday, 6:30pm to 8pm" in everything
    assert "First Monday of the month, 1pm to 3pm" in everything
    assert not re.search(r"\b\d\d:\d\d\b", everything), "24-hour time on the plan"
    # Large print: no text on the plan smaller than 16 pt.
    sizes = text_sizes(reader)
    smallest = min(sizes, key=lambda found: found[2])
    assert smallest[2] >= 16, (
        f"smallest text {smallest[2]} pt: {smallest[1]!r} on page {smallest[0]}"
    )
    # Only the plan is printed: no buttons, links to other pages, nor the session bar.
    for absent in ("Print this plan", "Finish session", "Change the choices", "Back to Pat"):
        assert absent not in everything


# A colour set for filling (rg, g) or for lines (RG, G), as Chromium writes them.
NUMBER = rb"(?:\d*\.\d+|\d+)"
COLOUR = re.compile(
    rb"(?<![\d.])(" + NUMBER + rb") (" + NUMBER + rb") (" + NUMBER + rb") (?:rg|RG)\b"
    rb"|(?<![\d.])(" + NUMBER + rb") (?:g|G)\b"
)


def grey_colours(reader: PdfReader) -> list[str]:
    """Colours in the PDF that are a shade of grey (neither white nor near-black)."""
    greys = []
    for pdf_page in reader.pages:
        content = pdf_page.get_contents().get_data()
        for match in COLOUR.finditer(content):
            values = (
                [float(match.group(4))] * 3
                if match.group(4)
                else [float(v) for v in match.groups()[:3]]
            )
            if max(values) - min(values) < 0.06 and 0.3 < sum(values) / 3 < 0.97:
                greys.append(match.group(0).decode())
    return greys


def test_nothing_grey_prints_with_background_graphics(
    page, login_page, facilitator_user, three_choices
):
    login_page(facilitator_user)
    assert grey_colours(print_plan(page, three_choices, background=True)) == []


def test_the_print_button_prints_the_plan(page, login_page, facilitator_user, three_choices):
    login_page(facilitator_user)
    page.goto(reverse("plan", kwargs={"session_id": three_choices.pk}))
    # window.print() opens the browser's dialog; here it records that it was asked.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button = page.get_by_role("button", name="Print this plan")
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("() => window.printed") == 1


def test_without_javascript_the_plan_says_how_to_print(
    browser, live_server, client, facilitator_user, three_choices, transactional_db
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        client.force_login(facilitator_user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(reverse("plan", kwargs={"session_id": three_choices.pk}))
        expect(page.get_by_role("button", name="Print this plan")).to_have_count(0)
        expect(page.get_by_text("Use your browser’s print command")).to_be_visible()
    finally:
        context.close()
