"""The staleness queue and problem reports."""

import datetime

import pytest
from django.urls import reverse

from resources.curation.selectors import months_before, open_report_service_ids
from resources.models import ProblemReport, Service
from tests.resources.factories import ServiceFactory

TODAY = datetime.date.today()


def test_months_before_handles_short_months():
    assert months_before(datetime.date(2025, 3, 31), 1) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 1, 15), 12) == datetime.date(2024, 1, 15)


def test_stale_queue_lists_oldest_first_and_still_correct_clears(admin_client):
    ServiceFactory(name="Fresh", last_reviewed=TODAY)
    old = ServiceFactory(name="Old", last_reviewed=TODAY - datetime.timedelta(days=800))
    ServiceFactory(name="Older", last_reviewed=TODAY - datetime.timedelta(days=900))
    ServiceFactory(name="Never")
    ServiceFactory(name="Archived", status=Service.Status.INACTIVE)
    response = admin_client.get(reverse("curation_stale"))
    assert [s.name for s in response.context["page"]] == ["Never", "Older", "Old"]
    response = admin_client.post(reverse("curation_service_reviewed", args=[old.pk]))
    assert response["Location"] == reverse("curation_stale")
    old.refresh_from_db()
    assert old.last_reviewed == TODAY
    fragment = admin_client.post(
        reverse("curation_service_reviewed", args=[old.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "marked as reviewed today" in fragment and 'hx-swap-oob="true"' in fragment
    assert "<html" not in fragment


def test_stale_months_setting(admin_client, settings):
    ServiceFactory(name="Six months", last_reviewed=TODAY - datetime.timedelta(days=200))
    assert admin_client.get(reverse("curation_stale")).context["page"].paginator.count == 0
    settings.RESOURCE_STALE_MONTHS = 6
    assert admin_client.get(reverse("curation_stale")).context["page"].paginator.count == 1


@pytest.mark.parametrize("user_fixture", ["facilitator_user", "commissioner_user"])
def test_queues_are_for_admins_only(client, db, request, user_fixture):
    service = ServiceFactory()
    report = ProblemReport.objects.create(service=service, kind="closed")
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("curation_stale")).status_code == 403
    assert client.get(reverse("curation_reports")).status_code == 403
    assert client.post(reverse("curation_service_reviewed", args=[service.pk])).status_code == 403
    response = client.post(
        reverse("curation_report_close", args=[report.pk]), {"status": "dismissed"}
    )
    assert response.status_code == 403
    service.refresh_from_db()
    report.refresh_from_db()
    assert service.last_reviewed is None and report.status == "open"


def test_facilitator_reports_a_problem_and_returns(facilitator_client, facilitator_user):
    service = ServiceFactory(name="Lunch club")
    url = reverse("resource_report_problem", args=[service.pk])
    page = facilitator_client.get(url, {"next": "/sessions/abc/opportunities/"}).content.decode()
    assert (
        "Report a problem with “Lunch club”" in page
        and 'value="/sessions/abc/opportunities/"' in page
    )
    response = facilitator_client.post(
        url,
        {
            "kind": "wrong-contact",
            "note": "New number 023 8000 1111",
            "next": "/sessions/abc/opportunities/",
        },
    )
    assert response["Location"] == "/sessions/abc/opportunities/"
    report = ProblemReport.objects.get()
    assert (report.kind, report.reported_by, report.status) == (
        "wrong-contact",
        facilitator_user,
        "open",
    )
    assert open_report_service_ids([service.pk, ServiceFactory().pk]) == {service.pk}
    # A double submit does not file two reports.
    facilitator_client.post(url, {"kind": "wrong-contact", "note": "New number 023 8000 1111"})
    assert ProblemReport.objects.count() == 1


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example"],
)
def test_report_never_returns_to_another_site(facilitator_client, next_url):
    service = ServiceFactory()
    response = facilitator_client.post(
        reverse("resource_report_problem", args=[service.pk]), {"kind": "closed", "next": next_url}
    )
    assert response.status_code == 200
    assert "Report sent" in response.content.decode()


def test_report_form_errors_and_hostile_text(facilitator_client):
    service = ServiceFactory(name="<script>alert(1)</script>")
    url = reverse("resource_report_problem", args=[service.pk])
    page = facilitator_client.post(url, {"kind": "other", "note": "   "}).content.decode()
    assert "There is a problem" in page and "Tell us what is wrong with this listing" in page
    assert "<script>alert(1)" not in page
    page = facilitator_client.post(url, {}).content.decode()
    assert "Choose what is wrong with this listing" in page
    page = facilitator_client.post(url, {"kind": "other", "note": "x" * 1001}).content.decode()
    assert "under 1,000 characters" in page
    facilitator_client.post(
        url, {"kind": "other", "note": '"><svg onload=alert(1)> ${x} `rm` مرحبا 🎉'}
    )
    assert ProblemReport.objects.get().note.endswith("🎉")
    assert (
        facilitator_client.get(
            reverse("resource_report_problem", args=["00000000-0000-0000-0000-000000000000"])
        ).status_code
        == 404
    )


def test_commissioner_cannot_report(client, commissioner_user):
    client.force_login(commissioner_user)
    service = ServiceFactory()
    assert (
        client.post(
            reverse("resource_report_problem", args=[service.pk]), {"kind": "closed"}
        ).status_code
        == 403
    )


def test_admin_resolves_and_dismisses_reports(admin_client, admin):
    first = ProblemReport.objects.create(
        service=ServiceFactory(name="Choir"), kind="closed", note="Stopped in May"
    )
    second = ProblemReport.objects.create(service=ServiceFactory(), kind="other", note="Hmm")
    page = admin_client.get(reverse("curation_reports")).content.decode()
    assert "Choir" in page and "Stopped in May" in page
    admin_client.post(reverse("curation_report_close", args=[first.pk]), {"status": "resolved"})
    admin_client.post(reverse("curation_report_close", args=[second.pk]), {"status": "dismissed"})
    response = admin_client.post(
        reverse("curation_report_close", args=[second.pk]), {"status": "resolved"}, follow=True
    )
    assert "already closed" in response.content.decode()
    assert dict(ProblemReport.objects.values_list("kind", "status")) == {
        "closed": "resolved",
        "other": "dismissed",
    }
    assert open_report_service_ids([first.service_id]) == set()
    response = admin_client.post(
        reverse("curation_report_close", args=[first.pk]), {"status": "deleted"}, follow=True
    )
    assert "Choose whether" in response.content.decode()
