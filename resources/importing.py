"""Reading directory files (CSV, Open Referral UK v1 and v3 JSON) and planning their import.

An import has two steps. `plan_import` reads the file, checks every record and
compares it with the database without writing anything: the dry run. `apply_plan`
then writes the whole plan inside one transaction (see curation_services).

Records are matched on (source, external id); ids that are Genie's own UUIDs
(from an export of this system) match the record itself, so an exported file
re-imports with no changes. A value the file does not carry (a missing column,
a missing JSON key) is left as it is; a value it does carry replaces ours.
"""

import csv
import io
import json
import math
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone

from genie.postcodes import outward_code
from resources.locator import PostcodeLocator
from resources.models import (
    Category,
    CategoryMapping,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)

MAX_ROWS = 50_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "service_id",
    "service_name",
    "service_description",
    "service_status",
    "service_url",
    "service_email",
    "service_phone",
    "delivery",
    "national",
    "is_free",
    "cost_description",
    "eligibility_description",
    "last_reviewed",
    "categories",
    "schedules",
    "organization_id",
    "organization_name",
    "organization_description",
    "organization_url",
    "organization_email",
    "organization_phone",
    "location_id",
    "location_name",
    "address_1",
    "city",
    "postcode",
    "latitude",
    "longitude",
    "step_free_access",
    "accessibility_description",
]
REQUIRED_CSV_COLUMNS = ["service_id", "service_name", "organization_name"]
SERVICE_COLUMNS = CSV_COLUMNS[: CSV_COLUMNS.index("location_id")]
LOCATION_COLUMNS = CSV_COLUMNS[CSV_COLUMNS.index("location_id") :]
# Coordinates outside Great Britain, Northern Ireland and the islands are taken to
# be mistakes (latitude and longitude swapped, or zero), not places.
UK_LATITUDE = (49.0, 61.0)
UK_LONGITUDE = (-8.7, 2.1)
BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
SCHEDULE_ENTRY = re.compile(
    r"^(?P<byday>[^\s]+)(\s+(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2}))?$"
)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


class RecordRejected(Exception):  # noqa: N818 - an outcome, not a crash
    pass


@dataclass
class OrganizationRecord:
    external_id: str
    name: str
    description: str | None = None
    email: str | None = None
    url: str | None = None
    phone: str | None = None


@dataclass
class LocationRecord:
    external_id: str
    name: str | None = None
    address_1: str | None = None
    city: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    step_free_access: bool | None = None
    accessibility_description: str | None = None
    # Filled in by planning: where the location will be placed.
    placed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduleRecord:
    freq: str
    byday: str
    opens_at: time | None
    closes_at: time | None
    description: str | None = None  # None: the format does not carry descriptions


@dataclass
class ServiceRecord:
    ref: str  # "line 12" or "record 3": how the preview points at it
    external_id: str
    name: str
    organization: OrganizationRecord
    description: str | None = None
    status: str | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    delivery: str | None = None
    national: bool | None = None
    is_free: bool | None = None
    cost_description: str | None = None
    eligibility_description: str | None = None
    last_reviewed: date | None = None
    terms: list[str] | None = None
    schedules: list[ScheduleRecord] | None = None
    locations: list[LocationRecord] = field(default_factory=list)
    locations_carried: bool = True  # False: the file says nothing about places


@dataclass
class Problem:
    ref: str
    message: str


@dataclass
class ParsedFile:
    format: str
    records: list[ServiceRecord]
    rejected: list[Problem]
    warnings: list[Problem]


# --- Reading values ---------------------------------------------------------------


