"""A facilitator draws a six-member map in a real browser with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible, assert_no_horizontal_scroll
from tests.browser_helpers import tab_to as tab_to_name

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


def steps(page, name: str, wanted: int, count: int) -> int:
    """Arrow presses from the checked radio of the add form's ``name`` group to ``wanted``."""
    checked = page.evaluate(
        "(n) => [...document.querySelectorAll(`#member-form form input[name=${n}]`)]"
        ".findIndex(r => r.checked)",
        name,
    )
    return (wanted - max(checked, 0)) % count


def add_by_keyboard(page, label, kind, circle, contact, supports):
    expect(page.locator("#id_label")).to_be_focused()
    page.keyboard.type(label)
    page.keyboard.press("Tab")  # kind
    page.keyboard.type(kind)
    page.keyboard.press("Tab")  # circle: starts as the last member's; arrows move on
    for _ in range(steps(page, "circle", circle, 3)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # contact
    for _ in range(steps(page, "contact", contact, 4)):
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
    expect(page.get_by_role("group", name="Network map of Pat (REF-1)")).to_contain_text(
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


def test_act_on_the_map_by_keyboard_and_click(login_page, facilitator_user, session):
    from mapping.models import NetworkSnapshot
    from tests.mapping.factories import NetworkMemberFactory, kind

    snapshot = NetworkSnapshot.objects.create(session=session)
    for label, circle in [("Susan (daughter)", "inner"), ("Dave", "inner"), ("Jean", "middle")]:
        NetworkMemberFactory(snapshot=snapshot, label=label, circle=circle, kind=kind("family"))
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/network/")
    members = page.locator("#network-map a.genie-map__member")
    expect(members).to_have_count(3)
    # One Tab stop for the map; the arrow keys go from member to member.
    expect(page.locator("#network-map a.genie-map__member[tabindex='0']")).to_have_count(1)
    tab_to_name(page, re.compile(": family, "))  # every stop shows where focus is
    order = members.evaluate_all("(ms) => ms.map(m => m.getAttribute('data-label'))")
    assert sorted(order) == ["Dave", "Jean", "Susan (daughter)"]
    at = lambda label: page.get_by_role("link", name=re.compile(rf"^{re.escape(label)}: "))  # noqa: E731
    expect(at(order[0])).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(at(order[1])).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(at(order[0])).to_be_focused()  # round again
    page.keyboard.press("End")
    expect(at(order[2])).to_be_focused()
    page.keyboard.press("Home")
    for _ in range(order.index("Jean")):
        page.keyboard.press("ArrowRight")
    jean = page.get_by_role("link", name=re.compile("^Jean: family, middle circle"))
    expect(jean).to_be_focused()
    # Enter opens Jean's actions beside her; a named circle is one choice away.
    page.keyboard.press("Enter")
    menu = page.get_by_role("dialog", name="Jean")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name="Move closer (to the inner circle)")).to_be_focused()
    menu.get_by_role("button", name="Move further (to the outer circle)").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_have_text("Moved Jean to the outer circle.")
    jean = page.get_by_role("link", name=re.compile("^Jean: family, outer circle"))
    expect(jean).to_be_focused()  # focus stays on the member
    expect(page.locator("#member-list tr", has_text="Jean")).to_contain_text("Outer")
    # Escape closes a menu and returns to the member.
    page.keyboard.press("Space")
    expect(page.get_by_role("dialog", name="Jean")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(jean).to_be_focused()

    # Click (or tap) does the same: move Dave to the outer circle, then remove and undo.
    page.get_by_role("link", name=re.compile("^Dave: family")).click()
    page.get_by_role("dialog", name="Dave").get_by_role(
        "button", name="Move to the outer circle"
    ).click()
    expect(page.locator("#announcer")).to_have_text("Moved Dave to the outer circle.")
    dave = page.get_by_role("link", name=re.compile("^Dave: family, outer circle"))
    expect(dave).to_be_focused()
    dave.click()
    page.get_by_role("dialog", name="Dave").get_by_role("button", name="Remove Dave").click()
    expect(page.locator("#announcer")).to_contain_text("Removed Dave from the map")
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_have_text("Put Dave back on the map.")
    expect(page.get_by_role("link", name=re.compile("^Dave: family, outer circle"))).to_be_focused()
    assert_accessible(page, impacts=None)


def test_labels_are_whole_readable_and_do_not_overlap(login_page, facilitator_user, session):
    from mapping.models import NetworkSnapshot
    from tests.mapping.factories import NetworkMemberFactory, kind

    snapshot = NetworkSnapshot.objects.create(session=session)
    # A 25-person network with real-length names (the "done when").
    codes = ["family", "friend", "professional", "group", "pet"]
    names = [
        (label, codes[sector], ["inner", "middle", "outer"][ring])
        for label, sector, ring in PEOPLE_25
    ]
    for label, code, circle in names:
        NetworkMemberFactory(snapshot=snapshot, label=label, circle=circle, kind=kind(code))
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/network/")
    found = page.evaluate(
        """() => [...document.querySelectorAll('#network-map .genie-map__label')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize)
                      * t.getScreenCTM().a, box: [r.left, r.top, r.right, r.bottom]};
        })"""
    )
    assert sorted(f["text"].replace(" ", "") for f in found) == sorted(
        n.replace(" ", "") for n, _, _ in names
    )
    for item in found:
        assert item["size"] >= 14 - 0.05, item
    assert_no_horizontal_scroll(page)  # a big map scrolls inside its frame, not the page
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            ax0, ay0, ax1, ay1 = a["box"]
            bx0, by0, bx1, by1 = b["box"]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)


