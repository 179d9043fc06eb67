"""The reader for CSV files in Genie's own layout (docs/resource-import.md)."""

import csv
import io

from resources.models import (
    Location,
    Organization,
    Service,
)
from resources.openreferral.records import (
    CSV_COLUMNS,
    FORMULA_STARTS,
    LOCATION_COLUMNS,
    MAX_ROWS,
    REQUIRED_CSV_COLUMNS,
    SERVICE_COLUMNS,
    ImportFileError,
    LocationRecord,
    OrganizationRecord,
    ParsedFile,
    Problem,
    RecordRejected,
    ServiceRecord,
    Values,
    id_or_name,
    parse_schedule_text,
)

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
        # Undo the quote our export puts before formula-like text (see writer._safe).
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
        external_id=id_or_name(
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
    if record.delivery in (Service.Delivery.ONLINE, Service.Delivery.PHONE):
        for location in record.locations:
            # Online or by phone, at a place with no address or coordinates: a place-holder.
            location.virtual = location.latitude is None and not (
                location.address_1 or location.city or location.postal_code
            )
    return record