class Values:
    """Cleans one record's values, collecting warnings for optional fields it has to drop."""

    def __init__(self, ref: str, warnings: list[Problem]):
        self.ref = ref
        self.warnings = warnings

    def warn(self, message: str):
        self.warnings.append(Problem(self.ref, message))

    def text(self, value, label: str, *, model=None, name=None, required=False) -> str | None:
        if value is None:
            if required:
                raise RecordRejected(f"{label} is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            if required:
                raise RecordRejected(f"{label} is not text")
            self.warn(f"{label} is not text, so it was left out")
            return None
        cleaned = str(value).replace("\x00", "").strip()
        if required and not cleaned:
            raise RecordRejected(f"{label} is empty")
        max_length = model._meta.get_field(name).max_length if model is not None else None
        if max_length and len(cleaned) > max_length:
            if required:
                raise RecordRejected(f"{label} is longer than {max_length} characters")
            self.warn(f"{label} is longer than {max_length} characters, so it was left out")
            return None
        return cleaned

    def long_text(self, value, label: str) -> str | None:
        cleaned = self.text(value, label)
        return cleaned[:10_000] if cleaned is not None else None

    def field(self, value, label: str, model, name: str) -> str | None:
        return self.text(value, label, model=model, name=name)

    def url(self, value, label: str, model) -> str | None:
        cleaned = self.field(value, label, model, "url")
        if not cleaned:
            return cleaned
        if "://" not in cleaned:
            cleaned = "https://" + cleaned  # feeds often give "www.example.org"
        try:
            URLValidator(schemes=["http", "https"])(cleaned)
        except ValidationError:
            self.warn(f"{label} “{cleaned}” is not a web address, so it was left out")
            return None
        return cleaned

    def email(self, value, label: str, model) -> str | None:
        cleaned = self.field(value, label, model, "email")
        if not cleaned:
            return cleaned
        try:
            validate_email(cleaned)
        except ValidationError:
            self.warn(f"{label} “{cleaned}” is not an email address, so it was left out")
            return None
        return cleaned

    def boolean(self, value, label: str) -> bool | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        cleaned = str(value).strip().lower()
        if cleaned in {"yes", "y", "true", "1"}:
            return True
        if cleaned in {"no", "n", "false", "0", ""}:
            return False
        self.warn(f"{label} “{value}” is not yes or no, so it was left out")
        return None

    def choice(self, value, label: str, choices) -> str | None:
        cleaned = self.text(value, label)
        if not cleaned:
            return None
        normalised = cleaned.lower().replace("_", " ")
        for choice_value, _ in choices:
            if normalised in {choice_value, choice_value.replace("-", " ")}:
                return choice_value
        allowed = ", ".join(value for value, _ in choices)
        raise RecordRejected(f"{label} “{cleaned}” is not one of: {allowed}")

    def day(self, value, label: str) -> date | None:
        cleaned = self.text(value, label)
        if not cleaned:
            return None
        try:
            return date.fromisoformat(cleaned[:10])
        except ValueError:
            self.warn(f"{label} “{cleaned}” is not a date like 2025-03-31, so it was left out")
            return None

    def coordinates(self, latitude, longitude) -> tuple[float | None, float | None]:
        if latitude in (None, "") and longitude in (None, ""):
            return None, None
        try:
            lat, lng = float(latitude), float(longitude)
        except (TypeError, ValueError):
            self.warn(
                f"coordinates “{latitude}, {longitude}” are not numbers, so the place "
                "comes from the postcode"
            )
            return None, None
        if not (math.isfinite(lat) and math.isfinite(lng)) or not (
            UK_LATITUDE[0] <= lat <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= lng <= UK_LONGITUDE[1]
        ):
            self.warn(
                f"coordinates “{latitude}, {longitude}” are not in the UK (swapped?), so the "
                "place comes from the postcode"
            )
            return None, None
        return lat, lng

    def postcode(self, value) -> str | None:
        cleaned = self.field(value, "postcode", Location, "postal_code")
        return cleaned.upper() if cleaned else cleaned


def parse_schedule_text(text: str, values: Values) -> list[ScheduleRecord]:
    """CSV opening times: “MO,WE 10:00-12:00; 2TU 14:00-15:30” (numbered days are monthly)."""
    schedules = []
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        match = SCHEDULE_ENTRY.match(entry)
        schedule = match and _schedule(
            values, None, match["byday"], match["opens"], match["closes"], None
        )
        if schedule:
            schedules.append(schedule)
        else:
            values.warn(f"opening times “{entry}” are not like “MO,WE 10:00-12:00”: left out")
    return schedules


def format_schedule_text(schedules) -> str:
    entries = []
    for schedule in schedules:
        if schedule.opens_at and schedule.closes_at:
            entries.append(f"{schedule.byday} {schedule.opens_at:%H:%M}-{schedule.closes_at:%H:%M}")
        elif schedule.byday:
            entries.append(schedule.byday)
    return "; ".join(entries)


def _time(value) -> time | None:
    if value in (None, ""):
        return None
    try:
        return time.fromisoformat(str(value).strip().zfill(5))
    except ValueError:
        return None


def _schedule(values: Values, freq, byday, opens, closes, description) -> ScheduleRecord | None:
    days = "".join(str(byday or "").upper().split())
    if not days or not all(BYDAY.match(day) for day in days.split(",")):
        return None
    monthly = any(day[0] in "+-12345" for day in days.split(","))
    freq = str(freq or ("MONTHLY" if monthly else "WEEKLY")).upper()
    if freq not in Schedule.Frequency.values:
        return None
    opens_at, closes_at = _time(opens), _time(closes)
    if (opens and opens_at is None) or (closes and closes_at is None):
        return None
    if description is not None:
        description = values.text(description, "opening times description") or ""
        description = description[: Schedule._meta.get_field("description").max_length]
    return ScheduleRecord(freq, days, opens_at, closes_at, description)


# --- CSV --------------------------------------------------------------------------


def parse_csv(text: str) -> ParsedFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ImportFileError(f"Line 1 cannot be read as CSV: {error}.") from error
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError("The file is empty: the first line must name the columns.")
    columns = ["_".join(cell.strip().lower().split()) for cell in header]
    missing = [name for name in REQUIRED_CSV_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            "The file is missing the column"
            + ("s " if len(missing) > 1 else " ")
            + ", ".join(missing)
            + ". The first line must name the columns (see the import guide)."
        )
    present = set(columns)
    records: dict[str, ServiceRecord] = {}
    first_seen: dict[str, tuple[str, tuple]] = {}
    locations_seen: dict[tuple[str, str], str] = {}
    rejected, warnings = [], []
    unknown = sorted(present - set(CSV_COLUMNS))
    if unknown:
        warnings.append(Problem("line 1", "columns not used: " + ", ".join(unknown)))
    rows = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFileError(
                f"Line {reader.line_num} cannot be read as CSV: {error}."
            ) from error
        ref = f"line {reader.line_num}"
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows: split it up.")
        row = {name: cells[i] if i < len(cells) else None for i, name in enumerate(columns)}
        values = Values(ref, warnings)
        if len(cells) > len(columns):
            values.warn(
                "the row has more values than there are columns; the extra ones were left out"
            )
        try:
            record = _csv_record(row, present, values)
        except RecordRejected as reason:
            rejected.append(Problem(ref, str(reason)))
            continue
        service_part = tuple(row.get(name) for name in SERVICE_COLUMNS)
        if record.external_id in first_seen:
            first_ref, first_part = first_seen[record.external_id]
            if service_part != first_part:
                rejected.append(
                    Problem(
                        ref,
                        f"service id “{record.external_id}” is used again with different "
                        f"details (first on {first_ref})",
                    )
                )
                continue
            location_key = record.locations[0].external_id if record.locations else ""
            if (record.external_id, location_key) in locations_seen:
                rejected.append(
                    Problem(
                        ref,
                        f"repeats service “{record.external_id}” at the same location "
                        f"(first on {locations_seen[(record.external_id, location_key)]})",
                    )
                )
                continue
            locations_seen[(record.external_id, location_key)] = ref
            records[record.external_id].locations.extend(record.locations)
            continue
        first_seen[record.external_id] = (ref, service_part)
        location_key = record.locations[0].external_id if record.locations else ""
        locations_seen[(record.external_id, location_key)] = ref
        records[record.external_id] = record
    return ParsedFile("csv", list(records.values()), rejected, warnings)


def _csv_record(row: dict, present: set, values: Values) -> ServiceRecord:
    def cell(name):
        if name not in present:
            return None
        value = row.get(name) or ""
        # Undo the quote our export puts before formula-like text (see exporting._safe).
        return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value

    service_id = values.text(cell("service_id"), "service_id", required=True)
    if len(service_id) > Service._meta.get_field("external_id").max_length:
        raise RecordRejected("service_id is longer than 200 characters")
    organization_name = values.text(
        cell("organization_name"),
        "organization_name",
        model=Organization,
        name="name",
        required=True,
    )
    organization = OrganizationRecord(
        external_id=_id_or_name(
            values.text(cell("organization_id"), "organization_id"), organization_name
        ),
        name=organization_name,
        description=values.long_text(cell("organization_description"), "organization_description"),
        email=values.email(cell("organization_email"), "organization_email", Organization),
        url=values.url(cell("organization_url"), "organization_url", Organization),
        phone=values.field(cell("organization_phone"), "organization_phone", Organization, "phone"),
    )
    record = ServiceRecord(
        ref=values.ref,
        external_id=service_id,
        name=values.text(
            cell("service_name"), "service_name", model=Service, name="name", required=True
        ),
        organization=organization,
        description=values.long_text(cell("service_description"), "service_description"),
        status=values.choice(cell("service_status"), "service_status", Service.Status.choices),
        url=values.url(cell("service_url"), "service_url", Service),
        email=values.email(cell("service_email"), "service_email", Service),
        phone=values.field(cell("service_phone"), "service_phone", Service, "phone"),
        delivery=values.choice(cell("delivery"), "delivery", Service.Delivery.choices),
        national=values.boolean(cell("national"), "national"),
        is_free=values.boolean(cell("is_free"), "is_free"),
        cost_description=values.field(
            cell("cost_description"), "cost_description", Service, "cost_description"
        ),
        eligibility_description=values.field(
            cell("eligibility_description"),
            "eligibility_description",
            Service,
            "eligibility_description",
        ),
        last_reviewed=values.day(cell("last_reviewed"), "last_reviewed"),
    )
    record.locations_carried = bool(present & set(LOCATION_COLUMNS))
    if "categories" in present:
        record.terms = [
            term.strip() for term in (cell("categories") or "").split(";") if term.strip()
        ]
    if "schedules" in present:
        record.schedules = parse_schedule_text(cell("schedules") or "", values)
    if any((cell(name) or "").strip() for name in LOCATION_COLUMNS):
        latitude, longitude = values.coordinates(cell("latitude"), cell("longitude"))
        location_id = values.text(cell("location_id"), "location_id") or f"{service_id}/location"
        if len(location_id) > Location._meta.get_field("external_id").max_length:
            raise RecordRejected("location_id is longer than 200 characters")
        record.locations.append(
            LocationRecord(
                external_id=location_id,
                name=values.field(cell("location_name"), "location_name", Location, "name"),
                address_1=values.field(cell("address_1"), "address_1", Location, "address_1"),
                city=values.field(cell("city"), "city", Location, "city"),
                postal_code=values.postcode(cell("postcode")),
                latitude=latitude,
                longitude=longitude,
                step_free_access=values.boolean(cell("step_free_access"), "step_free_access"),
                accessibility_description=values.field(
                    cell("accessibility_description"),
                    "accessibility_description",
                    Location,
                    "accessibility_description",
                ),
            )
        )
    return record


def _id_or_name(external_id: str | None, name: str) -> str:
    # Without an id, an organisation is recognised by its name on the next import.
    return external_id[:200] if external_id else "name:" + name.casefold()[:195]


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
        external_id=_id_or_name(
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
            schedule = _schedule(
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


def read_file(content: bytes | str) -> tuple[str, ParsedFile]:
    """The file's text and its records; ImportFileError when it cannot be read at all."""
    if isinstance(content, bytes):
        if not content.strip():
            raise ImportFileError("The file is empty.")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "The file is not UTF-8 text (byte "
                f"{error.start + 1} cannot be read). In a spreadsheet, save it as “CSV UTF-8”."
            ) from error
    else:
        text = content.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError("The file is empty.")
    if "\x00" in text:
        raise ImportFileError("The file contains binary data: it is not a CSV or JSON file.")
    stripped = text.lstrip()
    parsed = parse_oruk(text) if stripped[:1] in "{[" else parse_csv(text)
    return text, parsed


# --- Planning: compare with the database -------------------------------------------


@dataclass
class PlannedService:
    record: ServiceRecord
    existing: Service | None
    changes: list[str]


@dataclass
class ImportPlan:
    source: str
    format: str
    create: list[PlannedService]
    update: list[PlannedService]
    unchanged: int
    rejected: list[Problem]
    warnings: list[Problem]
    unmapped_terms: list[tuple[str, int]]
    needs_location: list[tuple[str, str]]  # (ref, service name)
    organizations: dict = field(default_factory=dict, repr=False)
    locations: dict = field(default_factory=dict, repr=False)
    categories: dict = field(default_factory=dict, repr=False)

    def summary(self) -> dict:
        return {
            "format": self.format,
            "create": len(self.create),
            "update": len(self.update),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "warnings": len(self.warnings),
            "needs_location": len(self.needs_location),
            "unmapped_terms": len(self.unmapped_terms),
        }

    def signature(self) -> list:
        """What the commit would do: compared again at commit to catch a stale preview."""
        return sorted(
            [("create", p.record.external_id) for p in self.create]
            + [("update", p.record.external_id) for p in self.update]
        )


def _chunks(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _uuid_ids(ids) -> list[uuid.UUID]:
    found = []
    for value in ids:
        try:
            found.append(uuid.UUID(value))
        except (ValueError, AttributeError, TypeError):
            continue
    return found


def _existing(queryset, source: str, ids: set[str]) -> dict:
    """Existing rows for these ids: by (source, external id), then Genie's own UUIDs."""
    by_external, by_pk = {}, {}
    for chunk in _chunks(ids):
        for obj in queryset.filter(source=source, external_id__in=chunk):
            by_external[obj.external_id] = obj
    for chunk in _chunks(_uuid_ids(ids - by_external.keys())):
        for obj in queryset.filter(pk__in=chunk):
            by_pk[str(obj.pk)] = obj
    return by_external | by_pk


def _category_lookup() -> dict[str, Category]:
    lookup = {}
    for category in Category.objects.all():
        for key in (category.code, category.name, str(category.id)):
            lookup[key.casefold()] = category
    for mapping in CategoryMapping.objects.select_related("category"):
        lookup[mapping.term.casefold()] = mapping.category
    return lookup


def _differences(obj, desired: dict) -> list[str]:
    return [name for name, value in desired.items() if getattr(obj, name) != value]


def _carried(record, names) -> dict:
    return {name: getattr(record, name) for name in names if getattr(record, name) is not None}


ORGANIZATION_FIELDS = ["name", "description", "email", "url", "phone"]
SERVICE_FIELDS = [
    "name",
    "description",
    "status",
    "url",
    "email",
    "phone",
    "delivery",
    "national",
    "is_free",
    "cost_description",
    "eligibility_description",
    "last_reviewed",
]
LOCATION_FIELDS = [
    "name",
    "address_1",
    "city",
    "postal_code",
    "step_free_access",
    "accessibility_description",
]
PLACEMENT_FIELDS = ["postcode_district", "latitude", "longitude", "placement"]
PRECISION_TO_PLACEMENT = {
    "postcode": Location.Placement.POSTCODE,
    "district": Location.Placement.DISTRICT,
    "geocoder": Location.Placement.GEOCODER,
}


def _place(record: LocationRecord, existing: Location | None, locator, cache: dict) -> dict:
    """Where a location goes: the file's coordinates, a hand-set place, or the postcode."""
    postal_code = record.postal_code
    if postal_code is None:
        postal_code = existing.postal_code if existing else ""
    district = outward_code(postal_code) or ""

    def placed(latitude, longitude, placement):
        return {
            "postcode_district": district,
            "latitude": latitude,
            "longitude": longitude,
            "placement": placement,
        }

    kept = (
        existing
        and not existing.needs_location
        and placed(existing.latitude, existing.longitude, existing.placement)
    )
    if record.latitude is not None:
        if kept and (
            abs(existing.latitude - record.latitude) < 1e-7
            and abs(existing.longitude - record.longitude) < 1e-7
        ):
            return kept
        return placed(record.latitude, record.longitude, Location.Placement.MANUAL)
    if (
        kept
        and existing.placement == Location.Placement.MANUAL
        and existing.postal_code == postal_code
    ):
        return kept  # a curator placed it by hand; the file has nothing better
    if postal_code not in cache:
        cache[postal_code] = locator.locate(postal_code) if postal_code else None
    point = cache[postal_code]
    if point is None:
        return placed(None, None, Location.Placement.NEEDS_LOCATION)
    return placed(
        point.latitude,
        point.longitude,
        PRECISION_TO_PLACEMENT.get(point.precision, Location.Placement.DISTRICT),
    )


def plan_import(parsed: ParsedFile, *, source: str, locator: PostcodeLocator) -> ImportPlan:
    """Compares the file's records with the database. Reads only: this is the dry run."""
    records = parsed.records
    services = _existing(
        Service.objects.prefetch_related("categories", "schedules", "service_at_locations"),
        source,
        {r.external_id for r in records},
    )
    organizations_existing = _existing(
        Organization.objects.all(), source, {r.organization.external_id for r in records}
    )
    locations_existing = _existing(
        Location.objects.all(), source, {loc.external_id for r in records for loc in r.locations}
    )
    categories = _category_lookup()
    plan = ImportPlan(
        source, parsed.format, [], [], 0, list(parsed.rejected), list(parsed.warnings), [], []
    )
    unmapped = Counter()
    changed_organizations, changed_locations = {}, {}
    place_cache: dict = {}
    for record in records:
        org = record.organization
        if org.external_id not in plan.organizations:
            existing_org = organizations_existing.get(org.external_id)
            plan.organizations[org.external_id] = (org, existing_org)
            changed_organizations[org.external_id] = existing_org is None or bool(
                _differences(existing_org, _carried(org, ORGANIZATION_FIELDS))
            )
        for location in record.locations:
            if location.external_id in plan.locations:
                continue
            existing_location = locations_existing.get(location.external_id)
            location.placed = _place(location, existing_location, locator, place_cache)
            plan.locations[location.external_id] = (location, existing_location)
            changed_locations[location.external_id] = existing_location is None or bool(
                _differences(
                    existing_location, _carried(location, LOCATION_FIELDS) | location.placed
                )
            )
        if any(
            plan.locations[loc.external_id][0].placed["latitude"] is None
            for loc in record.locations
        ):
            plan.needs_location.append((record.ref, record.name))
        category_ids = None
        if record.terms is not None:
            category_ids = set()
            for term in record.terms:
                spellings = term.split("\x1f")
                category = next(
                    (categories[s.casefold()] for s in spellings if s.casefold() in categories),
                    None,
                )
                if category is None:
                    unmapped[spellings[0]] += 1
                else:
                    category_ids.add(category.pk)
        plan.categories[record.external_id] = category_ids
        existing = services.get(record.external_id)
        if existing is None:
            plan.create.append(PlannedService(record, None, []))
            continue
        changes = _differences(existing, _carried(record, SERVICE_FIELDS))
        existing_org = plan.organizations[org.external_id][1]
        if existing_org is None or existing.organization_id != existing_org.pk:
            changes.append("organisation")
        elif changed_organizations[org.external_id]:
            changes.append("organisation details")
        if category_ids is not None and category_ids != {c.pk for c in existing.categories.all()}:
            changes.append("categories")
        if record.schedules is not None and _schedule_keys(record.schedules) != _schedule_keys(
            existing.schedules.all(), with_description=_has_descriptions(record.schedules)
        ):
            changes.append("opening times")
        wanted = [plan.locations[loc.external_id][1] for loc in record.locations]
        if record.locations_carried and (
            None in wanted
            or {loc.pk for loc in wanted}
            != {link.location_id for link in existing.service_at_locations.all()}
        ):
            changes.append("locations")
        elif any(changed_locations[loc.external_id] for loc in record.locations):
            changes.append("location details")
        if changes:
            plan.update.append(PlannedService(record, existing, changes))
        else:
            plan.unchanged += 1
    plan.unmapped_terms = sorted(unmapped.items(), key=lambda item: (-item[1], item[0].casefold()))
    return plan


def _has_descriptions(schedules) -> bool:
    return any(s.description is not None for s in schedules)


def _schedule_keys(schedules, with_description=True) -> list:
    return sorted(
        (
            s.freq,
            s.byday,
            s.opens_at.isoformat() if s.opens_at else "",
            s.closes_at.isoformat() if s.closes_at else "",
            (s.description or "") if with_description else "",
        )
        for s in schedules
    )


# --- Applying a plan ------------------------------------------------------------------


def _upsert(model, wanted: dict, fields: list[str], *, source: str, now) -> dict:
    """Creates missing rows and updates changed ones, in bulk. `wanted` maps an external
    id to (desired values, existing row or None, extra values for a new row)."""
    rows, new, changed = {}, [], []
    for key, (desired, existing, extra) in wanted.items():
        if existing is None:
            existing = model(source=source, external_id=key, **extra, **desired)
            new.append(existing)
        elif _differences(existing, desired):
            for name, value in desired.items():
                setattr(existing, name, value)
            existing.updated_at = now
            changed.append(existing)
        rows[key] = existing
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=500)
    return rows


def apply_plan(plan: ImportPlan) -> dict:
    """Writes the plan. The caller holds the transaction (all or nothing)."""
    now = timezone.now()
    source = plan.source
    touched = {p.record.external_id for p in plan.create + plan.update}
    needed_orgs = {p.record.organization.external_id for p in plan.create + plan.update}
    needed_locations = {
        loc.external_id for p in plan.create + plan.update for loc in p.record.locations
    }

    organizations = _upsert(
        Organization,
        {
            key: (
                _carried(plan.organizations[key][0], ORGANIZATION_FIELDS),
                plan.organizations[key][1],
                {},
            )
            for key in needed_orgs
        },
        ORGANIZATION_FIELDS,
        source=source,
        now=now,
    )
    # A new location belongs to the organisation of the first service offered there.
    location_owner = {}
    for planned in plan.create + plan.update:
        for location in planned.record.locations:
            location_owner.setdefault(
                location.external_id, organizations[planned.record.organization.external_id]
            )
    locations = _upsert(
        Location,
        {
            key: (
                _carried(plan.locations[key][0], LOCATION_FIELDS) | plan.locations[key][0].placed,
                plan.locations[key][1],
                {"organization": location_owner[key]},
            )
            for key in needed_locations
        },
        [*LOCATION_FIELDS, *PLACEMENT_FIELDS],
        source=source,
        now=now,
    )

    services = {}
    new, changed = [], []
    for planned in plan.create + plan.update:
        record = planned.record
        desired = _carried(record, SERVICE_FIELDS)
        if planned.existing is None:
            service = Service(source=source, external_id=record.external_id, **desired)
            new.append(service)
        else:
            service = planned.existing
            for name, value in desired.items():
                setattr(service, name, value)
            service.updated_at = now
            changed.append(service)
        service.organization = organizations[record.organization.external_id]
        services[record.external_id] = service
    Service.objects.bulk_create(new, batch_size=500)
    Service.objects.bulk_update(
        changed, [*SERVICE_FIELDS, "organization", "updated_at"], batch_size=500
    )

    through = Service.categories.through
    recategorised = [key for key in touched if plan.categories.get(key) is not None]
    for chunk in _chunks([services[key].pk for key in recategorised]):
        through.objects.filter(service_id__in=chunk).delete()
    through.objects.bulk_create(
        [
            through(service_id=services[key].pk, category_id=category_id)
            for key in recategorised
            for category_id in plan.categories[key]
        ],
        batch_size=500,
    )

    # Links are only added or removed, never rewritten: schedules may hang off them.
    wanted = {
        (services[p.record.external_id].pk, locations[loc.external_id].pk)
        for p in plan.create + plan.update
        if p.record.locations_carried
        for loc in p.record.locations
    }
    relinked = [
        services[p.record.external_id].pk
        for p in plan.create + plan.update
        if p.record.locations_carried
    ]
    existing_links = set()
    for chunk in _chunks(relinked):
        for link in ServiceAtLocation.objects.filter(service_id__in=chunk):
            if (link.service_id, link.location_id) in wanted:
                existing_links.add((link.service_id, link.location_id))
            else:
                link.delete()
    ServiceAtLocation.objects.bulk_create(
        [
            ServiceAtLocation(service_id=service_id, location_id=location_id)
            for service_id, location_id in sorted(wanted - existing_links, key=str)
        ],
        batch_size=500,
    )

    rescheduled = [p for p in plan.create + plan.update if p.record.schedules is not None]
    for chunk in _chunks([services[p.record.external_id].pk for p in rescheduled]):
        Schedule.objects.filter(service_id__in=chunk).delete()
    Schedule.objects.bulk_create(
        [
            Schedule(
                service=services[p.record.external_id],
                freq=s.freq,
                byday=s.byday,
                opens_at=s.opens_at,
                closes_at=s.closes_at,
                description=s.description or "",
            )
            for p in rescheduled
            for s in p.record.schedules
        ],
        batch_size=500,
    )
    return {"created": len(plan.create), "updated": len(plan.update)}