# name, kind (typed into the select, only when it changes), circle
TWELVE = [
    ("Susan (daughter)", "", 0), ("Dave", "", 0), ("Biscuit the dog", "pet", 0),
    ("Grandson Tom", "family", 1), ("Amy", "", 1), ("Jean", "friend", 1), ("Pat", "", 1),
    ("Margaret next door", "ne", 1), ("Dr Okafor (GP)", "prof", 2), ("District nurse", "", 2),
    ("Walking group", "gr", 2), ("Library", "pl", 2),
]  # fmt: skip


def test_a_twelve_person_network_by_keyboard_in_few_key_presses(
    login_page, facilitator_user, session
):
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/network/")
    tab_to(page, "id_label")
    presses = 0

    def press(*keys):
        nonlocal presses
        for key in keys:
            page.keyboard.press(key)
            presses += 1

    circle = 0
    for label, kind, wanted in TWELVE:
        expect(page.locator("#id_label")).to_be_focused()
        # As a person would, start the next name once the last add has settled.
        page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        )
        page.keyboard.type(label)  # typing the names is not counted
        if kind:
            press("Tab")
            for letter in kind:
                press(letter)
        if wanted != circle:
            press("Tab") if kind else press("Tab", "Tab")
            press(*["ArrowDown"] * (wanted - circle))
            circle = wanted
        press("Enter")  # Enter adds, and the next one starts the same
        expect(page.locator("#announcer")).to_contain_text(f"Added {label}")
    expect(page.locator("#member-list tbody tr")).to_have_count(12)
    rows = page.locator("#member-list tbody tr")
    expect(rows.filter(has_text="Library")).to_contain_text("Place")
    expect(rows.filter(has_text="Library")).to_contain_text("Outer")
    expect(rows.filter(has_text="Pat")).to_contain_text("Friend")
    expect(rows.filter(has_text="Margaret next door")).to_contain_text("Neighbour")
    assert presses / len(TWELVE) <= 8, presses
    print(f"{presses} key presses for 12 people ({presses / 12:.1f} each)")


def test_on_a_tablet_the_form_is_beside_the_map_or_reachable_and_labels_readable(
    transactional_db, browser, live_server, client, facilitator_user, session
):
    from mapping.models import NetworkSnapshot
    from tests.mapping.factories import NetworkMemberFactory, kind

    snapshot = NetworkSnapshot.objects.create(session=session)
    for i, (label, code) in enumerate(
        [("Susan (daughter)", "family"), ("St Mary's church choir", "group"),
         ("Dr Okafor (GP)", "professional"), ("Margaret next door", "neighbour")]
    ):  # fmt: skip
        NetworkMemberFactory(
            snapshot=snapshot, label=label, kind=kind(code), circle=["inner", "middle"][i % 2]
        )
    client.force_login(facilitator_user)
    for width, height in [(1024, 768), (768, 1024)]:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, has_touch=True
        )
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value,
              "url": live_server.url}]
        )  # fmt: skip
        page = context.new_page()
        page.goto(f"/sessions/{session.pk}/network/")
        figure = page.locator("#network-map").bounding_box()
        form = page.locator("#member-form").bounding_box()
        if width > height:
            assert form["x"] >= figure["x"] + figure["width"] - 1, "form beside the map"
            assert form["y"] < figure["y"] + figure["height"]
        else:
            # Portrait: a link at the top goes straight to the name field.
            page.get_by_role("link", name="Add someone or something").click()
            expect(page.locator("#id_label")).to_be_in_viewport()
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('#network-map .genie-map__label')].map(t =>
                parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""
        )
        assert min(sizes) >= 12 - 0.05, (width, sizes)
        # A tap on a member opens its actions.
        page.get_by_role("link", name=re.compile("^Dr Okafor")).tap()
        expect(page.get_by_role("dialog", name="Dr Okafor (GP)")).to_be_visible()
        context.close()


