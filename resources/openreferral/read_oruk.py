"""The reader for Open Referral UK JSON: a page of services, version 1 or 3.

Both versions in one reader (their fields differ only in names): v1 `regular_schedules`
with `weekday`, `physical_addresses`, `accessibility_for_disabilities`,
`service_taxonomys`; v3 `schedules`, `addresses`, `accessibility`, `attributes`.
"""

import json

from resources.models import (
    Location,
    Organization,
    Service,
)
from resources.openreferral.records import (
    FREE_WORDS,
    MAX_ROWS,
    NATIONAL_AREAS,
    STEP_FREE_ENTRY,
    ImportFileError,
    LocationRecord,
    OrganizationRecord,
    ParsedFile,
    Problem,
    RecordRejected,
    ServiceRecord,
    Values,
    delivery_mode,
    id_or_name,
    plain_text,
    schedule_record,
    weekday_code,
)

# --- Open Referral UK JSON -----------------------------------------------------------


def load_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"The file is not complete JSON ({error.msg} at line {error.lineno}, column "
            f"{error.colno}). It may have been cut short while downloading."
        ) from error
    except RecursionError as error:
        raise ImportFileError("The JSON is nested too deeply to read.") from error


def parse_oruk(text: str) -> ParsedFile:
    return parse_oruk_document(load_json(text))


def parse_oruk_document(data) -> ParsedFile:
    """Records from a decoded page of services (a file, or pages a feed sync gathered)."""
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
    organizations = _organizations_by_id(data, services)
    records, rejected, warnings, seen = [], [], [], {}
    for number, item in enumerate(services, start=1):
        ref = f"record {number}"
        try:
            if not isinstance(item, dict):
                raise RecordRejected("is not a service object")
            record = _oruk_record(item, Values(ref, warnings), organizations)
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


def _organizations_by_id(data, services) -> dict[str, dict]:
    """Organisations the file gives in full, by id: a top-level list, or nested in services."""
    found = {}
    listed = _list(data.get("organizations")) if isinstance(data, dict) else []
    nested = [s["organization"] for s in _list(services) if isinstance(s.get("organization"), dict)]
    for organization in listed + nested:
        key = organization.get("id")
        if isinstance(key, str | int) and not isinstance(key, bool) and organization.get("name"):
            found.setdefault(str(key).strip(), organization)
    return found


