"""Listings out: HSDS 3.0 / Open Referral UK 3.0 JSON (API and export) and the CSV layout.

Every object validates against both official schemas (tests/resources/openreferral/
conformance.py): absent values are left out rather than sent as null, required fields
are always there, categories are taxonomy terms through `attributes`, and online and
phone services are virtual locations with an `attending_type`. Ids of the small records
Genie does not keep as rows (phones, addresses, cost options...) are UUIDs derived from
their owner's id, so they are the same on every request.
"""

import csv
import json
import uuid

from django.utils.encoding import iri_to_uri

from resources.openreferral.records import (
    CSV_COLUMNS,
    FORMULA_STARTS,
    NATIONAL_AREA,
    STEP_FREE,
    format_schedule_text,
)

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://github.com/OpenReferralUK/uk-profile"
TAXONOMY = "Genie categories"
TAXONOMY_DESCRIPTION = "The kinds of activity and support Genie groups local resources into."
ID_NAMESPACE = uuid.UUID("6f1d3c1e-5b0a-4f43-9a52-2d4f1a7e1c15")
TAXONOMY_ID = str(uuid.uuid5(ID_NAMESPACE, "taxonomy:genie-categories"))
# Genie's delivery, as Open Referral's attending_type.
ATTENDING_TYPE = {"in-person": "in-person", "online": "online", "phone": "phone"}
VIRTUAL_NAME = {"online": "Online", "phone": "By phone"}


def derived_id(*parts) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, ":".join(str(part) for part in parts)))


def _text(value):
    return value if value not in ("", None) else None


def _uri(value):
    return iri_to_uri(value) if value else None


def compact(data: dict) -> dict:
    """The object without its absent (None or "") values."""
    return {key: value for key, value in data.items() if value not in (None, "")}


def _is_placeholder(location) -> bool:
    return location.latitude is None and not (
        location.address_1 or location.city or location.postal_code
    )


def location_to_oruk(location, *, virtual=False) -> dict:
    if virtual:
        return compact({"id": str(location.pk), "location_type": "virtual", "name": location.name})
    access = []
    if location.step_free_access:
        access.append({"id": derived_id("step-free", location.pk), "description": STEP_FREE})
    if location.accessibility_description:
        access.append(
            {
                "id": derived_id("accessibility", location.pk),
                "description": location.accessibility_description,
            }
        )
    addresses = []
    if location.address_1 or location.city or location.postal_code:
        addresses.append(
            {
                "id": derived_id("address", location.pk),
                "location_id": str(location.pk),
                "address_1": location.address_1,
                "city": location.city,
                "state_province": "",
                "postal_code": location.postal_code,
                "country": "GB",
                "address_type": "physical",
            }
        )
    return compact(
        {
            "id": str(location.pk),
            "location_type": "physical",
            "name": location.name,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": addresses,
            "accessibility": access,
        }
    )


def virtual_location(service) -> dict:
    return {
        "id": derived_id("virtual", service.pk),
        "location_type": "virtual",
        "name": VIRTUAL_NAME[service.delivery],
        "url": _uri(service.url),
    }


def organization_to_oruk(organization) -> dict:
    data = compact(
        {
            "id": str(organization.pk),
            "name": organization.name,
            "email": _text(organization.email),
            "website": _uri(organization.url),
            "phones": (
                [{"id": derived_id("phone", organization.pk), "number": organization.phone}]
                if organization.phone
                else None
            ),
        }
    )
    data["description"] = organization.description  # required by both schemas, even if empty
    return data


def taxonomy_to_oruk() -> dict:
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY,
        "description": TAXONOMY_DESCRIPTION,
        "version": "1",
    }


def taxonomy_term_to_oruk(category) -> dict:
    return compact(
        {
            "id": str(category.pk),
            "code": category.code,
            "term": category.code,
            "name": category.name,
            "description": category.description or category.name,
            "taxonomy": TAXONOMY,
            "taxonomy_id": TAXONOMY_ID,
        }
    )


def schedule_to_oruk(schedule, attending_type) -> dict:
    return compact(
        {
            "id": str(schedule.pk),
            "service_id": str(schedule.service_id),
            "freq": schedule.freq,
            "byday": schedule.byday,
            "opens_at": schedule.opens_at.isoformat() if schedule.opens_at else None,
            "closes_at": schedule.closes_at.isoformat() if schedule.closes_at else None,
            "description": schedule.description,
            "attending_type": attending_type,
        }
    )


