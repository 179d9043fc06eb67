"""A commissioner signed in through the browser still cannot open a participant.

Signing in, adding a participant and starting a session are in tests/e2e/."""

import pytest
from playwright.sync_api import expect

from tests.factories import commissioner

pytestmark = pytest.mark.browser


def test_commissioner_cannot_open_a_participant(page, login_page, participant):
    login_page(commissioner(username="cara2"))
    response = page.goto(f"/participants/{participant.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    expect(page.get_by_text(participant.reference)).to_have_count(0)
