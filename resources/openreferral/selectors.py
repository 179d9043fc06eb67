"""Reads for the Open Referral API: only public listing data, never participant data."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from genie.models import Category
from resources.curation.selectors import PUBLIC_STATUSES, public_services
from resources.models import Organization, Schedule, Service, ServiceAtLocation


def filtered_services(
    *, search="", category=None, any_category=False, organization_id=None, modified_after=None
) -> QuerySet[Service]:
    """Public services matching every filter given (the API's filters combine with AND)."""
    queryset = public_services()
    return _filter(
        queryset,
        "",
        search=search,
        category=category,
        any_category=any_category,
        organization_id=organization_id,
        modified_after=modified_after,
    )


def _filter(
    queryset,
    prefix,
    *,
    search="",
    category=None,
    any_category=False,
    organization_id=None,
    modified_after=None,
):
    if search:
        queryset = queryset.filter(
            Q(**{f"{prefix}name__icontains": search})
            | Q(**{f"{prefix}description__icontains": search})
            | Q(**{f"{prefix}organization__name__icontains": search})
        )
    if category is not None:
        queryset = queryset.filter(
            Exists(
                Service.categories.through.objects.filter(
                    service_id=OuterRef(f"{prefix}pk"), category=category
                )
            )
        )
    if any_category:
        queryset = queryset.filter(
            Exists(Service.categories.through.objects.filter(service_id=OuterRef(f"{prefix}pk")))
        )
    if organization_id is not None:
        queryset = queryset.filter(**{f"{prefix}organization_id": organization_id})
    if modified_after is not None:
        queryset = queryset.filter(**{f"{prefix}updated_at__gte": modified_after})
    return queryset


def public_service(service_id) -> Service | None:
    return public_services().filter(pk=service_id).first()


def public_links(**filters) -> QuerySet[ServiceAtLocation]:
    """Services at locations, with each service fully loaded, matching every filter."""
    links = (
        ServiceAtLocation.objects.filter(service__status__in=PUBLIC_STATUSES)
        .select_related("service", "service__organization", "location")
        .prefetch_related(
            "service__categories",
            Prefetch(
                "service__schedules",
                queryset=Schedule.objects.order_by("byday", "opens_at", "id"),
            ),
        )
        .order_by("service__name", "pk")
    )
    return _filter(links, "service__", **filters)


def public_organizations(*, search="") -> QuerySet[Organization]:
    """Organisations that run at least one public service."""
    queryset = Organization.objects.filter(
        Exists(Service.objects.filter(organization=OuterRef("pk"), status__in=PUBLIC_STATUSES))
    ).order_by("name", "id")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return queryset


def with_services(organizations: QuerySet[Organization], *, full: bool) -> QuerySet:
    services = public_services() if full else Service.objects.filter(status__in=PUBLIC_STATUSES)
    return organizations.prefetch_related(
        Prefetch("services", queryset=services.order_by("name", "id"), to_attr="public")
    )


def taxonomy_terms(*, search="") -> QuerySet[Category]:
    queryset = Category.objects.order_by("order", "name")
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(code__icontains=search) | Q(description__icontains=search)
        )
    return queryset
