"""The Open Referral read API (HSDS 3.0 / Open Referral UK 3.0): public listing data,
open to anyone, no participant data.

Endpoints and parameters as the HSDS API reference names them; filters combine with
AND; a parameter an endpoint does not take, or a value out of range, is a 400 JSON
error naming it; an unknown id or path is a 404 JSON error. Switch the whole API off
with GENIE_OPENREFERRAL_API=false.
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
from resources.locator import default_locator
from resources.openreferral import openapi, selectors, writer

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
MAX_PAGE = 1_000_000
MAX_PROXIMITY_METRES = 200_000
DEFAULT_PROXIMITY_METRES = 5_000
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


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class BooleanParameter(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[("true", "true"), ("false", "false")], required=False, **kwargs)

    def clean(self, value):
        return super().clean(value.lower() if isinstance(value, str) else value) == "true"


# --- Parameters ----------------------------------------------------------------------


class ParameterForm(forms.Form):
    """The parameters every list takes. Subclasses add their filters."""

    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)
    format = forms.ChoiceField(choices=[("json", "json")], required=False)
    search = forms.CharField(max_length=200, required=False)


class DetailForm(forms.Form):
    pass


class TaxonomyFilters(forms.Form):
    taxonomy_id = forms.CharField(max_length=100, required=False)

    def clean_taxonomy_id(self):
        value = self.cleaned_data["taxonomy_id"].strip()
        if value and value not in {writer.TAXONOMY_ID, writer.TAXONOMY}:
            raise ValidationError(
                f"There is no taxonomy “{value}”; this directory's is {writer.TAXONOMY_ID}."
            )
        return bool(value)


class ServiceFilters(TaxonomyFilters):
    taxonomy_term_id = forms.CharField(max_length=100, required=False)
    organization_id = forms.CharField(max_length=100, required=False)
    modified_after = forms.CharField(max_length=40, required=False)
    full = BooleanParameter()

    def clean_taxonomy_term_id(self):
        value = self.cleaned_data["taxonomy_term_id"].strip()
        if not value:
            return None
        term = Category.objects.filter(Q(code=value) | Q(pk=_uuid_or_none(value))).first()
        if term is None:
            raise ValidationError(f"There is no taxonomy term “{value}”.")
        return term

    def clean_organization_id(self):
        value = self.cleaned_data["organization_id"].strip()
        if not value:
            return None
        organization_id = _uuid_or_none(value)
        if organization_id is None:
            raise ValidationError(f"“{value}” is not an organization id (a UUID).")
        return organization_id

    def clean_modified_after(self):
        value = self.cleaned_data["modified_after"].strip()
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            moment = moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise ValidationError(
                "Give a date or date and time like 2025-01-31 or 2025-01-31T09:00:00Z."
            ) from None
        if not 1900 <= moment.year <= 9000:
            raise ValidationError("Give a date between the years 1900 and 9000.")
        return moment

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "search": data["search"].strip(),
            "category": data["taxonomy_term_id"],
            "any_category": data["taxonomy_id"],
            "organization_id": data["organization_id"],
            "modified_after": data["modified_after"],
        }


class ServiceListForm(ServiceFilters, ParameterForm):
    pass


class ServiceAtLocationListForm(ServiceFilters, ParameterForm):
    postcode = forms.CharField(max_length=10, required=False)
    proximity = forms.IntegerField(min_value=1, max_value=MAX_PROXIMITY_METRES, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("proximity") and not (cleaned.get("postcode") or "").strip():
            raise ValidationError("Give a postcode with proximity.")
        return cleaned


class OrganizationListForm(ParameterForm):
    full_service = BooleanParameter()
    full = BooleanParameter()


class OrganizationDetailForm(forms.Form):
    full_service = BooleanParameter()


class TaxonomyTermListForm(TaxonomyFilters, ParameterForm):
    pass


def _parameters(request, form_class):
    """The bound, valid form, or the 400 response naming what is wrong."""
    form = form_class(request.GET)
    unsupported = sorted(set(request.GET) - set(form.fields))
    if unsupported:
        takes = ", ".join(form.fields) or "no parameters"
        names = ", ".join(f"“{name[:50]}”" for name in unsupported[:5])
        return None, _error(
            f"Unsupported parameter{'s' if len(unsupported) > 1 else ''} {names}. "
            f"This endpoint takes: {takes}."
        )
    if not form.is_valid():
        messages = [
            f"{name}: {error}" if name != "__all__" else error
            for name, errors in form.errors.items()
            for error in errors
        ]
        return None, _error("Bad parameters. " + " ".join(messages))
    return form, None


def _page(form, items, count: int, serialise) -> JsonResponse:
    page = form.cleaned_data.get("page") or 1
    size = form.cleaned_data.get("per_page") or DEFAULT_PER_PAGE
    start = (page - 1) * size
    contents = [serialise(item) for item in items[start : start + size]] if start < count else []
    return _json(writer.page_envelope(contents, total_items=count, page_number=page, size=size))


def _not_found(kind: str, value) -> JsonResponse:
    return _error(f"There is no {kind} with id “{str(value)[:100]}”.", status=404)


# --- Endpoints -----------------------------------------------------------------------


@open_referral_view
def index(request):
    _form, error = _parameters(request, DetailForm)
    if error:
        return error
    return _json(
        {
            "version": writer.ORUK_VERSION,
            "profile": writer.ORUK_PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("openreferral_openapi")),
        }
    )


@open_referral_view
def openapi_document(request):
    base = request.build_absolute_uri(reverse("openreferral_index")).rstrip("/")
    return _json(openapi.document(server_url=base))


@open_referral_view
def services(request):
    form, error = _parameters(request, ServiceListForm)
    if error:
        return error
    queryset = selectors.filtered_services(**form.filters())
    return _page(form, queryset, queryset.count(), writer.service_to_oruk)


@open_referral_view
def service_detail(request, service_id):
    _form, error = _parameters(request, DetailForm)
    if error:
        return error
    service_uuid = _uuid_or_none(service_id)
    service = service_uuid and selectors.public_service(service_uuid)
    if not service:
        return _not_found("service", service_id)
    return _json(writer.service_to_oruk(service))


def _serialise_link(pair):
    distance, link = pair
    data = writer.service_at_location_to_oruk(link)
    if distance is not None:
        data["distance"] = round(distance)
    return data


@open_referral_view
def service_at_locations(request):
    form, error = _parameters(request, ServiceAtLocationListForm)
    if error:
        return error
    links = selectors.public_links(**form.filters())
    postcode = form.cleaned_data["postcode"].strip()
    if not postcode:
        return _page(
            form, links, links.count(), lambda link: writer.service_at_location_to_oruk(link)
        )
    centre = default_locator().locate(postcode)
    if centre is None:
        return _error(f"Bad parameters. postcode: “{postcode}” could not be found.")
    radius = form.cleaned_data["proximity"] or DEFAULT_PROXIMITY_METRES
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
    return _page(form, nearby, len(nearby), _serialise_link)


@open_referral_view
def service_at_location_detail(request, link_id):
    _form, error = _parameters(request, DetailForm)
    if error:
        return error
    link_uuid = _uuid_or_none(link_id)
    link = link_uuid and selectors.public_links().filter(pk=link_uuid).first()
    if not link:
        return _not_found("service at location", link_id)
    return _json(writer.service_at_location_to_oruk(link))


def _organization(organization, *, full: bool) -> dict:
    data = writer.organization_to_oruk(organization)
    data["services"] = [
        writer.service_to_oruk(service)
        if full
        else {"id": str(service.pk), "name": service.name, "status": service.status}
        for service in organization.public
    ]
    return data


@open_referral_view
def organizations(request):
    form, error = _parameters(request, OrganizationListForm)
    if error:
        return error
    queryset = selectors.public_organizations(search=form.cleaned_data["search"].strip())
    full = form.cleaned_data["full_service"]
    if full or form.cleaned_data["full"]:
        return _page(
            form,
            selectors.with_services(queryset, full=full),
            queryset.count(),
            lambda organization: _organization(organization, full=full),
        )
    return _page(form, queryset, queryset.count(), writer.organization_to_oruk)


@open_referral_view
def organization_detail(request, organization_id):
    form, error = _parameters(request, OrganizationDetailForm)
    if error:
        return error
    organization_uuid = _uuid_or_none(organization_id)
    full = form.cleaned_data["full_service"]
    organization = organization_uuid and (
        selectors.with_services(selectors.public_organizations(), full=full)
        .filter(pk=organization_uuid)
        .first()
    )
    if not organization:
        return _not_found("organization", organization_id)
    return _json(_organization(organization, full=full))


class TaxonomyListForm(ParameterForm):
    pass


@open_referral_view
def taxonomies(request):
    form, error = _parameters(request, TaxonomyListForm)
    if error:
        return error
    search = form.cleaned_data["search"].strip().casefold()
    found = [writer.taxonomy_to_oruk()]
    if search and search not in (writer.TAXONOMY + writer.TAXONOMY_DESCRIPTION).casefold():
        found = []
    return _page(form, found, len(found), lambda taxonomy: taxonomy)


@open_referral_view
def taxonomy_detail(request, taxonomy_id):
    _form, error = _parameters(request, DetailForm)
    if error:
        return error
    if taxonomy_id != writer.TAXONOMY_ID:
        return _not_found("taxonomy", taxonomy_id)
    return _json(writer.taxonomy_to_oruk())


@open_referral_view
def taxonomy_terms(request):
    form, error = _parameters(request, TaxonomyTermListForm)
    if error:
        return error
    queryset = selectors.taxonomy_terms(search=form.cleaned_data["search"].strip())
    return _page(form, queryset, queryset.count(), writer.taxonomy_term_to_oruk)


@open_referral_view
def taxonomy_term_detail(request, term_id):
    _form, error = _parameters(request, DetailForm)
    if error:
        return error
    term_uuid = _uuid_or_none(term_id)
    term = term_uuid and selectors.taxonomy_terms().filter(pk=term_uuid).first()
    if not term:
        return _not_found("taxonomy term", term_id)
    return _json(writer.taxonomy_term_to_oruk(term))


@open_referral_view
def not_found(request, path=""):
    return _error(
        "There is no such endpoint. See the OpenAPI document at "
        + request.build_absolute_uri(reverse("openreferral_openapi")),
        status=404,
    )
