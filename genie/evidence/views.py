import csv
from datetime import date

from csp.decorators import csp_update
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods

from genie import roles
from genie import selectors as genie_selectors
from genie.evidence import demand, selectors, services
from genie.evidence.forms import EvidenceFilterForm, ReviewForm, WellbeingForm
from genie.evidence.panels import PANELS_BY_SLUG, build_tables, headline, shown_panels
from genie.evidence.selectors import EvidenceFilter
from genie.evidence.suppression import threshold
from genie.flow import stage_url
from genie.measures import FIELDS
from genie.models import Session, Stage
from genie.stage_views import render_stage
from resources.maps import render_map_page

DASHBOARD = "genie/evidence/dashboard.html"


def _filter_query(form) -> str:
    """The filters as a query string, for the CSV links (only the form's fields)."""
    data = form.data.copy()
    for key in list(data):
        if key not in form.fields:
            del data[key]
    return data.urlencode()


def _scope(cleaned: dict) -> str:
    """The filters in words, as the heading of what is shown."""
    start, end = cleaned.get("from_month"), cleaned.get("to_month")
    if start and end:
        period = f"{start:%B %Y} to {end:%B %Y}" if start != end else f"{start:%B %Y}"
    elif start or end:
        period = f"from {start:%B %Y}" if start else f"up to {end:%B %Y}"
    else:
        period = "all months"
    organisation = cleaned.get("organisation")
    area = cleaned.get("area")
    return " · ".join(
        [
            organisation.name if organisation else "All organisations",
            f"area {area}" if area else "all areas",
            period,
        ]
    )


@require_GET
def dashboard(request):
    roles.require_evidence_access(request.user)
    form = EvidenceFilterForm(request.GET)
    context = {"form": form, "threshold": threshold(), "query": _filter_query(form)}
    if form.is_valid():
        evidence_filter = EvidenceFilter.from_form(form.cleaned_data)
        tables = build_tables(evidence_filter)
        context["scope"] = _scope(form.cleaned_data)
        context["headline"] = headline(evidence_filter, tables)
        context["panels"] = shown_panels(tables)
    # Errors come back as 200 with the error summary, so htmx swaps them in.
    template = DASHBOARD + "#evidence" if request.htmx else DASHBOARD
    return render(request, template, context)


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
    form = EvidenceFilterForm(request.GET)
    if not form.is_valid():
        return render(request, DASHBOARD, {"form": form, "threshold": threshold()}, status=400)
    evidence_filter = EvidenceFilter.from_form(form.cleaned_data)
    table = build_tables(evidence_filter)[slug]
    period = "-".join(
        part
        for part in (_month(evidence_filter.from_month), _month(evidence_filter.to_month))
        if part
    )
    filename = f"genie-{slug}{'-' + period if period else ''}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for line in table.csv_rows():
        writer.writerow([_csv_safe(str(value)) for value in line])
    return response


@require_http_methods(["GET", "POST"])
def wellbeing(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    measures = selectors.session_wellbeing(session=session)
    initial = {field: getattr(measures, field) for field in FIELDS} if measures else {}
    form = WellbeingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.wellbeing_record(user=request.user, session=session, data=form.measures_data())
        messages.success(request, "Wellbeing measures saved.")
        return redirect(stage_url(session, session.stage))
    return render_stage(
        request,
        "genie/evidence/wellbeing.html",
        session=session,
        stage=session.stage,
        context={"form": form, "measures": measures},
    )


@require_GET
def case_study(request, participant_id):
    participant = genie_selectors.participant_get(user=request.user, participant_id=participant_id)
    if not participant.consent_case_study:
        return render(
            request, "genie/evidence/case_study_needs_consent.html", {"participant": participant}
        )
    return render(
        request,
        "genie/evidence/case_study.html",
        {"participant": participant, "case_study": selectors.case_study(participant=participant)},
    )


@require_http_methods(["GET", "POST"])
def review(request, session_id):
    """The first step of a follow-up: how each activity chosen last time went."""
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    if session.kind != Session.Kind.FOLLOW_UP:
        return redirect("session_resume", session_id=session.pk)
    items = selectors.review_items(session=session)
    form = ReviewForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST" and form.is_valid():
        services.activity_outcomes_record(
            user=request.user, session=session, outcomes=form.outcomes()
        )
        if items:
            messages.success(request, "How the activities went is saved.")
        return redirect(stage_url(session, Stage.NETWORK))
    return render_stage(
        request,
        "genie/evidence/review.html",
        session=session,
        stage=Stage.REVIEW,
        context={"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def session_summary(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    return render(
        request,
        "genie/evidence/summary.html",
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
    form = EvidenceFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse("Check the filters.", content_type="text/plain", status=400)
    evidence_filter = EvidenceFilter.from_form(form.cleaned_data)
    m = demand.unmet_demand_map(demand.unmet_demand_by_district(evidence_filter))
    return HttpResponse(
        render_map_page(m, title="Map of unmet demand by district", nonce=str(request.csp_nonce))
    )
