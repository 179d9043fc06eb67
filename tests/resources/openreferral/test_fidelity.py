"""Faithful import of real council feeds, and lossless export (issue #15, items 3 and 4)."""

import io
import json
from pathlib import Path

import pytest

from resources import demo
from resources.curation.selectors import public_services
from resources.models import Location, Organization, Schedule, Service, ServiceAtLocation
from resources.openreferral import services as openreferral_services
from resources.openreferral import writer
from resources.openreferral.records import plain_text
from resources.selectors import MatchCriteria, match_resources
from tests.resources.openreferral.conformance import STANDARDS

FIXTURES = Path(__file__).parent / "fixtures"


def plan(content, locator, source="council"):
    if isinstance(content, str):
        content = content.encode()
    return openreferral_services.import_plan(content=content, source=source, locator=locator)


def commit(content, locator, source="council"):
    if isinstance(content, str):
        content = content.encode()
    return openreferral_services.import_file_commit(
        content=content, filename="feed.json", source=source, user=None, locator=locator
    )


def test_a_council_list_page_imports_with_the_right_flags_and_reasons(db, locator, admin_client):
    content = (FIXTURES / "council_page.json").read_bytes()
    result = plan(content, locator)
    assert [(r.ref, r.message) for r in result.rejected] == [
        ("record 5", "has no organization with a name"),
        ("record 6", "service id “1002” is used again (first in record 2)"),
    ]
    assert result.needs_location == [
        ("record 1", "Portswood Memory Café"),
        ("record 7", "National helpline"),
    ]
    assert result.unmapped_terms == [("Social activities", 1)]
    commit(content, locator)

    cafe = Service.objects.get(external_id="1001")
    assert cafe.description == (
        "About us\nA friendly café for people living with dementia and their carers.\n\n"
        "Tea & cake provided."
    )
    assert cafe.organization.description == "Local charity."
    assert (cafe.is_free, cafe.cost_description, cafe.url, cafe.email) == (True, "", "", "")
    assert [(s.byday, str(s.opens_at), str(s.closes_at)) for s in cafe.schedules.all()] == [
        ("TH", "10:00:00", "11:30:00"),
        ("TU", "14:00:00", "16:00:00"),
    ]
    assert cafe.delivery == Service.Delivery.IN_PERSON and not cafe.service_at_locations.exists()

    phone = Service.objects.get(external_id="1002")
    assert (phone.delivery, phone.national) == (Service.Delivery.PHONE, True)
    online = Service.objects.get(external_id="1003")
    assert (online.delivery, online.national) == (Service.Delivery.ONLINE, True)
    assert online.service_at_locations.get().location.name == "Zoom"

    hall = Service.objects.get(external_id="1004")
    place = hall.service_at_locations.get().location
    assert (place.step_free_access, place.accessibility_description) == (
        True,
        "Hearing loop in the main hall",
    )
    assert (place.latitude, place.placement) == (50.9301, Location.Placement.POSTCODE)
    assert (hall.is_free, hall.cost_description) == (False, "£2 per session")

    helpline = Service.objects.get(external_id="1006")
    assert helpline.organization.name == "Makers Together"  # from organization_id alone
    assert Organization.objects.count() == 2

    # Online and phone services without a place land in Stage 3's online group...
    results = match_resources(criteria=MatchCriteria(radius_km=5), origin=None)
    grouped = ServiceAtLocation.objects.filter(
        pk__in=[m.service_at_location_id for m in results.national]
    )
    assert {link.service.name for link in grouped} >= {
        "Befriending by phone",
        "Online craft circle",
    }
    # ...and the unplaced ones wait for a curator, never shown as placed.
    page = admin_client.get("/admin/resources/service/", {"placed": "no"}).content.decode()
    assert "Portswood Memory Café" in page and "National helpline" in page
    assert "Befriending by phone" not in page and "Chair exercise" not in page
    queue = admin_client.get("/curation/stale/").content.decode()
    flagged = [
        item.split("</h2>")[0].rsplit(">", 1)[-1]
        for item in queue.split('class="genie-curation-list__item"')[1:]
        if "Needs a location" in item
    ]
    assert sorted(flagged) == ["National helpline", "Portswood Memory Café"]

    again = plan(content, locator)
    assert (len(again.create), len(again.update), again.unchanged) == (0, 0, 5)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p><br></p><p>Two&nbsp;three</p>", "One\n\nTwo three"),
        ("<ul><li>a</li><li>b</li></ul>", "• a\n• b"),
        ("<script>alert(1)</script>Safe", "Safe"),
        ("Ages <18 & >65 welcome", "Ages <18 & >65 welcome"),
        ("Plain text stays as it is.", "Plain text stays as it is."),
    ],
)
def test_descriptions_are_read_as_text_never_tags(html, text):
    assert plain_text(html) == text


