"""Checks a person (or an auditor) would make of any page, shared by the browser tests.

- ``assert_accessible``: axe-core, served by the app itself, finds no serious or
  critical WCAG 2.2 A/AA violation (in the page and its same-origin frames).
- ``assert_no_horizontal_scroll`` and ``assert_targets_large_enough``: the page fits
  the screen, and every control is at least 24×24 CSS px (WCAG 2.2, 2.5.8).
- ``tab_to``: keyboard navigation that also proves every stop shows where focus is.
- ``Screenshots``: a picture of each step, in test-output/ (git-ignored).
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

AXE = "/static/vendor/axe/axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = {"serious", "critical"}
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


# Findings axe-core cannot judge, each with the reason it is not a failure.
ALLOWED = {
    # WCAG 2.5.8's "equivalent" exception: pins on the Stage 3 map may overlap when
    # activities are close together, and each pin's activity is in the list below the
    # map with full-size controls. axe names a pin by whichever of its classes or
    # attributes is unique at the time, so any of the pin's own classes counts.
    ("target-size", ".leaflet-marker-icon"),
    ("target-size", ".genie-pin-wrap"),
}


def assert_accessible(page: Page, where: str = "", *, impacts=SERIOUS) -> None:
    """No serious or critical axe-core violation of WCAG 2.2 A/AA on the page as it is now
    (``impacts=None``: no violation at all, however minor)."""
    # A frame may be reloading as the scan starts (Stage 3's map reloads after a
    # choice): scan again once it has loaded, a few times at most.
    for attempt in range(3):
        try:
            violations = _axe_violations(page)
            break
        except PlaywrightError as error:
            if "Execution context was destroyed" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state("networkidle")
    serious = []
    for violation in violations:
        violation["targets"] = [
            target
            for target in violation["targets"]
            if not any(rule == violation["id"] and part in target for rule, part in ALLOWED)
        ]
        if violation["targets"] and (impacts is None or violation["impact"] in impacts):
            serious.append(violation)
    assert not serious, f"axe-core on {where or page.url}:\n" + "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"][:8])
        for v in serious
    )


# Waits for the served web fonts, but never for ever (they come from this machine).
FONTS_READY = (
    "async () => { await Promise.race([document.fonts.ready,"
    " new Promise(r => setTimeout(r, 10000))]); }"
)


def _axe_violations(page: Page) -> list[dict]:
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(page.url))
    for frame in page.frames:
        # The app's own frames (Stage 3's map) are scanned too: axe must be in each.
        if frame.url.startswith(origin):
            frame.wait_for_load_state()
            # A map is judged once its pins are spread out (static/js/genie-map.js).
            frame.wait_for_function(
                "() => !window.L || document.documentElement.hasAttribute('data-genie-map-ready')",
                timeout=15_000,
            )
            if not frame.evaluate("() => 'axe' in window"):
                frame.add_script_tag(url=AXE)
    return page.evaluate(
        """async (tags) => (await Promise.race([
                axe.run(document, {runOnly: {type: "tag", values: tags}}),
                // A scan that never answers fails the test instead of stalling the run.
                new Promise((_, no) => setTimeout(() => no(new Error("axe timed out")), 90000)),
            ]))
            .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   targets: v.nodes.map(n => n.target.join(" "))}))""",
        WCAG_22_AA,
    )


def assert_no_horizontal_scroll(page: Page, where: str = "") -> None:
    """The page is no wider than the screen; if it is, name what sticks out.

    Measured once the served web font has loaded: text in a fallback font is
    another width, and the layout is judged as people see it."""
    overflow = page.evaluate(
        """async () => {
            // Served from this machine, fonts load at once; never wait for ever.
            await Promise.race([document.fonts.ready, new Promise(r => setTimeout(r, 5000))]);
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return null;
            const sticking = [...document.body.querySelectorAll("*")]
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1
                             && ![...e.children].some(c =>
                                 c.getBoundingClientRect().right > root.clientWidth + 1))
                .slice(0, 8)
                .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                          + (e.className && e.className.baseVal === undefined
                             ? "." + String(e.className).trim().split(/\\s+/).join(".") : "")
                          + " (right edge " + Math.round(e.getBoundingClientRect().right) + "px)");
            return {scroll: root.scrollWidth, client: root.clientWidth, sticking};
        }"""
    )
    assert overflow is None, (
        f"{where or page.url} scrolls sideways: {overflow['scroll']}px of content in a "
        f"{overflow['client']}px screen. Sticking out:\n  " + "\n  ".join(overflow["sticking"])
    )


def assert_targets_large_enough(page: Page, where: str = "", minimum: float = 24) -> None:
    """Every visible control is at least 24×24 CSS px, or has the room WCAG 2.2 (2.5.8)
    allows instead: a link inside a sentence, or a 24 px circle on its centre that
    touches no other control nor another small control's circle."""
    small = page.evaluate(
        """(minimum) => {
            const controls = [...document.querySelectorAll(
                "a[href], button, input:not([type=hidden]), select, textarea, summary, "
                + "[role=button], [tabindex]:not([tabindex='-1'])")]
                .filter(e => {
                    const r = e.getBoundingClientRect();
                    return r.width > 1 && r.height > 1
                        && getComputedStyle(e).visibility !== "hidden"
                        && !e.closest("[hidden], .nhsuk-u-visually-hidden, .nhsuk-skip-link");
                })
                .map(e => ({e, r: e.getBoundingClientRect()}));
            const inSentence = (e) => {
                const block = e.closest("p, li, dd, td, th, figcaption, .nhsuk-hint, label");
                if (!block) return false;
                const text = block.textContent.replace(/\\s+/g, " ").trim();
                return text.length > e.textContent.replace(/\\s+/g, " ").trim().length + 3;
            };
            const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
            const toRect = ([x, y], r) => Math.hypot(
                Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
            const isSmall = (r) => r.width < minimum || r.height < minimum;
            const out = [];
            for (const {e, r} of controls) {
                if (!isSmall(r) || (e.tagName === "A" && inSentence(e))) continue;
                const c = centre(r);
                const crowded = controls.some(o => o.e !== e && !o.e.contains(e)
                    && !e.contains(o.e) && (toRect(c, o.r) < minimum / 2
                        || (isSmall(o.r) && Math.hypot(c[0] - centre(o.r)[0],
                                                       c[1] - centre(o.r)[1]) < minimum)));
                if (!crowded) continue;
                out.push(`${e.tagName.toLowerCase()} "${(e.textContent || e.name || e.id || "")
                    .replace(/\\s+/g, " ").trim().slice(0, 50)}"`
                    + ` ${Math.round(r.width)}×${Math.round(r.height)}`);
            }
            return out;
        }""",
        minimum,
    )
    assert not small, f"Targets smaller than {minimum}×{minimum} px on {where or page.url}:\n  " + (
        "\n  ".join(small)
    )


