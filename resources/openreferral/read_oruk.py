"""The reader for Open Referral UK JSON: a page of services, version 1 or 3."""

import json

from resources.models import (
    Location,
    Organization,
    Service,
)
from resources.openreferral.records import (
    MAX_ROWS,
    ImportFileError,
    LocationRecord,
    OrganizationRecord,
    ParsedFile,
    Problem,
    RecordRejected,
    ServiceRecord,
    Values,
    id_or_name,
    schedule_record,
)

# --- Open Referral UK JSON -----------------------------------------------------------


def parse_oruk(text: str) -> ParsedFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"The file is not complete JSON ({error.msg} at line {error.lineno}, column "
            f"{error.colno}). It may have been cut short while downloading."
        ) from error
    except RecursionError as error:
        raise ImportFileError("The JSON is nested too deeply to read.") from error
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        fmt, services = "oruk-v3", data["contents"]
    elif isinstance(data, dict) and isinstance(data.get("content"), list):
        fmt, services = "oruk-v1", data["content"]
    elif isinstance(data, list):
        fmt, services = "oruk-v3", data
    else:
        raise ImportFileError(
            "The JSON is not a page of Open Referral UK services: expected an object with a "
            "“contents” list (version 3) or a “content” list (version 1)."
        )
    if len(services) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} services: split it up.")
    records, rejected, warnings, seen = [], [], [], {}
    for number, item in enumerate(services, start=1):
        ref = f"record {number}"
        try:
            if not isinstance(item, dict):
                raise RecordRejected("is not a service object")
            record = _oruk_record(item, Values(ref, warnings))
        except RecordRejected as reason:
            rejected.append(Problem(ref, str(reason)))
            continue
        if record.external_id in seen:
            rejected.append(
                Problem(
                    ref,
                    f"service id “{record.external_id}” is used again "
                    f"(first in {seen[record.external_id]})",
                )
            )
            continue
        seen[record.external_id] = ref
        records.append(record)
    return ParsedFile(fmt, records, rejected, warnings)


def _list(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _oruk_record(item: dict, values: Values) -> ServiceRecord:
    service_id = values.text(item.get("id"), "id", required=True)[:200]
    organization = item.get("organization")
    if not isinstance(organization, dict):
        raise RecordRejected("has no organization with a name")
    organization_name = values.text(
        organization.get("name"),
        "organization name",
        model=Organization,
        name="name",
        required=True,
    )
    organization_record = OrganizationRecord(
        external_id=id_or_name(
            values.text(organization.get("id") or item.get("organization_id"), "organization id"),
            organization_name,
        ),
        name=organization_name,
        description=values.long_text(organization.get("description"), "organization description"),
        email=values.email(organization.get("email"), "organization email", Organization),
        url=values.url(
            organization.get("website") or organization.get("url"),
            "organization website",
            Organization,
        ),
        phone=_first_phone(organization, values, Organization),
    )
    record = ServiceRecord(
        ref=values.ref,
        external_id=service_id,
        name=values.text(item.get("name"), "name", model=Service, name="name", required=True),
        organization=organization_record,
        description=values.long_text(item.get("description"), "description"),
        status=values.choice(item.get("status"), "status", Service.Status.choices),
        url=values.url(item.get("url"), "url", Service),
        email=values.email(item.get("email"), "email", Service),
        phone=_first_phone(item, values, Service),
        eligibility_description=values.field(
            item.get("eligibility_description"),
            "eligibility_description",
            Service,
            "eligibility_description",
        ),
        last_reviewed=values.day(item.get("assured_date"), "assured_date"),
    )
    _read_costs(item, record, values)
    record.terms = _terms(item)
    record.locations_carried = "service_at_locations" in item
    schedules = []
    carried = False
    for key in ("schedules", "regular_schedules"):
        if key in item:
            carried = True
        schedules.extend(_list(item.get(key)))
    for link in _list(item.get("service_at_locations")):
        for key in ("schedules", "regular_schedules"):
            schedules.extend(_list(link.get(key)))
        location = link.get("location")
        if isinstance(location, dict):
            record.locations.append(
                _oruk_location(location, service_id, len(record.locations), values)
            )
    if carried or schedules:
        record.schedules = []
        for raw in schedules:
            schedule = schedule_record(
                values,
                raw.get("freq"),
                raw.get("byday"),
                raw.get("opens_at"),
                raw.get("closes_at"),
                raw.get("description") or "",
            )
            if schedule is None:
                values.warn(f"opening times {_short(raw)} could not be read: left out")
            elif schedule not in record.schedules:
                record.schedules.append(schedule)
    return record


def _short(raw: dict) -> str:
    return (
        "“"
        + ", ".join(
            f"{key}={raw.get(key)}"
            for key in ("freq", "byday", "opens_at", "closes_at")
            if raw.get(key)
        )
        + "”"
    )


def _first_phone(item: dict, values: Values, model) -> str | None:
    phones = _list(item.get("phones"))
    for contact in _list(item.get("contacts")):
        phones.extend(_list(contact.get("phones")))
    if not phones:
        return None
    return values.field(phones[0].get("number"), "phone", model, "phone")


def _read_costs(item: dict, record: ServiceRecord, values: Values):
    options = _list(item.get("cost_options"))
    description = item.get("fees_description") or item.get("fees")
    if options:
        description = description or options[0].get("option")
        amounts = [
            option.get("amount")
            for option in options
            if isinstance(option.get("amount"), int | float)
        ]
        if amounts:
            record.is_free = any(amount == 0 for amount in amounts)
    if description is not None:
        record.cost_description = values.field(description, "cost", Service, "cost_description")


def _terms(item: dict) -> list[str] | None:
    terms = _list(item.get("taxonomy_terms"))
    terms += [
        attribute["taxonomy_term"]
        for attribute in _list(item.get("attributes"))
        if isinstance(attribute.get("taxonomy_term"), dict)
    ]
    terms += [
        link["taxonomy"]
        for link in _list(item.get("service_taxonomys"))
        if isinstance(link.get("taxonomy"), dict)
    ]
    if not terms and not any(
        key in item for key in ("taxonomy_terms", "attributes", "service_taxonomys")
    ):
        return None
    found = []
    for term in terms:
        names = [
            str(term.get(key)).strip()
            for key in ("name", "code", "id")
            if term.get(key) not in (None, "")
        ]
        if names:
            found.append("\x1f".join(names))  # every spelling a mapping may use
    return found


def _oruk_location(location: dict, service_id: str, index: int, values: Values) -> LocationRecord:
    addresses = _list(location.get("addresses")) or _list(location.get("physical_addresses"))
    address = addresses[0] if addresses else {}
    access = _list(location.get("accessibility")) or _list(
        location.get("accessibility_for_disabilities")
    )
    access_text = access[0].get("description") or access[0].get("accessibility") if access else None
    latitude, longitude = values.coordinates(location.get("latitude"), location.get("longitude"))
    return LocationRecord(
        external_id=(
            values.text(location.get("id"), "location id") or f"{service_id}/location/{index}"
        )[:200],
        name=values.field(location.get("name"), "location name", Location, "name"),
        address_1=values.field(address.get("address_1"), "address_1", Location, "address_1")
        if address
        else None,
        city=values.field(address.get("city"), "city", Location, "city") if address else None,
        postal_code=values.postcode(address.get("postal_code")) if address else None,
        latitude=latitude,
        longitude=longitude,
        accessibility_description=values.field(
            access_text, "accessibility", Location, "accessibility_description"
        ),
    )
