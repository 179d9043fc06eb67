"""Reporting a listing from Stage 3 and the plan; the warning every facilitator sees."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from resources.models import ProblemReport
from resources.services import choice_add
from tests.factories import SessionFactory, facilitator
from tests.resources.factories import listing
from tests.resources.test_views import html, url

pytestmark = pytest.mark.django_db
WARNING = "Reported as possibly wrong"


def report_links(page):
    return [unquote(link) for link in re.findall(r'href="(/curation/services/[^"]+)"', page)]


def test_every_result_and_every_plan_item_can_be_reported(facilitator_client, session):
    local = listing("Lunch club")
    national = listing("Phone friendship line", national=True)
    page = html(facilitator_client.get(url("opportunities", session), {"free": "on"}))
    stage3 = url("opportunities", session)
    assert report_links(page) == [
        reverse("resource_report_problem", args=[sal.service_id]) + f"?next={stage3}?free=on"
        for sal in (local, national)
    ]
    assert page.count("Report a problem<span") == 2
    for sal in (local, national):
        choice_add(session=session, service_at_location_id=sal.pk)
    plan = html(facilitator_client.get(url("plan", session)))
    assert report_links(plan) == [
        reverse("resource_report_problem", args=[sal.service_id]) + f"?next={url('plan', session)}"
        for sal in (local, national)
    ]
    assert 'Report a problem<span class="nhsuk-u-visually-hidden"> with Lunch club' in plan


def test_an_open_report_warns_every_facilitator_until_it_is_resolved(
    facilitator_client, session, other_organisation, admin
):
    sal = listing("Lunch club")
    listing("Coffee morning", km_north=2)
    stage3 = url("opportunities", session)
    report = reverse("resource_report_problem", args=[sal.service_id])
    response = facilitator_client.post(report, {"kind": "closed", "next": stage3})
    assert response["Location"] == stage3
    page = html(facilitator_client.get(stage3))
    assert "An administrator will check “Lunch club”" in page
    lunch, coffee = page.split('id="listing-')[1:3]
    if "Lunch club" not in lunch:
        lunch, coffee = coffee, lunch
    assert WARNING in lunch and "it has closed or stopped running" in lunch
    assert WARNING not in coffee

    # Another organisation's facilitator sees it too, on their list and their plan.
    other = facilitator(username="olga", organisation=other_organisation)
    other_session = SessionFactory(participant__organisation=other_organisation, facilitator=other)
    choice_add(session=other_session, service_at_location_id=sal.pk)
    client = Client()
    client.force_login(other)
    assert WARNING in html(client.get(url("opportunities", other_session)))
    assert WARNING in html(client.get(url("plan", other_session)))

    # Curation resolves it, and the warning goes.
    client.force_login(admin)
    open_report = ProblemReport.objects.get()
    client.post(reverse("curation_report_close", args=[open_report.pk]), {"status": "resolved"})
    assert WARNING not in html(facilitator_client.get(stage3))
    client.force_login(other)
    assert WARNING not in html(client.get(url("plan", other_session)))
