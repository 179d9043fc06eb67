"""The board report: headline figures, the key charts with their tables, the
filters, period and rule, and the date it was produced, on a few A4 pages."""

import re

from django.urls import reverse

from evidence.panels import REPORT_PANELS, REPORT_ROWS
from tests.evidence.conftest import area_code, build_groups, seed_sessions


def test_board_report_states_its_filters_and_shows_the_key_panels(
    commissioner_client, organisation
):
    seed_sessions(organisation, count=12)
    build_groups()
    query = {"from_month": "2026-03", "area": area_code("SO17"), "organisation": organisation.pk}
    dashboard = commissioner_client.get(reverse("evidence_home"), query).content.decode()
    assert reverse("evidence_report") in dashboard  # linked, with the same filters
    response = commissioner_client.get(reverse("evidence_report"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Evidence report" in page
    assert organisation.name in page
    assert "from January 2026" in page  # the period, in whole quarters
    assert "SO17" in page
    assert "rounded to the nearest 5" in page
    assert "Produced at" in page
    headline = re.findall(r'genie-headline__value[^"]*">([^<]*)<', page)
    assert headline[:3] == ["10", "25", "10"]  # 12 people, 24 sessions, 12 follow-ups
    assert len(re.findall(r'class="genie-report__panel"', page)) == len(REPORT_PANELS)
    assert page.count('class="genie-chart"') <= page.count("<table")
    # A long list (unmet demand, most first) is cut to its first rows for print;
    # a table with totals is never cut.
    unmet = page.split('id="report-unmet-demand"')[1]
    assert unmet.split("<tbody")[1].split("</tbody>")[0].count("<tr") <= REPORT_ROWS
    uptake = page.split('id="report-uptake"')[1].split("</table>")[0]
    assert "Not tried: something else" in uptake


def test_board_report_is_for_commissioners_and_explains_bad_filters(
    client, facilitator_user, commissioner_user, db
):
    client.force_login(facilitator_user)
    assert client.get(reverse("evidence_report")).status_code == 403
    client.force_login(commissioner_user)
    response = client.get(reverse("evidence_report"), {"area": "SO30"})
    assert response.status_code == 400
    assert "Select an area from the list" in response.content.decode()
