"""The Open Referral UK read API: public listing data, open to anyone, no participant data.

Endpoints follow HSDS 3.0 (`GET /`, `/services`, `/services/{id}`,
`/service_at_locations`). Switch the whole API off with GENIE_OPENREFERRAL_API=false.
"""

import math
import uuid
from datetime import UTC, datetime
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from geopy.distance import great_circle

from genie.models import Category
from resources.curation import forms as curation_forms
from resources.curation.selectors import PUBLIC_STATUSES, public_services
from resources.locator import default_locator
from resources.models import ServiceAtLocation
from resources.openreferral import writer

MAX_PER_PAGE = 100
MAX_PROXIMITY_METRES = 200_000
METRES_PER_DEGREE_LATITUDE = 111_320


def _json(data, status=200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status=400) -> JsonResponse:
    return _json({"status": status, "message": message}, status=status)


def open_referral_view(view):
    """Public, GET only, CORS open, and 404 while the API is switched off."""

    @login_not_required
    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.OPENREFERRAL_API_ENABLED:
            return _error("The Open Referral API is switched off on this site.", status=404)
        return view(request, *args, **kwargs)

    return wrapper


class PageForm(curation_forms.PageForm):
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)


class ServiceFilterForm(PageForm):
    search = forms.CharField(max_length=200, required=False)
    taxonomy_term_id = forms.CharField(max_length=100, required=False)
    modified_after = forms.CharField(max_length=40, required=False)

    def clean_taxonomy_term_id(self):
        value = self.cleaned_data["taxonomy_term_id"].strip()
        if not value:
            return None
        try:
            return Category.objects.get(Q(code=value) | Q(pk=_uuid_or_none(value)))
        except Category.DoesNotExist:
            raise ValidationError(f"There is no taxonomy term “{value}”.") from None

    def clean_modified_after(self):
        value = self.cleaned_data["modified_after"].strip()
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(
                "Give a date or date and time like 2025-01-31 or 2025-01-31T09:00:00Z."
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ProximityForm(PageForm):
    postcode = forms.CharField(max_length=10, required=False)
    proximity = forms.IntegerField(min_value=1, max_value=MAX_PROXIMITY_METRES, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("proximity") and not cleaned.get("postcode"):
            raise ValidationError("Give a postcode with proximity.")
        return cleaned


def _uuid_or_none(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _form_error(form) -> JsonResponse:
    messages = [
        f"{name}: {error}" if name != "__all__" else error
        for name, errors in form.errors.items()
        for error in errors
    ]
    return _error("Bad parameters. " + " ".join(messages))


def _page(form, items, count: int, serialise) -> JsonResponse:
    page = form.cleaned_data.get("page") or 1
    size = form.cleaned_data.get("per_page") or 50
    start = (page - 1) * size
    contents = [serialise(item) for item in items[start : start + size]]
    envelope = writer.page_envelope(contents, total_items=count, page_number=page, size=size)
    return _json(envelope)


@open_referral_view
def index(request):
    return _json(
        {
            "version": writer.ORUK_VERSION,
            "profile": writer.ORUK_PROFILE,
            "openapi_url": writer.ORUK_OPENAPI,
            "services_url": request.build_absolute_uri(reverse("openreferral_services")),
        }
    )


@open_referral_view
def services(request):
    form = ServiceFilterForm(request.GET)
    if not form.is_valid():
        return _form_error(form)
    queryset = public_services()
    if search := form.cleaned_data["search"].strip():
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(organization__name__icontains=search)
        )
    if category := form.cleaned_data["taxonomy_term_id"]:
        queryset = queryset.filter(categories=category)
    if modified_after := form.cleaned_data["modified_after"]:
        queryset = queryset.filter(updated_at__gt=modified_after)
    return _page(form, queryset, queryset.count(), writer.service_to_oruk)


@open_referral_view
def service_detail(request, service_id):
    service_uuid = _uuid_or_none(service_id)
    service = service_uuid and public_services().filter(pk=service_uuid).first()
    if not service:
        return _error(f"There is no service with id “{service_id}”.", status=404)
    return _json(writer.service_to_oruk(service))


def _link_to_oruk(link, distance=None) -> dict:
    service = link.service
    data = {
        "id": str(link.pk),
        "service": {
            "id": str(service.pk),
            "name": service.name,
            "status": service.status,
            "organization": {"id": str(service.organization.pk), "name": service.organization.name},
        },
        "location": writer.location_to_oruk(link.location),
    }
    if distance is not None:
        data["distance"] = round(distance)
    return data


@open_referral_view
def service_at_locations(request):
    form = ProximityForm(request.GET)
    if not form.is_valid():
        return _form_error(form)
    links = (
        ServiceAtLocation.objects.filter(service__status__in=PUBLIC_STATUSES)
        .select_related("service", "service__organization", "location")
        .order_by("service__name", "pk")
    )
    postcode = form.cleaned_data["postcode"].strip()
    if not postcode:
        return _page(form, links, links.count(), _link_to_oruk)
    centre = default_locator().locate(postcode)
    if centre is None:
        return _error(f"The postcode “{postcode}” could not be found.")
    radius = form.cleaned_data["proximity"] or 5_000
    # A bounding box on the indexed coordinates first, then the true distance.
    lat_delta = radius / METRES_PER_DEGREE_LATITUDE
    lng_delta = lat_delta / max(math.cos(math.radians(centre.latitude)), 0.01)
    nearby = []
    for link in links.filter(
        location__latitude__range=(centre.latitude - lat_delta, centre.latitude + lat_delta),
        location__longitude__range=(centre.longitude - lng_delta, centre.longitude + lng_delta),
    ):
        metres = great_circle(
            (centre.latitude, centre.longitude), (link.location.latitude, link.location.longitude)
        ).meters
        if metres <= radius:
            nearby.append((metres, link))
    nearby.sort(key=lambda pair: (pair[0], pair[1].service.name))
    return _page(form, nearby, len(nearby), lambda pair: _link_to_oruk(pair[1], pair[0]))
