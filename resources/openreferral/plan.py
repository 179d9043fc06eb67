"""Planning an import: compare a file's records with the database, the dry run.

Records are matched on (source, external id); ids that are Genie's own UUIDs
(from an export of this system) match the record itself, so an exported file
re-imports with no changes. A value the file does not carry (a missing column,
a missing JSON key) is left as it is; a value it does carry replaces ours.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from genie.models import Category
from genie.postcodes import outward_code
from resources.locator import PostcodeLocator
from resources.models import (
    CategoryMapping,
    Location,
    Organization,
    Service,
)
from resources.openreferral.records import LocationRecord, ParsedFile, Problem, ServiceRecord

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


def chunks(items, size=500):
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
    for chunk in chunks(ids):
        for obj in queryset.filter(source=source, external_id__in=chunk):
            by_external[obj.external_id] = obj
    for chunk in chunks(_uuid_ids(ids - by_external.keys())):
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


def differences(obj, desired: dict) -> list[str]:
    return [name for name, value in desired.items() if getattr(obj, name) != value]


def carried(record, names) -> dict:
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

    if record.virtual:
        if existing:
            return placed(existing.latitude, existing.longitude, existing.placement)
        return placed(None, None, Location.Placement.MANUAL)
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
                differences(existing_org, carried(org, ORGANIZATION_FIELDS))
            )
        for location in record.locations:
            if location.external_id in plan.locations:
                continue
            existing_location = locations_existing.get(location.external_id)
            location.placed = _place(location, existing_location, locator, place_cache)
            plan.locations[location.external_id] = (location, existing_location)
            changed_locations[location.external_id] = existing_location is None or bool(
                differences(existing_location, carried(location, LOCATION_FIELDS) | location.placed)
            )
        existing = services.get(record.external_id)
        if any(
            plan.locations[loc.external_id][0].placed["latitude"] is None
            and not plan.locations[loc.external_id][0].virtual
            for loc in record.locations
        ) or _placeless(record, existing):
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
        if existing is None:
            plan.create.append(PlannedService(record, None, []))
            continue
        changes = differences(existing, carried(record, SERVICE_FIELDS))
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


def _placeless(record: ServiceRecord, existing: Service | None) -> bool:
    """An in-person service with nowhere to go: kept, and flagged for a curator."""
    delivery = record.delivery or (existing.delivery if existing else Service.Delivery.IN_PERSON)
    if delivery != Service.Delivery.IN_PERSON or record.locations:
        return False
    return record.locations_carried or existing is None or not existing.service_at_locations.all()


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