# What is focused, and whether it looks different for it: outline, box shadow, colours
# (NHS.UK's yellow and black focus), or for radios and checkboxes, the ring on the label.
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return {name: "", shows: false, tag: "body"};
    const label = e.labels && e.labels[0];
    const look = () => [[e], [label, "::before"], [label, "::after"], [label]]
        .filter(([element]) => element)
        .map(([element, pseudo]) => {
            const s = getComputedStyle(element, pseudo);
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
                    s.backgroundColor, s.borderColor, s.color, s.textDecorationLine].join(" ");
        }).join(";");
    const focusedLook = look();
    e.blur();
    const plainLook = look();
    e.focus({preventScroll: true});
    const name = [(label || e).textContent, e.getAttribute("aria-label"), e.id]
        .filter(Boolean).join(" ").replace(/\\s+/g, " ").trim();
    return {name, shows: focusedLook !== plainLook, tag: e.tagName};
}"""


def htmx_settled(page: Page) -> None:
    """Wait, as a person would, until the last in-place update has finished
    (htmx restores focus when it settles, after the new content is visible)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def assert_focus_visible(page: Page) -> None:
    now = focused(page)
    assert now["shows"], f"No visible focus indicator on {now['tag']} {now['name']!r}"


def tab_to(page: Page, name: str | re.Pattern, *, back: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused control's name or label matches ``name``.

    Every stop on the way must show a focus indicator: a keyboard user sees where they are
    at each press, not only where they stop. (The map frame draws its own focus.)
    """
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        # Past the last control focus leaves the page (body) before coming round again.
        if now["tag"] not in {"IFRAME", "body"}:
            assert now["shows"], f"No visible focus indicator on {now['tag']} {now['name']!r}"
        if re.search(name, now["name"]) if isinstance(name, re.Pattern) else name in now["name"]:
            return
    raise AssertionError(f"Could not reach {name!r} with {key} in {limit} presses")


class Screenshots:
    """Full-page pictures of each step, numbered in order: test-output/<folder>/NN-name.png."""

    def __init__(self, folder: str):
        self.folder = OUTPUT / folder
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):  # from an earlier run
            old.unlink()
        self.count = 0

    def take(self, page: Page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        # A full-page picture of a long page is slow on a busy 2-core machine.
        page.screenshot(path=path, full_page=True, timeout=60_000)
        return path
