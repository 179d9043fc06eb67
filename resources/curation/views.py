"""Curation pages: the staleness queue and problem reports (queues for admins, a form for all)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genie import roles
from resources.curation import selectors as curation_selectors
from resources.curation import services as curation_services
from resources.curation.forms import PageForm, ProblemReportForm, ReportCloseForm
from resources.models import Service

PER_PAGE = 50


def _require_admin(user):
    if not roles.is_admin(user):
        raise PermissionDenied


def _page_number(request) -> int:
    form = PageForm(request.GET)
    return (form.cleaned_data["page"] or 1) if form.is_valid() else 1


def _safe_next(request, value: str | None) -> str | None:
    """A same-site path to return to, or None: never another site."""
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return None


@require_GET
def stale_queue(request):
    _require_admin(request.user)
    paginator = Paginator(curation_selectors.stale_services(), PER_PAGE)
    page = paginator.get_page(_page_number(request))
    context = {
        "page": page,
        "months": curation_selectors.stale_months(),
        "cutoff": curation_selectors.stale_before(),
    }
    template = "resources/curation/stale.html"
    if request.htmx:
        template += "#queue"
    return render(request, template, context)


@require_POST
def service_reviewed(request, service_id):
    _require_admin(request.user)
    service = get_object_or_404(Service, pk=service_id)
    curation_services.services_mark_reviewed(services=[service])
    if request.htmx:
        return render(request, "resources/curation/stale.html#reviewed", {"service": service})
    messages.success(request, f"“{service.name}” is marked as reviewed today.")
    page = _page_number(request)
    return redirect(reverse("curation_stale") + (f"?page={page}" if page > 1 else ""))


@require_http_methods(["GET", "POST"])
def report_problem(request, service_id):
    if not (roles.is_facilitator(request.user) or roles.is_admin(request.user)):
        raise PermissionDenied
    service = get_object_or_404(Service.objects.select_related("organization"), pk=service_id)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = ProblemReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        curation_services.problem_report_create(
            service=service,
            user=request.user,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"Thank you. An administrator will check “{service.name}”.")
        if next_url:
            return redirect(next_url)
        return render(request, "resources/curation/report_thanks.html", {"service": service})
    return render(
        request,
        "resources/curation/report_form.html",
        {"form": form, "service": service, "next_url": next_url},
    )


@require_GET
def report_queue(request):
    _require_admin(request.user)
    paginator = Paginator(curation_selectors.open_reports(), PER_PAGE)
    page = paginator.get_page(_page_number(request))
    return render(request, "resources/curation/reports.html", {"page": page})


@require_POST
def report_close(request, report_id):
    _require_admin(request.user)
    form = ReportCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to resolve or dismiss the report.")
        return redirect("curation_reports")
    report = curation_services.problem_report_close(
        report_id=report_id, user=request.user, status=form.cleaned_data["status"]
    )
    if report is None:
        messages.info(request, "That report was already closed.")
    else:
        messages.success(
            request, f"Report on “{report.service.name}” {report.get_status_display().lower()}."
        )
    return redirect("curation_reports")
