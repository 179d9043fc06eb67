import csv
from datetime import date

from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from evidence import demand, disclosure, selectors
from evidence.areas import area_group_name, one_reading
from evidence.facts import queue
from evidence.forms import EvidenceFilterForm
from evidence.panels import PANELS_BY_SLUG, build_evidence, report_panels, shown_panels
from evidence.selectors import EvidenceFilter
from evidence.suppression import threshold
from genie import roles
from genie import selectors as genie_selectors
from resources.maps import render_map_page

DASHBOARD = "evidence/dashboard.html"


def _filter_query(form) -> str:
    """The filters as a query string, for the CSV links (only the form's fields)."""
    data = form.data.copy()
    for key in list(data):
        if key not in form.fields:
            del data[key]
    return data.urlencode()


def _period(evidence_filter: EvidenceFilter) -> str:
    """The period in words: whole quarters (the filter is widened to them)."""
    start, end = evidence_filter.from_month, evidence_filter.to_month
    if start and end:
        return f"{start:%B %Y} to {end:%B %Y}" if start != end else f"{start:%B %Y}"
    if start or end:
        return f"from {start:%B %Y}" if start else f"up to the end of {end:%B %Y}"
    return "all months"


def _scope(cleaned: dict) -> str:
    """The filters in words, as the heading of what is shown."""
    evidence_filter = EvidenceFilter.from_form(cleaned)
    organisation = cleaned.get("organisation")
    area = cleaned.get("area")
    return " · ".join(
        [
            organisation.name if organisation else "All organisations",
            f"area {area_group_name(area)}" if area else "all areas",
            _period(evidence_filter),
        ]
    )


def _preamble(cleaned: dict, produced_at) -> list[list[str]]:
    """What every CSV starts with: where its figures come from and the rule."""
    evidence_filter = EvidenceFilter.from_form(cleaned)
    organisation = cleaned.get("organisation")
    area = cleaned.get("area")
    return [
        ["Organisation", organisation.name if organisation else "All organisations"],
        ["Area", area_group_name(area) if area else "All areas"],
        ["Period", _period(evidence_filter)],
        ["Rule", disclosure.rule_text()],
        ["Produced at", f"{timezone.localtime(produced_at):%d %B %Y %H:%M}"],
        [],
    ]


@require_GET
def dashboard(request):
    roles.require_evidence_access(request.user)
    with one_reading():
        return _dashboard(request)


def _dashboard(request):
    form = EvidenceFilterForm(request.GET)
    context = {
        "form": form,
        "threshold": threshold(),
        "rule": disclosure.rule_text(),
        "query": _filter_query(form),
        "refresh_minutes": max(1, settings.EVIDENCE_CACHE_SECONDS // 60),
    }
    if form.is_valid():
        evidence_filter = EvidenceFilter.from_form(form.cleaned_data)
        evidence = build_evidence(evidence_filter)
        context["scope"] = _scope(form.cleaned_data)
        context["headline"] = evidence.headline
        context["panels"] = shown_panels(evidence.tables)
        context["produced_at"] = evidence.produced_at
    # Errors come back as 200 with the error summary, so htmx swaps them in.
    template = DASHBOARD + "#evidence" if request.htmx else DASHBOARD
    return render(request, template, context)


@require_GET
def board_report(request):
    """A printable report for a board pack: headline figures, the key charts
    with their tables, the filters, period and rule, and when it was produced."""
    roles.require_evidence_access(request.user)
    with one_reading():
        form = EvidenceFilterForm(request.GET)
        if not form.is_valid():
            return render(request, DASHBOARD, {"form": form, "threshold": threshold()}, status=400)
        evidence = build_evidence(EvidenceFilter.from_form(form.cleaned_data))
        return render(
            request,
            "evidence/report.html",
            {
                "scope": _scope(form.cleaned_data),
                "preamble": _preamble(form.cleaned_data, evidence.produced_at)[:-1],
                "headline": evidence.headline,
                "panels": report_panels(evidence.tables),
                "query": _filter_query(form),
                "rule": disclosure.rule_text(),
            },
        )


def _csv_safe(text: str) -> str:
    # A leading = + - @ would make a spreadsheet run the cell as a formula.
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _month(value: date | None) -> str:
    return f"{value:%Y-%m}" if value else ""


@require_GET
def panel_csv(request, slug):
    roles.require_evidence_access(request.user)
    if slug not in PANELS_BY_SLUG:
        raise Http404
    with one_reading():
        return _panel_csv(request, slug)


def _panel_csv(request, slug):
    form = EvidenceFilterForm(request.GET)
    if not form.is_valid():
        return render(request, DASHBOARD, {"form": form, "threshold": threshold()}, status=400)
    evidence_filter = EvidenceFilter.from_form(form.cleaned_data)
    evidence = build_evidence(evidence_filter)
    table = evidence.tables[slug]
    period = "-".join(
        part
        for part in (_month(evidence_filter.from_month), _month(evidence_filter.to_month))
        if part
    )
    filename = f"genie-{slug}{'-' + period if period else ''}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for line in [*_preamble(form.cleaned_data, evidence.produced_at), *table.csv_rows()]:
        writer.writerow([_csv_safe(str(value)) for value in line])
    return response


@require_GET
def case_study(request, participant_id):
    participant = genie_selectors.participant_get(user=request.user, participant_id=participant_id)
    if not participant.consent_case_study:
        return render(
            request, "evidence/case_study_needs_consent.html", {"participant": participant}
        )
    return render(
        request,
        "evidence/case_study.html",
        {"participant": participant, "case_study": selectors.case_study(participant=participant)},
    )


@require_GET
def session_summary(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    return render(
        request,
        "evidence/summary.html",
        {
            "session": session,
            "participant": session.participant,
            "summary": selectors.session_summary(session=session),
        },
    )


@require_GET
@xframe_options_sameorigin
@csp_update({"style-src": ["'unsafe-inline'"]})
def unmet_demand_map(request):
    """The unmet-demand map as its own page, embedded in the dashboard by an
    iframe. Only this view allows inline styles (Folium's); its inline scripts
    carry the nonce."""
    roles.require_evidence_access(request.user)
    with one_reading():
        return _unmet_demand_map(request)


def _unmet_demand_map(request):
    form = EvidenceFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse("Check the filters.", content_type="text/plain", status=400)
    evidence_filter = EvidenceFilter.from_form(form.cleaned_data)
    queue.process_pending()  # anything a commit did not get to yet
    m = demand.unmet_demand_map(demand.unmet_demand_by_district(evidence_filter))
    return HttpResponse(
        render_map_page(m, title="Map of unmet demand by district", nonce=str(request.csp_nonce))
    )