def test_the_feedback_highlights_who_helps_on_the_map(login_page, facilitator_user, session):
    from mapping.models import NetworkSnapshot
    from tests.mapping.factories import NetworkMemberFactory

    snapshot = NetworkSnapshot.objects.create(session=session)
    NetworkMemberFactory(snapshot=snapshot, label="Dr O", gives_illness_support=True)
    NetworkMemberFactory(snapshot=snapshot, label="Jean", gives_emotional_support=True)
    page = login_page(facilitator_user)
    page.goto(f"/sessions/{session.pk}/network/")
    show = page.locator('[data-genie-highlight="illness"]')
    show.click()
    expect(show).to_have_attribute("aria-pressed", "true")
    opacity = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#network-map a')]
            .map(a => [a.dataset.label, getComputedStyle(a).opacity]))"""
    )
    assert opacity == {"Dr O": "1", "Jean": "0.25"}
    show.click()
    expect(show).to_have_attribute("aria-pressed", "false")


def test_the_summary_maps_print_at_11_px_or_more(
    transactional_db, browser, live_server, client, facilitator_user
):
    """Printed on its landscape page (A4, about 1047 CSS px wide inside 1 cm margins),
    last time's map and this one keep their labels at 11 px or more."""
    from mapping.models import NetworkSnapshot
    from tests.factories import ParticipantFactory, SessionFactory
    from tests.mapping.factories import NetworkMemberFactory, kind

    participant = ParticipantFactory(
        organisation=facilitator_user.organisation, consent_recorded_by=facilitator_user
    )
    first = SessionFactory(participant=participant, facilitator=facilitator_user)
    snapshot = NetworkSnapshot.objects.create(session=first)
    codes = ["family", "friend", "professional", "group", "pet"]
    for index, (label, _, ring) in enumerate(PEOPLE_25):
        NetworkMemberFactory(
            snapshot=snapshot,
            label=label,
            kind=kind(codes[index % 5]),
            circle=["inner", "middle", "outer"][ring],
            gives_emotional_support=index % 2 == 0,
        )
    follow_up = SessionFactory(
        participant=participant, facilitator=facilitator_user, previous=first, kind="follow-up"
    )
    client.force_login(facilitator_user)
    client.get(f"/sessions/{follow_up.pk}/network/")  # the follow-up's map, copied
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1047, "height": 740})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(f"/sessions/{follow_up.pk}/summary/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.genie-then-now__map .genie-map__label')].map(t =>
            parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""
    )
    assert len(sizes) == 2 * len(PEOPLE_25)
    assert min(sizes) >= 11, min(sizes)
    context.close()


PEOPLE_25 = [
    ("Susan (daughter)", 0, 0), ("Dave (husband)", 0, 0), ("Grandson Tom", 0, 0),
    ("Margaret next door", 1, 0), ("Biscuit the dog", 4, 0), ("Sister Jean", 0, 0),
    ("Brother-in-law Ken", 0, 1), ("Niece Charlotte", 0, 1), ("Cousin Elizabeth", 0, 1),
    ("Old friend Barbara", 1, 1), ("Pat from church", 1, 1), ("Colleague Rajesh", 1, 1),
    ("Dr Okafor (GP)", 2, 1), ("St Mary's church choir", 3, 1), ("The allotment", 4, 1),
    ("District nurse", 2, 2), ("Pharmacist at Boots", 2, 2), ("Physio at the hospital", 2, 2),
    ("Social worker Ann", 2, 2), ("Walking group", 3, 2), ("Breathe Easy group", 3, 2),
    ("Library", 4, 2), ("Friend from school", 1, 2), ("Neighbour at number 12", 1, 2),
    ("Community café", 3, 2),
]  # fmt: skip