def test_v1_weekdays_as_numbers_or_names_and_v3_schedules(db, locator):
    document = {
        "contents": [
            {
                "id": "s1",
                "name": "Tea",
                "organization": {"id": "o", "name": "Org"},
                "regular_schedules": [
                    {"weekday": 1, "opens_at": "09:00", "closes_at": "10:00"},
                    {"weekday": "sunday"},
                    {"weekday": "Fri", "opens_at": "10:00", "closes_at": "11:00"},
                ],
                "schedules": [{"byday": "2WE", "opens_at": "18:00", "closes_at": "19:00"}],
                "fees": "£3 a session",
                "cost_options": [{"option": "Carers", "amount": 0}],
                "service_at_locations": [
                    {
                        "location": {
                            "id": "l",
                            "addresses": [{"postal_code": "SO17"}],
                            "accessibility": [{"description": "Wheelchair accessible"}],
                        }
                    }
                ],
            }
        ]
    }
    commit(json.dumps(document), locator)
    tea = Service.objects.get()
    assert sorted((s.freq, s.byday, str(s.opens_at)) for s in tea.schedules.all()) == [
        ("MONTHLY", "2WE", "18:00:00"),
        ("WEEKLY", "FR", "10:00:00"),
        ("WEEKLY", "MO", "09:00:00"),
        ("WEEKLY", "SU", "None"),
    ]
    assert (tea.is_free, tea.cost_description) == (True, "£3 a session")
    assert tea.service_at_locations.get().location.step_free_access is True


@pytest.mark.parametrize("profile", ["hsds-3.0", "oruk-3.0"])
def test_the_official_examples_import_cleanly(db, locator, profile):
    service = json.loads((STANDARDS / profile / "examples" / "service_full.json").read_text())
    listing = json.loads((STANDARDS / profile / "examples" / "service_list.json").read_text())
    for document in ({"contents": [service]}, listing):
        result = plan(json.dumps(document), locator)
        assert result.rejected == [], result.rejected
        assert len(result.create) == len(document["contents"])
    commit(json.dumps({"contents": [service]}), locator)
    imported = Service.objects.get()
    assert imported.name == service["name"]
    assert imported.schedules.exists()
    assert plan(json.dumps({"contents": [service]}), locator).unchanged == 1


def _listings():
    rows = []
    for service in public_services():
        rows.append(
            (
                service.name,
                service.organization.name,
                service.delivery,
                service.national,
                service.is_free,
                service.cost_description,
                service.description,
                sorted(c.code for c in service.categories.all()),
                sorted(
                    (s.freq, s.byday, str(s.opens_at), str(s.closes_at))
                    for s in service.schedules.all()
                ),
                sorted(
                    (
                        link.location.name,
                        link.location.postal_code,
                        link.location.latitude,
                        link.location.step_free_access,
                        link.location.accessibility_description,
                    )
                    for link in service.service_at_locations.all()
                ),
            )
        )
    return sorted(rows)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_demo_export_reimports_with_no_changes_and_recreates_it_in_an_empty_genie(
    db, locator, fmt
):
    demo.load(organisations=[], users={}, participants={})
    Schedule.objects.filter(pk=Schedule.objects.first().pk).update(description="Drop in")
    if fmt == "json":
        content = writer.export_json(public_services())
    else:
        stream = io.StringIO()
        writer.write_csv(public_services(), stream)
        content = stream.getvalue()
    same = plan(content, locator, source="backup")
    assert (len(same.create), [p.changes for p in same.update]) == (0, [])
    assert same.unchanged == Service.objects.count()
    before = _listings()
    # An empty Genie: the same listings, from the file alone.
    for model in (ServiceAtLocation, Schedule, Service, Location, Organization):
        model.objects.all().delete()
    commit(content, locator, source="backup")
    assert _listings() == before
    assert plan(content, locator, source="backup").unchanged == len(before)


def test_the_json_export_carries_delivery_national_step_free_schedules_and_costs(db):
    demo.load(organisations=[], users={}, participants={})
    document = writer.export_oruk(public_services())
    by_name = {service["name"]: service for service in document["contents"]}
    phone = by_name["Friendship by phone (demo)"]
    assert phone["attending_type"] == "phone"
    assert phone["service_areas"][0]["name"] == "United Kingdom"
    assert phone["service_at_locations"][0]["location"]["location_type"] == "virtual"
    local = next(
        s
        for s in document["contents"]
        if s["service_at_locations"][0]["location"].get("accessibility")
    )
    assert local["schedules"][0]["opens_at"]
    assert any(
        entry["description"] == "Step-free access"
        for service in document["contents"]
        for link in service["service_at_locations"]
        for entry in link["location"].get("accessibility", [])
    )
    assert any(
        service["cost_options"] and service["cost_options"][0].get("amount") == 0
        for service in document["contents"]
    )
