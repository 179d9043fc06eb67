"""The Open Referral UK read API: envelope, fields, filters, errors, CORS, switch."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from genie.models import Category
from resources.models import Location, Schedule, Service
from resources.openreferral import api
from tests.resources.factories import LocationFactory, ServiceFactory, service_at

ENVELOPE = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
SERVICE_FIELDS = {
    "id",
    "organization_id",
    "name",
    "description",
    "status",
    "attending_type",
    "organization",
    "phones",
    "schedules",
    "service_areas",
    "service_at_locations",
    "attributes",
    "cost_options",
    "assured_date",
    "last_modified",
}


@pytest.fixture(autouse=True)
def fake_default_locator(monkeypatch, locator):
    monkeypatch.setattr(api, "default_locator", lambda: locator)


def test_index_is_public_with_version_info_and_cors(client, db):
    response = client.get("/openreferral/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert {"version", "profile", "openapi_url"} <= response.json().keys()
    assert response.json()["version"] == "3.0"


def test_services_page_envelope_and_nested_fields(client, db):
    walk = service_at(name="Walk", phone="023 8000 0000", last_reviewed=datetime.date(2025, 1, 2))
    walk.categories.add(Category.objects.get(code="physical-activity"))
    Schedule.objects.create(
        service=walk, byday="MO", opens_at=datetime.time(10), closes_at=datetime.time(11)
    )
    ServiceFactory(name="Archived", status=Service.Status.INACTIVE)
    body = client.get("/openreferral/services").json()
    assert set(body) == ENVELOPE
    assert (body["total_items"], body["total_pages"], body["page_number"]) == (1, 1, 1)
    assert (body["first_page"], body["last_page"], body["empty"], body["size"]) == (
        True,
        True,
        False,
        1,
    )
    service = body["contents"][0]
    assert set(service) == SERVICE_FIELDS
    assert service["assured_date"] == "2025-01-02"
    assert service["organization"]["name"] == walk.organization.name
    assert service["phones"][0]["number"] == "023 8000 0000"
    assert service["schedules"][0] | {"id": None} == {
        "id": None,
        "service_id": str(walk.pk),
        "freq": "WEEKLY",
        "byday": "MO",
        "opens_at": "10:00:00",
        "closes_at": "11:00:00",
        "attending_type": "in-person",
    }
    location = service["service_at_locations"][0]["location"]
    assert location["latitude"] == 50.9301
    assert location["addresses"][0]["postal_code"] == "SO17 1BJ"
    assert service["attributes"][0]["taxonomy_term"]["code"] == "physical-activity"
    detail = client.get(f"/openreferral/services/{walk.pk}").json()
    assert detail == service


def test_services_filters_combine_with_and(client, db):
    activity = Category.objects.get(code="physical-activity")
    walk = ServiceFactory(name="Walking for health")
    walk.categories.add(activity)
    ServiceFactory(name="Walking book club")
    Service.objects.filter(pk=walk.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )

    def names(params):
        return [s["name"] for s in client.get("/openreferral/services", params).json()["contents"]]

    assert names({"search": "walking"}) == ["Walking book club", "Walking for health"]
    assert names({"search": "walking", "taxonomy_term_id": str(activity.pk)}) == [
        "Walking for health"
    ]
    assert names({"taxonomy_term_id": "physical-activity"}) == ["Walking for health"]
    yesterday = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert names({"search": "walking", "modified_after": yesterday}) == ["Walking book club"]
    assert names({"modified_after": "2020-01-01"}) == ["Walking book club", "Walking for health"]
    # On or after, not strictly after.
    walk.refresh_from_db()
    assert names({"modified_after": walk.updated_at.isoformat()}) == [
        "Walking book club",
        "Walking for health",
    ]
    assert names({"organization_id": str(walk.organization_id)}) == ["Walking for health"]
    assert names({"organization_id": str(walk.organization_id), "search": "club"}) == []
    assert names({"taxonomy_id": api.writer.TAXONOMY_ID}) == ["Walking for health"]


def test_paging(client, db):
    for n in range(5):
        ServiceFactory(name=f"Group {n}")
    body = client.get("/openreferral/services", {"per_page": 2, "page": 3}).json()
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        5,
        3,
        3,
        1,
    )
    assert (body["first_page"], body["last_page"]) == (False, True)
    beyond = client.get("/openreferral/services", {"per_page": 2, "page": 9}).json()
    assert beyond["empty"] is True and beyond["contents"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "abc"},
        {"per_page": "1000"},
        {"modified_after": "yesterday"},
        {"taxonomy_term_id": "no-such-term"},
        {"search": "x" * 500},
        {"page": "9223372036854775807"},
        {"page": "99999999999999999999999"},
        {"per_page": "-1"},
        {"organization_id": "not-a-uuid"},
        {"taxonomy_id": "someone-elses"},
        {"modified_after": "0001-01-01T00:00:00+01:00"},
        {"modified_after": "9999-12-31T23:59:59-01:00"},
        {"search": "nul\x00byte"},
        {"format": "ndjson"},
        {"full": "maybe"},
    ],
)
def test_bad_parameters_are_400_json(client, db, params):
    response = client.get("/openreferral/services", params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["message"].startswith("Bad parameters.")


def test_unknown_or_archived_service_is_404_json(client, db):
    archived = ServiceFactory(status=Service.Status.DEFUNCT)
    for service_id in [archived.pk, "not-a-uuid", "<script>"]:
        response = client.get(f"/openreferral/services/{service_id}")
        assert response.status_code == 404
        assert "no service" in response.json()["message"]


def test_service_at_locations_by_postcode_and_proximity(client, db):
    near = service_at(name="Near")  # SO17 1BJ
    service_at(name="Far", location=LocationFactory(latitude=51.5, longitude=-0.12))
    service_at(
        name="Unplaced",
        location=LocationFactory(
            latitude=None, longitude=None, placement=Location.Placement.NEEDS_LOCATION
        ),
    )
    body = client.get(
        "/openreferral/service_at_locations", {"postcode": "SO17 1BJ", "proximity": 2000}
    ).json()
    assert set(body) == ENVELOPE
    assert [c["service"]["name"] for c in body["contents"]] == ["Near"]
    assert body["contents"][0]["distance"] == 0
    assert body["contents"][0]["service"]["id"] == str(near.pk)
    wide = client.get(
        "/openreferral/service_at_locations", {"postcode": "SO17", "proximity": 200000}
    ).json()
    assert [c["service"]["name"] for c in wide["contents"]] == ["Near", "Far"]
    everything = client.get("/openreferral/service_at_locations").json()
    assert everything["total_items"] == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postcode": "ZZ99 9ZZ"}, "could not be found"),
        ({"page": "9223372036854775807"}, "page"),
        ({"proximity": "100"}, "Give a postcode"),
        ({"postcode": "SO17", "proximity": "-5"}, "proximity"),
        ({"postcode": "SO17", "proximity": "lots"}, "proximity"),
    ],
)
def test_service_at_locations_bad_input(client, db, params, message):
    response = client.get("/openreferral/service_at_locations", params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_query_count_is_constant_in_rows(client, db):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [
        "/openreferral/services",
        "/openreferral/service_at_locations?postcode=SO17&proximity=5000",
        "/openreferral/service_at_locations",
        "/openreferral/organizations",
        "/openreferral/organizations?full_service=true",
        "/openreferral/taxonomy_terms",
    ]
    service_at()
    few = [queries(url) for url in urls]
    for _ in range(15):
        service = service_at()
        service.categories.add(Category.objects.first())
        Schedule.objects.create(service=service, byday="TU")
    many = [queries(url) for url in urls]
    assert few == many


def test_api_can_be_switched_off(client, db, settings):
    settings.OPENREFERRAL_API_ENABLED = False
    for url in ["/openreferral/", "/openreferral/services", "/openreferral/service_at_locations"]:
        assert client.get(url).status_code == 404


def test_api_is_read_only(client, db):
    assert client.post("/openreferral/services").status_code == 405


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/openreferral/services?organisation_id=x", "organisation_id"),
        ("/openreferral/services?postcode=SO17", "postcode"),
        ("/openreferral/service_at_locations?full_service=true", "full_service"),
        ("/openreferral/taxonomy_terms?organization_id=x", "organization_id"),
        ("/openreferral/organizations?taxonomy_term_id=x", "taxonomy_term_id"),
        ("/openreferral/taxonomies?modified_after=2025-01-01", "modified_after"),
        ("/openreferral/?debug=1", "debug"),
    ],
)
def test_an_unsupported_parameter_is_a_400_naming_it(client, db, url, name):
    response = client.get(url)
    assert response.status_code == 400
    assert f"Unsupported parameter “{name}”" in response.json()["message"]


def test_service_at_locations_filters_like_services(client, db):
    activity = Category.objects.get(code="physical-activity")
    walk = service_at(name="Walking for health")
    walk.categories.add(activity)
    service_at(name="Walking book club")

    def names(params):
        body = client.get("/openreferral/service_at_locations", params).json()
        return [link["service"]["name"] for link in body["contents"]]

    assert names({"search": "walking"}) == ["Walking book club", "Walking for health"]
    assert names({"search": "walking", "taxonomy_term_id": "physical-activity"}) == [
        "Walking for health"
    ]
    assert names({"organization_id": str(walk.organization_id)}) == ["Walking for health"]
    assert names({"search": "club", "organization_id": str(walk.organization_id)}) == []


def test_organizations_taxonomies_and_terms(client, db):
    walk = service_at(name="Walk")
    walk.categories.add(Category.objects.get(code="physical-activity"))
    ServiceFactory(name="Archived", status=Service.Status.DEFUNCT)  # its organisation is hidden
    organizations = client.get("/openreferral/organizations").json()
    assert [o["name"] for o in organizations["contents"]] == [walk.organization.name]
    detail = client.get(f"/openreferral/organizations/{walk.organization_id}").json()
    assert detail["services"] == [{"id": str(walk.pk), "name": "Walk", "status": "active"}]
    full = client.get(
        f"/openreferral/organizations/{walk.organization_id}", {"full_service": "true"}
    ).json()
    assert full["services"][0]["attributes"][0]["taxonomy_term"]["code"] == "physical-activity"
    [taxonomy] = client.get("/openreferral/taxonomies").json()["contents"]
    assert client.get(f"/openreferral/taxonomies/{taxonomy['id']}").json() == taxonomy
    terms = client.get("/openreferral/taxonomy_terms", {"taxonomy_id": taxonomy["id"]}).json()
    assert terms["total_items"] == Category.objects.count()
    term = client.get("/openreferral/taxonomy_terms", {"search": "physical"}).json()["contents"]
    assert [t["code"] for t in term] == ["physical-activity"]
    one = client.get(f"/openreferral/taxonomy_terms/{term[0]['id']}").json()
    assert one == term[0]
    link = walk.service_at_locations.get()
    at = client.get(f"/openreferral/service_at_locations/{link.pk}").json()
    assert at["service"]["name"] == "Walk" and at["location"]["id"] == str(link.location_id)


@pytest.mark.parametrize(
    "url",
    [
        "/openreferral/organizations/not-a-uuid",
        "/openreferral/organizations/6f1d3c1e-5b0a-4f43-9a52-2d4f1a7e1c15",
        "/openreferral/taxonomies/genie",
        "/openreferral/taxonomy_terms/6f1d3c1e-5b0a-4f43-9a52-2d4f1a7e1c15",
        "/openreferral/service_at_locations/x",
        "/openreferral/no_such_endpoint",
        "/openreferral/services/a/b",
    ],
)
def test_unknown_records_and_paths_are_404_json(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 404


def test_the_openapi_document_lists_only_genies_endpoints(client, db):
    index = client.get("/openreferral/").json()
    document = client.get(index["openapi_url"]).json()
    assert document["openapi"] == "3.1.0"
    for path, operation in document["paths"].items():
        url = "/openreferral" + path.replace("{id}", "6f1d3c1e-5b0a-4f43-9a52-2d4f1a7e1c15")
        response = client.get(url)
        assert response.status_code in (200, 404), path
        if "{id}" not in path:
            assert response.status_code == 200, path
        for parameter in operation["get"].get("parameters", []):
            if parameter["in"] == "query":
                value = "1" if parameter["schema"]["type"] == "integer" else "true"
                value = {"format": "json", "search": "x", "postcode": "SO17"}.get(
                    parameter["name"], value
                )
                if parameter["name"] in {"taxonomy_term_id", "organization_id", "taxonomy_id"}:
                    continue
                if parameter["name"] == "modified_after":
                    value = "2025-01-01"
                params = {parameter["name"]: value}
                if parameter["name"] == "proximity":
                    params["postcode"] = "SO17"
                got = client.get(url, params)
                assert got.status_code in (200, 404), (path, parameter["name"], got.content)
