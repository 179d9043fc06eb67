"""Applying an import plan: every row of it, inside the caller's transaction."""

from django.utils import timezone

from resources.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from resources.openreferral.plan import (
    LOCATION_FIELDS,
    ORGANIZATION_FIELDS,
    PLACEMENT_FIELDS,
    SERVICE_FIELDS,
    ImportPlan,
    carried,
    chunks,
    differences,
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
        elif differences(existing, desired):
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
                carried(plan.organizations[key][0], ORGANIZATION_FIELDS),
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
                carried(plan.locations[key][0], LOCATION_FIELDS) | plan.locations[key][0].placed,
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
        desired = carried(record, SERVICE_FIELDS)
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
    for chunk in chunks([services[key].pk for key in recategorised]):
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
    for chunk in chunks(relinked):
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
    for chunk in chunks([services[p.record.external_id].pk for p in rescheduled]):
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