def test_drag_a_member_onto_another_circle_as_an_extra(login_page, facilitator_user, session):
    from mapping.models import NetworkSnapshot
    from tests.mapping.factories import NetworkMemberFactory

    snapshot = NetworkSnapshot.objects.create(session=session)
    NetworkMemberFactory(snapshot=snapshot, label="Jean", circle="inner")
    page = login_page(facilitator_user)
    page.set_viewport_size({"width": 1280, "height": 1600})  # the whole map in view
    page.goto(f"/sessions/{session.pk}/network/")
    jean = page.get_by_role("link", name=re.compile("^Jean: friend, inner circle"))
    box = jean.bounding_box()
    svg = page.locator("#network-map svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 10)
    page.mouse.down()
    # Onto the outer circle, near the map's left edge, level with "Me".
    page.mouse.move(svg["x"] + 40, svg["y"] + svg["height"] / 2, steps=8)
    page.mouse.up()
    expect(page.locator("#announcer")).to_have_text("Moved Jean to the outer circle.")
    expect(page.get_by_role("link", name=re.compile("^Jean: friend, outer circle"))).to_be_focused()
    expect(page.get_by_role("dialog")).to_be_hidden()


@pytest.mark.parametrize(
    "width, height, smallest",
    [(1280, 800, 14), (768, 1024, 12), (1024, 768, 12)],
    ids=["laptop", "tablet-portrait", "tablet-landscape"],
)
def test_a_25_person_map_with_long_names_fits_its_frame_readably(
    transactional_db, browser, live_server, client, facilitator_user, session,
    width, height, smallest,
):  # fmt: skip
    """The issue's 25-person network with real-length names fits its frame (no sideways
    scrolling inside it) with labels at their least size: 14 px on a 1280-px laptop,
    12 px on a tablet (the add form beside the map when it is held sideways)."""
    from mapping.models import NetworkSnapshot
    from tests.mapping.factories import NetworkMemberFactory, kind

    snapshot = NetworkSnapshot.objects.create(session=session)
    codes = ["family", "friend", "professional", "group", "pet"]
    for index, (label, sector, ring) in enumerate(PEOPLE_25):
        NetworkMemberFactory(
            snapshot=snapshot,
            label=label,
            kind=kind(codes[sector]),
            circle=["inner", "middle", "outer"][ring],
            gives_emotional_support=index % 2 == 0,
            gives_everyday_support=index % 3 == 0,
        )
    client.force_login(facilitator_user)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"/sessions/{session.pk}/network/")
    measured = page.evaluate(
        """async () => {
            await Promise.race([document.fonts.ready, new Promise(r => setTimeout(r, 5000))]);
            const frame = document.getElementById('network-map');
            const labels = [...frame.querySelectorAll('.genie-map__label')];
            const svg = frame.querySelector('svg');
            // The SVG is scaled: what is seen is font-size × rendered width / viewBox width.
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return {
                scroll: frame.scrollWidth, client: frame.clientWidth, scale,
                sizes: labels.map(t => parseFloat(getComputedStyle(t).fontSize) * scale),
                ctm: labels.map(t => parseFloat(getComputedStyle(t).fontSize)
                                     * t.getScreenCTM().a),
                texts: labels.map(t => t.textContent.replace(/[ -]/g, '')),
            };
        }"""
    )
    assert sorted(measured["texts"]) == sorted(
        label.replace(" ", "").replace("-", "") for label, _, _ in PEOPLE_25
    ), "every label in full"
    assert measured["scroll"] <= measured["client"], measured
    assert min(measured["sizes"]) >= smallest - 0.05, min(measured["sizes"])
    assert min(measured["ctm"]) >= smallest - 0.05, min(measured["ctm"])
    if width > height and width < 1100:
        figure = page.locator("#network-map").bounding_box()
        form = page.locator("#member-form").bounding_box()
        assert form["x"] >= figure["x"] + figure["width"] - 1, "the form beside the map"
    else:
        # (At 1024 px the header's navigation is wider than the page: not the map's.)
        assert_no_horizontal_scroll(page)
    context.close()


def test_then_and_now_are_side_by_side_on_a_laptop(
    transactional_db, browser, live_server, client, facilitator_user
):
    """On a 1280-px screen the follow-up's and the summary's maps of last time and now
    share a row, each with its date, and their labels stay at 11 px or more."""
    from mapping.models import NetworkSnapshot
    from tests.factories import ParticipantFactory, SessionFactory
    from tests.mapping.factories import NetworkMemberFactory

    participant = ParticipantFactory(
        organisation=facilitator_user.organisation, consent_recorded_by=facilitator_user
    )
    first = SessionFactory(participant=participant, facilitator=facilitator_user)
    snapshot = NetworkSnapshot.objects.create(session=first)
    for label, _, _, _, _ in SIX:
        NetworkMemberFactory(snapshot=snapshot, label=label)
    follow_up = SessionFactory(
        participant=participant, facilitator=facilitator_user, previous=first, kind="follow-up"
    )
    client.force_login(facilitator_user)
    client.get(f"/sessions/{follow_up.pk}/network/")  # the follow-up's map, copied
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    for path in (f"/sessions/{follow_up.pk}/network/", f"/sessions/{follow_up.pk}/summary/"):
        page.goto(path)
        then = page.locator(".genie-then-now__map--then")
        now = page.locator(".genie-then-now__map--now")
        expect(then.locator("figcaption")).to_contain_text("Last time, ")
        expect(now.locator("figcaption")).to_contain_text("Now, ")
        a, b = then.bounding_box(), now.bounding_box()
        assert abs(a["y"] - b["y"]) < 1 and b["x"] >= a["x"] + a["width"], (path, a, b)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.genie-then-now .genie-map__label')].map(t =>
                parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""
        )
        assert len(sizes) == 12 and min(sizes) >= 11, (path, sizes)
    context.close()
