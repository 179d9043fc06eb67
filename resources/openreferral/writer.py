"""Listings out: Open Referral UK v3 JSON (API and export) and the CSV import layout."""

import csv
import json

from resources.openreferral.records import CSV_COLUMNS, FORMULA_STARTS, format_schedule_text

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://github.com/OpenReferralUK/uk-profile/tree/main/profile"
ORUK_OPENAPI = "https://github.com/openreferral/specification/blob/3.0/schema/openapi.json"
TAXONOMY = "genie-categories"


def _or_none(value):
    # Empty values are left out (null) rather than sent as "", which validators reject.
    return value if value not in ("", None) else None


def location_to_oruk(location) -> dict:
    address = {
        "address_1": _or_none(location.address_1),
        "city": _or_none(location.city),
        "postal_code": _or_none(location.postal_code),
    }
    return {
        "id": str(location.pk),
        "location_type": "physical",
        "name": _or_none(location.name),
        "latitude": location.latitude,
        "longitude": location.longitude,
        "addresses": (
            [{"id": str(location.pk), "address_type": "physical", "country": "GB", **address}]
            if any(address.values())
            else []
        ),
        "accessibility": (
            [{"id": str(location.pk), "description": location.accessibility_description}]
            if location.accessibility_description
            else []
        ),
    }


def service_to_oruk(service) -> dict:
    """One service, fully nested, from a `public_services()` row (no further queries)."""
    organization = service.organization
    return {
        "id": str(service.pk),
        "name": service.name,
        "description": _or_none(service.description),
        "url": _or_none(service.url),
        "email": _or_none(service.email),
        "status": service.status,
        "eligibility_description": _or_none(service.eligibility_description),
        "assured_date": service.last_reviewed.isoformat() if service.last_reviewed else None,
        "last_modified": service.updated_at.isoformat(),
        "organization": {
            "id": str(organization.pk),
            "name": organization.name,
            "description": _or_none(organization.description),
            "email": _or_none(organization.email),
            "website": _or_none(organization.url),
            "phones": (
                [{"id": str(organization.pk), "number": organization.phone}]
                if organization.phone
                else []
            ),
        },
        "phones": [{"id": str(service.pk), "number": service.phone}] if service.phone else [],
        "cost_options": (
            [
                {
                    "id": str(service.pk),
                    "option": _or_none(service.cost_description),
                    "amount": 0 if service.is_free else None,
                    "currency": "GBP",
                }
            ]
            if service.is_free or service.cost_description
            else []
        ),
        "schedules": [
            {
                "id": str(schedule.pk),
                "freq": schedule.freq,
                "byday": _or_none(schedule.byday),
                "opens_at": schedule.opens_at.isoformat() if schedule.opens_at else None,
                "closes_at": schedule.closes_at.isoformat() if schedule.closes_at else None,
                "description": _or_none(schedule.description),
            }
            for schedule in service.schedules.all()
        ],
        "service_at_locations": [
            {"id": str(link.pk), "location": location_to_oruk(link.location)}
            for link in service.service_at_locations.all()
        ],
        "taxonomy_terms": [
            {
                "id": str(category.pk),
                "code": category.code,
                "name": category.name,
                "description": _or_none(category.description),
                "taxonomy": TAXONOMY,
            }
            for category in service.categories.all()
        ],
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
