"""Stage 1 and Stage 3 at 200% zoom: a 1280 px laptop window zoomed in is 640 CSS px
wide. Nothing scrolls sideways, every control can be reached, axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import Page, expect

from genie.models import Stage
from genie.services import session_reach_stage
from tests.browser_helpers import (
    Screenshots,
    assert_accessible,
    assert_no_horizontal_scroll,
    assert_targets_large_enough,
)
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.journey import NETWORK, make_listings
from tests.mapping.factories import NetworkMemberFactory, NetworkSnapshotFactory, kind

pytestmark = pytest.mark.browser

KINDS = {"Family": "family", "Friend": "friend", "Neighbour": "neighbour", "Pet": "pet"}


@pytest.fixture
def zoomed(transactional_db, browser, live_server, client, facilitator_user):
    # Its own Chromium: after the long keyboard journey, a new high-density context
    # in the shared browser could stall for ever on a 2-core machine.
    own = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    context = own.new_context(
        base_url=live_server.url, viewport={"width": 640, "height": 450}, device_scale_factor=2
    )
    context.set_default_timeout(10_000)
    client.force_login(facilitator_user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield context.new_page()
    context.close()
    own.close()


def assert_fits_and_reachable(page: Page, where: str, control, shots: Screenshots) -> None:
    assert_no_horizontal_scroll(page, where)
    assert_targets_large_enough(page, where)
    assert_accessible(page, where)
    control.scroll_into_view_if_needed()
    expect(control).to_be_in_viewport()  # reachable: on screen once scrolled to, not cut off
    shots.take(page, where)


def test_stage_one_and_three_at_200_percent_zoom(zoomed, session):
    snapshot = NetworkSnapshotFactory(session=session)
    for member in NETWORK:
        if member.kind in KINDS:
            NetworkMemberFactory(
                snapshot=snapshot, label=member.label, kind=kind(KINDS[member.kind])
            )
    page = zoomed
    shots = Screenshots("zoom-200")
    page.goto(f"/sessions/{session.pk}/network/")
    expect(page.get_by_role("heading", name="Your network")).to_be_visible()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(5)
    assert_fits_and_reachable(
        page, "stage1", page.get_by_role("button", name="Remove Biscuit"), shots
    )
    page.get_by_role("button", name="move Ray to the inner circle").click()
    expect(page.locator("#announcer")).to_have_text("Moved Ray to the inner circle.")
    assert_fits_and_reachable(
        page, "stage1-moved", page.get_by_role("button", name="Continue to stage 2"), shots
    )

    make_listings()
    session_reach_stage(session=session, stage=Stage.OPPORTUNITIES)
    page.goto(f"/sessions/{session.pk}/opportunities/")
    expect(page.get_by_role("heading", name=re.compile(r"^5 activities within"))).to_be_visible()
    page.get_by_role("button", name="Choose Gentle walking group").click()
    expect(page.get_by_role("heading", name="Chosen to try (1 of 3)")).to_be_visible()
    assert_fits_and_reachable(
        page, "stage3", page.get_by_role("button", name="Choose Allotment club"), shots
    )
