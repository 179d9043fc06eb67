"""The whole facilitated session in a real browser, then the commissioner's view.

On a laptop with axe-core on every page and htmx state; on a tablet and a phone with
no sideways scrolling and no control smaller than 24×24 px. Screenshots of every
step land in test-output/<test>/.
"""

import pytest

from genie.models import Session
from tests.browser_helpers import OUTPUT, Screenshots
from tests.e2e.journey import CHOSEN, Look, journey

pytestmark = pytest.mark.browser

TABLET = {
    "viewport": {"width": 768, "height": 1024},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 3,
}


def assert_session_recorded(csv: str) -> None:
    session = Session.objects.get(participant__reference="JOURNEY-1", kind="baseline")
    assert session.completed_at is not None
    assert list(session.chosen_activities.values_list("name", flat=True)) == CHOSEN
    # One participant: every count is suppressed, in the download as on the page.
    assert "fewer than 5" in csv
    assert "JOURNEY-1" not in csv and "Pat" not in csv


def test_a_facilitated_session_start_to_finish(page, facilitator_user, commissioner_user):
    """Laptop, mouse: axe-core finds nothing serious at any step."""
    look = Look(Screenshots("journey-laptop"), axe=True)
    csv = journey(
        page,
        look,
        facilitator=facilitator_user.username,
        commissioner=commissioner_user.username,
        out=look.shots.folder,
    )
    assert_session_recorded(csv)
    assert len(look.seen) >= 20, look.seen


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_the_session_fits_a_tablet_and_a_phone(
    transactional_db,
    browser,
    live_server,
    facilitator_user,
    commissioner_user,
    device,
    request,
):
    """Touch screens: every page fits the width and every control is big enough to tap."""
    context = browser.new_context(base_url=live_server.url, **device)
    context.set_default_timeout(10_000)
    try:
        name = request.node.callspec.id
        look = Look(Screenshots(f"journey-{name}"), axe=False, layout=True)
        csv = journey(
            context.new_page(),
            look,
            facilitator=facilitator_user.username,
            commissioner=commissioner_user.username,
            out=OUTPUT / f"journey-{name}",
        )
        assert_session_recorded(csv)
    finally:
        context.close()
