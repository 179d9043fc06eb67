"""The consent statement is there to read, in full, where consent is recorded."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible

pytestmark = pytest.mark.browser


def test_the_statement_is_read_before_the_boxes_are_ticked(login_page, facilitator_user):
    page = login_page(facilitator_user)
    page.goto("/participants/new/")
    consent = page.get_by_role("group", name="Consent")
    statement = consent.get_by_role("region", name="Itchen Community Connect consent statement")
    expect(statement).to_contain_text("Version 1")
    expect(statement).to_contain_text("At Itchen Community Connect we use Genie")
    expect(statement).to_contain_text("never your name or reference")
    case_study = consent.get_by_role("region", name="Anonymised case studies")
    expect(case_study).to_contain_text("You can say no and still use the service.")
    # Each box comes after the part of the statement it agrees to.
    data_use_box = consent.get_by_label("The participant agrees that their answers are stored")
    assert statement.bounding_box()["y"] < data_use_box.bounding_box()["y"]
    assert data_use_box.bounding_box()["y"] < case_study.bounding_box()["y"]
    assert_accessible(page, "participant form with the consent statement")
