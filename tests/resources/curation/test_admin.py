"""The resource admin: who may reach it, lists, filters, actions, import preview and commit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from genie.models import Category
from resources import admin as resources_admin
from resources.models import (
    CategoryMapping,
    ImportRun,
    Location,
    ProblemReport,
    Schedule,
    Service,
    ServiceAtLocation,
)
from tests.resources.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceFactory,
    service_at,
)
from tests.resources.openreferral.test_importing import GOOD_CSV

ADMIN_PAGES = [
    "admin:resources_service_changelist",
    "admin:resources_service_add",
    "admin:resources_organization_changelist",
    "admin:resources_location_changelist",
    "admin:resources_serviceatlocation_changelist",
    "admin:resources_schedule_changelist",
    "admin:genie_category_changelist",
    "admin:resources_categorymapping_changelist",
    "admin:resources_importrun_changelist",
    "admin:resources_problemreport_changelist",
    "admin:resources_service_import",
]


@pytest.fixture(autouse=True)
def fake_default_locator(monkeypatch, locator):
    monkeypatch.setattr(resources_admin, "default_locator", lambda: locator)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_open_for_admins(admin_client, name):
    service_at()
    assert admin_client.get(reverse(name)).status_code == 200


def test_change_pages_show_inlines(admin_client, admin):
    service = service_at(name="Walk")
    ServiceAtLocation.objects.create(service=service, location=LocationFactory())
    Schedule.objects.create(service=service, byday="MO", description="Morning walk")
    ProblemReport.objects.create(service=service, kind="closed", note="Gone", reported_by=admin)
    ProblemReport.objects.create(service=service, kind="other", note="Moved", reported_by=admin)
    page = admin_client.get(reverse("admin:resources_service_change", args=[service.pk]))
    text = page.content.decode()
    assert "Where it runs" in text and "Morning walk" in text and "Gone" in text
    location = service.service_at_locations.first().location
    ServiceAtLocation.objects.create(service=ServiceFactory(), location=location)
    page = admin_client.get(reverse("admin:resources_location_change", args=[location.pk]))
    assert "Services here" in page.content.decode()


def test_mapping_terms_are_unique_ignoring_case(admin_client):
    category = Category.objects.get(code="volunteering")
    url = reverse("admin:resources_categorymapping_add")
    assert "Walking" in admin_client.get(url, {"term": "Walking"}).content.decode()
    admin_client.post(url, {"term": "Helping out", "category": category.pk})
    response = admin_client.post(url, {"term": "HELPING OUT", "category": category.pk})
    assert "This term already has a mapping." in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["facilitator_user", "commissioner_user"])
def test_facilitators_and_commissioners_cannot_reach_the_admin(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    for url in [
        "/admin/",
        reverse("admin:resources_service_changelist"),
        reverse("admin:resources_service_import"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_staff_flag_alone_does_not_open_resource_curation(client, staff_facilitator):
    client.force_login(staff_facilitator)
    assert client.get(reverse("admin:resources_service_changelist")).status_code == 403
    assert client.get(reverse("admin:resources_service_export", args=["csv"])).status_code == 302
    index = client.get("/admin/").content.decode()
    assert "Local resources" not in index


def test_changelist_filters_and_query_count(admin_client):
    placed = service_at(name="Placed walk", last_reviewed=datetime.date.today())
    unplaced = service_at(
        name="Lost choir",
        location=LocationFactory(
            latitude=None,
            longitude=None,
            postcode_district="SO14",
            placement=Location.Placement.NEEDS_LOCATION,
        ),
    )
    url = reverse("admin:resources_service_changelist")
    assert _names(admin_client.get(url, {"placed": "no"})) == ["Lost choir"]
    assert _names(admin_client.get(url, {"review": "stale"})) == ["Lost choir"]
    assert _names(admin_client.get(url, {"area": "SO17"})) == ["Placed walk"]
    placed.categories.add(Category.objects.get(code="physical-activity"))
    category = Category.objects.get(code="physical-activity")
    assert _names(admin_client.get(url, {"categories__id__exact": category.pk})) == ["Placed walk"]
    assert _names(admin_client.get(url, {"q": unplaced.organization.name})) == ["Lost choir"]
    assert _query_count(admin_client, url) == _query_count(admin_client, url, more=20)


def _query_count(client, url, more=0):
    for _ in range(more):
        service_at()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _names(response):
    assert response.status_code == 200
    return [s.name for s in response.context["cl"].result_list]


def test_bulk_actions_mark_reviewed_and_archive(admin_client):
    one, two = ServiceFactory(), ServiceFactory()
    url = reverse("admin:resources_service_changelist")
    admin_client.post(url, {"action": "mark_reviewed", "_selected_action": [one.pk]})
    one.refresh_from_db()
    assert one.last_reviewed == datetime.date.today()
    admin_client.post(url, {"action": "archive", "_selected_action": [one.pk, two.pk]})
    assert set(Service.objects.values_list("status", flat=True)) == {"inactive"}


def test_saving_a_location_places_it_or_flags_it(admin_client):
    organization = OrganizationFactory()
    add = reverse("admin:resources_location_add")
    data = {
        "name": "Hall",
        "organization": organization.pk,
        "address_1": "1 Road",
        "city": "Southampton",
        "postal_code": "so17 1bj",
        "service_at_locations-TOTAL_FORMS": 0,
        "service_at_locations-INITIAL_FORMS": 0,
    }
    assert admin_client.post(add, data).status_code == 302
    hall = Location.objects.get(name="Hall")
    assert (hall.postal_code, hall.postcode_district, hall.placement) == (
        "SO17 1BJ",
        "SO17",
        "postcode",
    )
    response = admin_client.post(
        add, dict(data, name="Nowhere", postal_code="ZZ9 9ZZ"), follow=True
    )
    assert "could not be placed" in response.content.decode()
    assert Location.objects.get(name="Nowhere").placement == Location.Placement.NEEDS_LOCATION
    response = admin_client.post(add, dict(data, name="Half", latitude="50.9"))
    assert "Enter both latitude and longitude" in response.content.decode()
    admin_client.post(
        add, dict(data, name="By hand", postal_code="ZZ9 9ZZ", latitude="50.9", longitude="-1.4")
    )
    by_hand = Location.objects.get(name="By hand")
    assert by_hand.placement == Location.Placement.MANUAL
    # A new postcode re-places a location the postcode placed, not one set by hand.
    change = reverse("admin:resources_location_change", args=[hall.pk])
    admin_client.post(
        change,
        dict(
            data,
            name="Hall",
            postal_code="SO14 1AA",
            latitude=hall.latitude,
            longitude=hall.longitude,
        ),
    )
    hall.refresh_from_db()
    assert (hall.postcode_district, hall.latitude, hall.placement) == ("SO14", 50.905, "district")
    change = reverse("admin:resources_location_change", args=[by_hand.pk])
    admin_client.post(
        change,
        dict(data, name="By hand", postal_code="SO14 1AA", latitude="50.9", longitude="-1.4"),
    )
    by_hand.refresh_from_db()
    assert (by_hand.latitude, by_hand.placement) == (50.9, Location.Placement.MANUAL)


def _upload(client, content, name="directory.csv", source="Council"):
    return client.post(
        reverse("admin:resources_service_import"),
        {"file": SimpleUploadedFile(name, content), "source": source},
    )


def test_upload_preview_then_commit(admin_client):
    response = _upload(admin_client, GOOD_CSV.encode())
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("admin:resources_service_import_preview", args=[run.pk])
    assert not Service.objects.exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "New listings" in page and "Itchen walkers" in page
    assert "Singing" in page and "needs a location" in page
    response = admin_client.post(response["Location"], {"action": "commit"})
    assert response["Location"] == reverse("admin:resources_service_changelist")
    assert Service.objects.count() == 2
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED and run.content == ""
    # A double submit imports nothing twice.
    admin_client.post(
        reverse("admin:resources_service_import_preview", args=[run.pk]), {"action": "commit"}
    )
    assert Service.objects.count() == 2


def test_check_again_after_mapping_a_term(admin_client):
    _upload(admin_client, GOOD_CSV.encode())
    run = ImportRun.objects.get()
    assert [t["term"] for t in run.summary["unmapped_term_list"]] == ["Singing", "Walking"]
    CategoryMapping.objects.create(
        term="walking", category=Category.objects.get(code="physical-activity")
    )
    url = reverse("admin:resources_service_import_preview", args=[run.pk])
    assert admin_client.post(url, {"action": "refresh"})["Location"] == url
    run.refresh_from_db()
    assert [t["term"] for t in run.summary["unmapped_term_list"]] == ["Singing"]
    assert not Service.objects.exists()


def test_stale_preview_is_not_committed(admin_client):
    _upload(admin_client, GOOD_CSV.encode())
    run = ImportRun.objects.get()
    # Someone imports the same listings in another tab first.
    _upload(admin_client, GOOD_CSV.encode())
    other = ImportRun.objects.exclude(pk=run.pk).get()
    admin_client.post(
        reverse("admin:resources_service_import_preview", args=[other.pk]), {"action": "commit"}
    )
    response = admin_client.post(
        reverse("admin:resources_service_import_preview", args=[run.pk]),
        {"action": "commit"},
        follow=True,
    )
    assert "changed since this preview" in response.content.decode()
    assert Service.objects.count() == 2
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED and run.summary["unchanged"] == 2


def test_unreadable_upload_is_explained_in_the_form(admin_client):
    response = _upload(admin_client, b'{"contents": [{"id": 1', name="feed.json")
    assert response.status_code == 200
    assert "not complete JSON" in response.content.decode()
    assert not ImportRun.objects.exists()
    response = _upload(admin_client, GOOD_CSV.encode(), source="   ")
    assert (
        "This field is required" in response.content.decode()
        or "Enter where" in response.content.decode()
    )


def test_hostile_text_is_escaped_in_the_preview(admin_client):
    evil = '<script>alert(1)</script>"><svg onload=x>'
    content = f"service_id,service_name,organization_name,categories\n1,{evil},Org,{evil}\n"
    _upload(admin_client, content.encode())
    page = admin_client.get(
        reverse("admin:resources_service_import_preview", args=[ImportRun.objects.get().pk])
    ).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_export_downloads(admin_client):
    service_at(name="Walk")
    ServiceFactory(name="Archived", status=Service.Status.INACTIVE)
    csv = admin_client.get(reverse("admin:resources_service_export", args=["csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    assert "Walk" in csv.content.decode() and "Archived" not in csv.content.decode()
    document = admin_client.get(reverse("admin:resources_service_export", args=["json"])).json()
    assert [s["name"] for s in document["contents"]] == ["Walk"]


def test_problem_report_admin_actions(admin_client, admin):
    report = ProblemReport.objects.create(service=ServiceFactory(), kind="closed")
    admin_client.post(
        reverse("admin:resources_problemreport_changelist"),
        {"action": "resolve", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert (report.status, report.closed_by) == ("resolved", admin)
