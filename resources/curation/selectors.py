"""Reads for curation: public listings, the staleness queue and problem reports.

Stage 3 uses `open_report_service_ids` to warn on listings with an open problem report.
"""

from datetime import date

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from resources.models import ProblemReport, Schedule, Service, ServiceAtLocation

PUBLIC_STATUSES = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]


def public_services() -> QuerySet[Service]:
    """Listings anyone may see (API, export): not archived, with everything they show."""
    return (
        Service.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("organization")
        .prefetch_related(
            "categories",
            Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at", "id")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").order_by(
                    "location__name", "location_id"
                ),
            ),
        )
        .order_by("name", "id")
    )


def unplaced() -> Q:
    """For annotating services: in person, at a place without coordinates or at no place
    at all (online and phone services need none). Curators place these by hand."""
    return Q(delivery=Service.Delivery.IN_PERSON) & (
        Exists(
            ServiceAtLocation.objects.filter(
                service=OuterRef("pk"), location__latitude__isnull=True
            )
        )
        | ~Exists(ServiceAtLocation.objects.filter(service=OuterRef("pk")))
    )


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_months() -> int:
    return settings.RESOURCE_STALE_MONTHS


def stale_before(today: date | None = None) -> date:
    return months_before(today or date.today(), stale_months())


def stale_services(today: date | None = None) -> QuerySet[Service]:
    """Public listings not reviewed for RESOURCE_STALE_MONTHS months, never-reviewed first."""
    cutoff = stale_before(today)
    return (
        Service.objects.filter(status__in=PUBLIC_STATUSES)
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
        .select_related("organization")
        .annotate(unplaced=unplaced())
        .order_by(F("last_reviewed").asc(nulls_first=True), "name", "id")
    )


def open_reports() -> QuerySet[ProblemReport]:
    return (
        ProblemReport.objects.filter(status=ProblemReport.Status.OPEN)
        .select_related("service", "service__organization", "reported_by")
        .order_by("reported_at", "id")
    )


def open_report_service_ids(service_ids) -> set:
    """Which of these services have an open problem report (one query)."""
    return set(
        ProblemReport.objects.filter(
            status=ProblemReport.Status.OPEN, service_id__in=list(service_ids)
        ).values_list("service_id", flat=True)
    )


def open_report_kinds(service_ids) -> dict:
    """Each of these services' open problem reports, as what is wrong in words
    ("It has closed or stopped running"), for the warning on the listing (one query)."""
    kinds = {}
    rows = (
        ProblemReport.objects.filter(
            status=ProblemReport.Status.OPEN, service_id__in=list(service_ids)
        )
        .order_by("reported_at")
        .values_list("service_id", "kind")
    )
    labels = dict(ProblemReport.Kind.choices)
    for service_id, kind in rows:
        said = kinds.setdefault(service_id, [])
        if labels.get(kind, kind) not in said:
            said.append(labels.get(kind, kind))
    return kinds
