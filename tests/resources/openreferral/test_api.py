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
    "name",
    "description",
    "url",
    "email",
    "status",
    "organization",
    "phones",
    "schedules",
    "service_at_locations",
    "taxonomy_terms",
    "cost_options",
    "assured_date",
    "last_modified",
    "eligibility_description",
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
        "freq": "WEEKLY",
        "byday": "MO",
        "opens_at": "10:00:00",
        "closes_at": "11:00:00",
        "description": None,
    }
    location = service["service_at_locations"][0]["location"]
    assert location["latitude"] == 50.9301
    assert location["addresses"][0]["postal_code"] == "SO17 1BJ"
    assert service["taxonomy_terms"][0]["code"] == "physical-activity"
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

    service_at()
    few = [
        queries("/openreferral/services"),
        queries("/openreferral/service_at_locations?postcode=SO17&proximity=5000"),
    ]
    for _ in range(15):
        service = service_at()
        service.categories.add(Category.objects.first())
        Schedule.objects.create(service=service, byday="TU")
    many = [
        queries("/openreferral/services"),
        queries("/openreferral/service_at_locations?postcode=SO17&proximity=5000"),
    ]
    assert few == many


def test_api_can_be_switched_off(client, db, settings):
    settings.OPENREFERRAL_API_ENABLED = False
    for url in ["/openreferral/", "/openreferral/services", "/openreferral/service_at_locations"]:
        assert client.get(url).status_code == 404


def test_api_is_read_only(client, db):
    assert client.post("/openreferral/services").status_code == 405