def _list(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _organization(item: dict, values: Values, organizations: dict) -> OrganizationRecord:
    organization = item.get("organization")
    if not isinstance(organization, dict) or not organization.get("name"):
        reference = item.get("organization_id")
        if isinstance(reference, str | int) and not isinstance(reference, bool):
            organization = organizations.get(str(reference).strip())
            if organization is None:
                raise RecordRejected(
                    f"its organization_id “{str(reference)[:100]}” is not an organisation "
                    "in the file or feed"
                )
    if not isinstance(organization, dict):
        raise RecordRejected("has no organization with a name")
    organization_name = values.text(
        organization.get("name"),
        "organization name",
        model=Organization,
        name="name",
        required=True,
    )
    return OrganizationRecord(
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


def _oruk_record(item: dict, values: Values, organizations: dict) -> ServiceRecord:
    service_id = values.text(item.get("id"), "id", required=True)[:200]
    record = ServiceRecord(
        ref=values.ref,
        external_id=service_id,
        name=values.text(item.get("name"), "name", model=Service, name="name", required=True),
        organization=_organization(item, values, organizations),
        description=values.long_text(item.get("description"), "description"),
        status=values.choice(item.get("status"), "status", Service.Status.choices),
        url=values.url(item.get("url"), "url", Service),
        email=values.email(item.get("email"), "email", Service),
        phone=_first_phone(item, values, Service),
        eligibility_description=values.prose(
            item.get("eligibility_description"),
            "eligibility_description",
            Service,
            "eligibility_description",
        ),
        last_reviewed=values.day(item.get("assured_date"), "assured_date"),
    )
    _read_costs(item, record, values)
    record.terms = _terms(item)
    record.locations_carried = "service_at_locations" in item or "locations" in item
    links = _list(item.get("service_at_locations"))
    places = [link.get("location") for link in links] + _list(item.get("locations"))
    virtual = []
    for location in places:
        if not isinstance(location, dict):
            continue
        if str(location.get("location_type") or "").strip().lower() == "virtual":
            virtual.append(_virtual_location(location, service_id, len(virtual), values))
            continue
        record.locations.append(_oruk_location(location, service_id, len(record.locations), values))
    physical = bool(record.locations)
    record.delivery = _delivery(item, links, bool(virtual), physical)
    if record.delivery in (Service.Delivery.ONLINE, Service.Delivery.PHONE) and not physical:
        # Stage 3 lists services at places; an online service's place is a virtual one.
        if not virtual:
            virtual = [_virtual_location({}, service_id, 0, values)]
            virtual[0].name = "Online" if record.delivery == Service.Delivery.ONLINE else "By phone"
        record.locations_carried = True
    record.locations += virtual if record.delivery != Service.Delivery.IN_PERSON else []
    record.national = _national(item)
    if not physical and record.delivery in (Service.Delivery.ONLINE, Service.Delivery.PHONE):
        # Reachable from anywhere: Stage 3's group of online and national services.
        record.national = True
    record.schedules = _schedules(item, links, values)
    return record


def _delivery(item: dict, links: list[dict], virtual: bool, physical: bool) -> str | None:
    """Genie's delivery from what the record says: its own attending or deliverable type
    first, then its schedules' attending types and its locations (virtual or physical)."""
    for key in ("attending_type", "deliverable_type"):
        mode = delivery_mode(item.get(key))
        if mode:
            return mode
    schedules = _list(item.get("schedules")) + _list(item.get("regular_schedules"))
    for link in links:
        schedules += _list(link.get("schedules"))
    modes = {delivery_mode(schedule.get("attending_type")) for schedule in schedules} - {None}
    if physical or "in-person" in modes:
        return Service.Delivery.IN_PERSON
    if virtual or "online" in modes:
        return Service.Delivery.ONLINE
    if "phone" in modes:
        return Service.Delivery.PHONE
    return None


def _national(item: dict) -> bool | None:
    if "service_areas" not in item:
        return None
    for area in _list(item.get("service_areas")):
        for key in ("name", "service_area", "description", "extent"):
            value = area.get(key)
            if isinstance(value, str) and value.strip().lower() in NATIONAL_AREAS:
                return True
    return False


def _schedules(item: dict, links: list[dict], values: Values):
    found = []
    carried = False
    for key in ("schedules", "regular_schedules"):
        if key in item:
            carried = True
        found.extend(_list(item.get(key)))
    for link in links:
        for key in ("schedules", "regular_schedules"):
            found.extend(_list(link.get(key)))
        location = link.get("location")
        if isinstance(location, dict):
            found.extend(_list(location.get("schedules")))
    if not (carried or found):
        return None
    schedules = []
    for raw in found:
        byday = raw.get("byday")
        if not byday and "weekday" in raw:
            byday = weekday_code(raw.get("weekday"))
        schedule = schedule_record(
            values,
            raw.get("freq"),
            byday,
            raw.get("opens_at"),
            raw.get("closes_at"),
            plain_text(raw["description"]) if isinstance(raw.get("description"), str) else "",
        )
        if schedule is None:
            values.warn(f"opening times {_short(raw)} could not be read: left out")
        elif schedule not in schedules:
            schedules.append(schedule)
    return schedules


def _short(raw: dict) -> str:
    return (
        "“"
        + ", ".join(
            f"{key}={raw.get(key)}"
            for key in ("freq", "byday", "weekday", "opens_at", "closes_at")
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
            and not isinstance(option.get("amount"), bool)
        ]
        if amounts:
            record.is_free = any(amount == 0 for amount in amounts)
    if isinstance(description, str) and plain_text(description).strip().lower() in FREE_WORDS:
        record.is_free = True
        description = ""  # "Free" is what the free flag already says
    if description is not None:
        record.cost_description = values.prose(description, "cost", Service, "cost_description")


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
            for key in ("name", "code", "term", "id")
            if term.get(key) not in (None, "")
        ]
        if names:
            found.append("\x1f".join(names))  # every spelling a mapping may use
    return found


def _access_text(entry: dict) -> str:
    for key in ("description", "accessibility", "details"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return plain_text(value).strip()
    return ""


def _virtual_location(location: dict, service_id: str, index: int, values: Values):
    return LocationRecord(
        external_id=(
            values.text(location.get("id"), "location id") or f"{service_id}/virtual/{index}"
        )[:200],
        name=values.field(location.get("name"), "location name", Location, "name"),
        virtual=True,
    )


def _oruk_location(location: dict, service_id: str, index: int, values: Values) -> LocationRecord:
    addresses = _list(location.get("addresses")) or _list(location.get("physical_addresses"))
    address = addresses[0] if addresses else {}
    access_key = next(
        (key for key in ("accessibility", "accessibility_for_disabilities") if key in location),
        None,
    )
    entries = [_access_text(entry) for entry in _list(location.get(access_key))]
    step_free = any(STEP_FREE_ENTRY.fullmatch(text) for text in entries) if access_key else None
    access_text = next(
        (text for text in entries if text and not STEP_FREE_ENTRY.fullmatch(text)), None
    )
    if access_key and access_text is None:
        access_text = ""
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
        step_free_access=step_free,
        accessibility_description=values.field(
            access_text, "accessibility", Location, "accessibility_description"
        ),
    )
