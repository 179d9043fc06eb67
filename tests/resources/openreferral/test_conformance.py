"""Every API response and every JSON export validates against the official HSDS 3.0 and
Open Referral UK 3.0 schemas (vendored in standards/), on demo data and on hostile data."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from genie.models import Category
from resources import demo
from resources.models import Location, Organization, Schedule, Service, ServiceAtLocation
from resources.openreferral import api, writer
from tests.resources.openreferral.conformance import (
    STANDARDS,
    assert_valid,
    assert_valid_page,
    errors,
)

LISTS = {
    "/openreferral/services": "service",
    "/openreferral/service_at_locations": "service_at_location",
    "/openreferral/organizations": "organization",
    "/openreferral/taxonomies": "taxonomy",
    "/openreferral/taxonomy_terms": "taxonomy_term",
}


@pytest.fixture(autouse=True)
def fake_default_locator(monkeypatch, locator):
    monkeypatch.setattr(api, "default_locator", lambda: locator)


def hostile_listings():
    """Values a careless curator or a council feed leaves behind."""
    bare = Organization.objects.create(name="Ünïcode & <Co>", description="", url="")
    online = Service.objects.create(
        organization=bare,
        name="Online <b>chat</b>",
        description="",
        url="https://exämple.org/a path?q=ü",
        email="",
        phone="",
        delivery=Service.Delivery.ONLINE,
        national=True,
        is_free=True,
    )
    Schedule.objects.create(service=online, byday="MO")  # no times, no description
    phone = Service.objects.create(
        organization=bare,
        name="Phone line",
        delivery=Service.Delivery.PHONE,
        cost_description="£1 a call",
        status=Service.Status.TEMPORARILY_CLOSED,
    )
    unplaced = Location.objects.create(name="", postal_code="", latitude=None, longitude=None)
    ServiceAtLocation.objects.create(service=phone, location=unplaced)
    Category.objects.create(code="no-description", name="No description", description="")
    phone.categories.add(Category.objects.get(code="no-description"))
    hall = Location.objects.create(
        name="Hall",
        address_1="",
        city="",
        postal_code="SO17",
        latitude=50.9,
        longitude=-1.4,
        step_free_access=True,
        accessibility_description="",
    )
    walk = Service.objects.create(
        organization=Organization.objects.create(name="Walkers", email="a@b.example"),
        name="Walk",
        last_reviewed=datetime.date(2025, 1, 2),
        eligibility_description="Over 50s",
    )
    link = ServiceAtLocation.objects.create(service=walk, location=hall)
    Schedule.objects.create(
        service=walk,
        service_at_location=link,
        freq=Schedule.Frequency.MONTHLY,
        byday="2TU",
        opens_at=datetime.time(10),
        closes_at=datetime.time(11, 30),
        description="Second Tuesday",
    )
    walk.categories.add(Category.objects.first())


@pytest.fixture(params=["demo", "hostile"])
def listings(request, db):
    if request.param == "demo":
        demo.load(organisations=[], users={}, participants={})
    else:
        hostile_listings()
    return request.param


def _all_pages(client, url, params=None):
    page = 1
    while True:
        response = client.get(url, {**(params or {}), "page": page, "per_page": 100})
        assert response.status_code == 200, response.content
        body = response.json()
        yield body
        if body["last_page"]:
            return
        page += 1


def test_every_endpoint_validates_against_both_schemas(client, listings):
    counts = {}
    for url, kind in LISTS.items():
        variants = [{}]
        if kind == "organization":
            variants += [{"full_service": "true"}]
        if kind == "service_at_location":
            variants += [{"postcode": "SO17", "proximity": 200_000}]
        for params in variants:
            for body in _all_pages(client, url, params):
                assert_valid_page(kind, body)
                if kind == "service_at_location":
                    for item in body["contents"]:
                        assert_valid("service", item["service"])
                if params.get("full_service"):
                    for item in body["contents"]:
                        for service in item["services"]:
                            assert_valid("service", service)
                counts[url] = counts.get(url, 0) + len(body["contents"])
                for item in body["contents"][:25]:
                    detail = client.get(f"{url}/{item['id']}")
                    assert detail.status_code == 200
                    assert_valid(kind, detail.json())
    assert counts["/openreferral/services"] == Service.objects.count()
    assert counts["/openreferral/service_at_locations"] >= ServiceAtLocation.objects.count()
    assert counts["/openreferral/taxonomy_terms"] == Category.objects.count()
    index = client.get("/openreferral/").json()
    assert index["version"] == "3.0"
    assert index["openapi_url"] == "http://testserver/openreferral/openapi.json"


def test_the_json_export_validates_against_both_schemas(listings, tmp_path):
    path = tmp_path / "export.json"
    call_command(
        "export_resources", "--format", "json", "--output", str(path), stderr=io.StringIO()
    )
    document = json.loads(path.read_text())
    assert_valid_page("service", document)
    assert len(document["contents"]) == Service.objects.count()


def test_hostile_values_are_left_out_not_null(db):
    hostile_listings()
    service = writer.service_to_oruk(
        Service.objects.select_related("organization").get(name__startswith="Online")
    )
    text = json.dumps(service)
    assert "null" not in text and '""' not in text.replace('"description": ""', "")
    assert service["organization"]["description"] == ""
    assert service["url"] == "https://ex%C3%A4mple.org/a%20path?q=%C3%BC"
    assert service["attending_type"] == "online"
    [link] = service["service_at_locations"]
    assert link["location"]["location_type"] == "virtual"
    assert "latitude" not in link["location"]
    assert service["service_areas"][0]["name"] == "United Kingdom"
    assert service["cost_options"][0]["amount"] == 0


def test_categories_are_taxonomy_terms_through_attributes(db):
    hostile_listings()
    walk = Service.objects.select_related("organization").get(name="Walk")
    service = writer.service_to_oruk(walk)
    category = walk.categories.get()
    [attribute] = service["attributes"]
    assert attribute["taxonomy_term_id"] == str(category.pk)
    assert attribute["taxonomy_term"]["name"] == category.name
    assert attribute["taxonomy_term"]["taxonomy_id"] == writer.TAXONOMY_ID
    assert "taxonomy_terms" not in service


def test_the_checker_is_not_toothless():
    assert errors("service", {"id": "x", "name": None})
    assert errors("organization", {"id": writer.TAXONOMY_ID, "name": "a"})  # no description
    assert errors("location", {"id": writer.TAXONOMY_ID, "location_type": "physical", "url": "a b"})


@pytest.mark.parametrize("profile", ["hsds-3.0", "oruk-3.0"])
@pytest.mark.parametrize(
    ("example", "kind"),
    [
        ("service_full", "service"),
        ("organization_full", "organization"),
        ("service_at_location_full", "service_at_location"),
        ("taxonomy", "taxonomy"),
        ("taxonomy_term", "taxonomy_term"),
    ],
)
def test_the_official_examples_validate(profile, example, kind):
    assert_valid(
        kind, json.loads((STANDARDS / profile / "examples" / f"{example}.json").read_text())
    )
