"""Writes for curation: reviews, archiving, placing locations, problem reports."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from genie.postcodes import outward_code
from resources.locator import PostcodeLocator
from resources.models import Location, ProblemReport, Service
from resources.openreferral.plan import PRECISION_TO_PLACEMENT


def services_mark_reviewed(*, services, today: date | None = None) -> int:
    """A curator checked these listings: they leave the staleness queue."""
    return Service.objects.filter(pk__in=[s.pk for s in services]).update(
        last_reviewed=today or date.today(), updated_at=timezone.now()
    )


def services_archive(*, services) -> int:
    """Archived listings (status inactive) disappear from matching, the API and exports."""
    return Service.objects.filter(pk__in=[s.pk for s in services]).update(
        status=Service.Status.INACTIVE, updated_at=timezone.now()
    )


def location_place(*, location: Location, locator: PostcodeLocator, typed: bool) -> None:
    """Sets district and coordinates before a location is saved by hand.

    Coordinates the curator typed (`typed`) or set by hand before are kept;
    otherwise the postcode places it, and a postcode the locator does not know
    leaves it flagged "needs location".
    """
    location.postal_code = " ".join(location.postal_code.upper().split())
    location.postcode_district = outward_code(location.postal_code) or ""
    has_coordinates = location.latitude is not None and location.longitude is not None
    if has_coordinates and (typed or location.placement == Location.Placement.MANUAL):
        location.placement = Location.Placement.MANUAL
        return
    point = locator.locate(location.postal_code) if location.postal_code else None
    if point is None:
        location.latitude = location.longitude = None
        location.placement = Location.Placement.NEEDS_LOCATION
        return
    location.latitude, location.longitude = point.latitude, point.longitude
    location.placement = PRECISION_TO_PLACEMENT.get(point.precision, Location.Placement.DISTRICT)


@transaction.atomic
def problem_report_create(*, service: Service, user, kind: str, note: str) -> ProblemReport:
    """Files a report; the same person reporting the same problem twice makes one report."""
    existing = ProblemReport.objects.filter(
        service=service, reported_by=user, kind=kind, status=ProblemReport.Status.OPEN
    ).first()
    if existing:
        if note and note not in existing.note:
            existing.note = f"{existing.note}\n\n{note}".strip()[:1000]
            existing.save(update_fields=["note"])
        return existing
    return ProblemReport.objects.create(service=service, reported_by=user, kind=kind, note=note)


@transaction.atomic
def problem_report_close(*, report_id, user, status: str) -> ProblemReport | None:
    """Resolves or dismisses an open report; None if someone already closed it."""
    report = ProblemReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status != ProblemReport.Status.OPEN:
        return None
    report.status = status
    report.closed_by = user
    report.closed_at = timezone.now()
    report.save(update_fields=["status", "closed_by", "closed_at"])
    return report