def service_to_oruk(service, *, with_locations=True) -> dict:
    """One service, fully nested, from a `public_services()` row (no further queries)."""
    attending_type = ATTENDING_TYPE.get(service.delivery, service.delivery)
    links = []
    if with_locations:
        online = service.delivery in VIRTUAL_NAME
        links = [
            {
                "id": str(link.pk),
                "service_id": str(service.pk),
                "location_id": str(link.location_id),
                "location": location_to_oruk(
                    link.location, virtual=online and _is_placeholder(link.location)
                ),
            }
            for link in service.service_at_locations.all()
        ]
        if online and not links:
            virtual = compact(virtual_location(service))
            links.append(
                {
                    "id": derived_id("virtual-link", service.pk),
                    "service_id": str(service.pk),
                    "location_id": virtual["id"],
                    "location": virtual,
                }
            )
    cost_options = []
    if service.is_free or service.cost_description:
        cost_options.append(
            compact(
                {
                    "id": derived_id("cost", service.pk),
                    "service_id": str(service.pk),
                    "option": service.cost_description,
                    "amount": 0 if service.is_free else None,
                    "currency": "GBP",
                }
            )
        )
    return compact(
        {
            "id": str(service.pk),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "description": service.description,
            "url": _uri(service.url),
            "email": _text(service.email),
            "status": service.status,
            "attending_type": attending_type,
            "fees": service.cost_description,
            "fees_description": service.cost_description,
            "eligibility_description": service.eligibility_description,
            "assured_date": service.last_reviewed.isoformat() if service.last_reviewed else None,
            "last_modified": service.updated_at.isoformat(),
            "organization": organization_to_oruk(service.organization),
            "phones": (
                [{"id": derived_id("phone", service.pk), "number": service.phone}]
                if service.phone
                else []
            ),
            "cost_options": cost_options,
            "schedules": [
                schedule_to_oruk(schedule, attending_type) for schedule in service.schedules.all()
            ],
            "service_areas": (
                [
                    {
                        "id": derived_id("area", service.pk),
                        "service_id": str(service.pk),
                        "name": NATIONAL_AREA,
                        "service_area": NATIONAL_AREA,
                        "description": "Available anywhere in the country.",
                    }
                ]
                if service.national
                else []
            ),
            "service_at_locations": links,
            "attributes": [
                {
                    "id": derived_id("attribute", service.pk, category.pk),
                    "link_id": str(service.pk),
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": str(category.pk),
                    "taxonomy_term": taxonomy_term_to_oruk(category),
                }
                for category in service.categories.all()
            ],
        }
    )


def service_at_location_to_oruk(link) -> dict:
    """A service at a location, with its location and its service (without other places)."""
    online = link.service.delivery in VIRTUAL_NAME
    return {
        "id": str(link.pk),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location_to_oruk(
            link.location, virtual=online and _is_placeholder(link.location)
        ),
        "service": service_to_oruk(link.service, with_locations=False),
    }


def page_envelope(contents: list, *, total_items: int, page_number: int, size: int) -> dict:
    """The HSDS 3.0 paging envelope."""
    total_pages = max(1, -(-total_items // size)) if size else 1
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def export_oruk(services) -> dict:
    contents = [service_to_oruk(service) for service in services]
    return page_envelope(contents, total_items=len(contents), page_number=1, size=len(contents))


def export_json(services) -> str:
    return json.dumps(export_oruk(services), ensure_ascii=False, indent=1)


def _safe(value: str) -> str:
    # Spreadsheets run cells that start like a formula; the importer removes the quote.
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def csv_rows(services):
    """Rows of the documented CSV layout: one per service and location."""
    yield CSV_COLUMNS
    for service in services:
        organization = service.organization
        common = [
            str(service.pk),
            service.name,
            service.description,
            service.status,
            service.url,
            service.email,
            service.phone,
            service.delivery,
            _yes_no(service.national),
            _yes_no(service.is_free),
            service.cost_description,
            service.eligibility_description,
            service.last_reviewed.isoformat() if service.last_reviewed else "",
            "; ".join(category.code for category in service.categories.all()),
            format_schedule_text(service.schedules.all()),
            str(organization.pk),
            organization.name,
            organization.description,
            organization.url,
            organization.email,
            organization.phone,
        ]
        links = service.service_at_locations.all()
        common = [_safe(value) for value in common]
        if not links:
            yield common + [""] * 9
        for link in links:
            location = link.location
            yield common + [
                str(location.pk),
                _safe(location.name),
                _safe(location.address_1),
                _safe(location.city),
                _safe(location.postal_code),
                "" if location.latitude is None else repr(location.latitude),
                "" if location.longitude is None else repr(location.longitude),
                _yes_no(location.step_free_access),
                _safe(location.accessibility_description),
            ]


def write_csv(services, stream) -> None:
    writer = csv.writer(stream)
    for row in csv_rows(services):
        writer.writerow(row)
