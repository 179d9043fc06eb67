"""One typeface on every machine: Genie serves Atkinson Hyperlegible itself.

Pages must measure the same wherever they are drawn (a phone layout that fits on
one machine and scrolls sideways on another was a real failure), so every piece
of text is drawn in the served web font, not in whatever the system happens to
have. Chromium itself says which font drew each element (DevTools protocol).
"""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import FONTS_READY

pytestmark = pytest.mark.browser

FAMILY = "Atkinson Hyperlegible"


def fonts_drawing(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used for the text of the first ``selector``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector!r}"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return fonts


def test_every_text_is_drawn_in_the_served_font(login_page, facilitator_user, participant):
    page = login_page(facilitator_user)
    page.goto("/participants/")
    # What a person types, too; the search then redraws the results: measure after it.
    with page.expect_response(lambda r: r.request.method == "POST" and "/participants/" in r.url):
        page.locator("input[type=search]").fill("REF")
    expect(page.locator("#participant-results td").first).to_be_visible()
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    page.evaluate(FONTS_READY)
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        for selector in ("h1", "main p", "label", "table td", "table th", "button"):
            if not page.locator(selector).count():
                continue
            fonts = fonts_drawing(page, selector)
            assert fonts, selector
            assert all(f["familyName"] == FAMILY and f["isCustomFont"] for f in fonts), (
                media,
                selector,
                fonts,
            )
        # A field's text is drawn inside the browser's own shadow tree: its style says.
        typed = page.locator("input[type=search]").evaluate("e => getComputedStyle(e).fontFamily")
        assert typed.startswith(f'"{FAMILY}"'), typed


def test_the_font_files_are_served_by_genie(page, live_server):
    page.goto("/accounts/login/")
    loaded = page.evaluate(
        """async () => {
            await Promise.race([document.fonts.ready, new Promise(r => setTimeout(r, 10000))]);
            return [...document.fonts].filter(f => f.status === "loaded")
                .map(f => f.family.replaceAll('"', '') + " " + f.weight); }"""
    )
    assert f"{FAMILY} 400" in loaded, loaded
    entries = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.endsWith('.woff2'))"
    )
    assert entries and all(name.startswith(live_server.url + "/static/") for name in entries)
