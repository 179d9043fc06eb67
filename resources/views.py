from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genie import selectors as genie_selectors
from genie import services as genie_services
from genie.flow import stage_url
from genie.models import Category, Session, Stage
from genie.own_views import issued_code
from genie.stage_views import render_stage
from mapping.own import own_redraw_for_follow_up
from mapping.selectors import session_network_people
from resources import selectors, services
from resources.forms import ChooseForm, CompanionForm, OpportunityFilterForm, ReviewForm
from resources.locator import UNPLACEABLE_MESSAGE
from resources.maps import build_map, render_map_page
from resources.models import ChosenActivity


def _filters(request):
    """The filter form, its cleaned values (None when the page has not been filtered)
    and the categories, read once for both the form and the matching."""
    categories = list(Category.objects.all())
    form = OpportunityFilterForm(request.GET or None, categories=categories)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data, categories
    return form, None, categories


def _render_opportunities(request, session, *, template="resources/opportunities.html", focus=None):
    form, filters, categories = _filters(request)
    opportunities = selectors.session_opportunities(
        session=session,
        filters=filters,
        page_number=request.GET.get("page"),
        categories=categories,
    )
    if not form.is_bound:  # start from the participant's own answers (Stage 2)
        form.start_from(opportunities.criteria)
    choices = selectors.session_choices(session=session)
    members = session_network_people(session=session)
    filters_query = request.GET.copy()
    filters_query.pop("page", None)
    query = filters_query.urlencode()
    return render_stage(
        request,
        template,
        session=session,
        stage=Stage.OPPORTUNITIES,
        context={
            "form": form,
            "o": opportunities,
            "unplaceable": UNPLACEABLE_MESSAGE.format(postcode=opportunities.area),
            "choices": choices,
            "companion_choices": CompanionForm(members=members).fields["companion"].choices,
            "has_members": bool(members),
            "chosen_ids": {c.service_at_location_id for c in choices},
            "max_choices": ChosenActivity.MAX_PER_SESSION,
            "choices_full": len(choices) >= ChosenActivity.MAX_PER_SESSION,
            "last_plan": selectors.last_plan(session=session),
            "query": query,
            "focus": focus,
            "page_query": request.GET.urlencode(),
            # The map shows the same page of results, numbered as the list.
            # Where "Report a problem" returns to: this list, as filtered and paged.
            "report_next": stage_url(session, Stage.OPPORTUNITIES)
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
            "map_url": reverse("opportunities_map", kwargs={"session_id": session.pk})
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        },
    )


def _back_to_opportunities(request, session):
    """Where a choice form returns to: the same filtered, paged list, at the choices."""
    query = request.POST.get("query", "")
    url = stage_url(session, Stage.OPPORTUNITIES)
    return redirect(f"{url}?{query}#choices" if query else f"{url}#choices")


def _after_choice(request, session, message, *, level=messages.SUCCESS, focus="choices"):
    """Back to the list after a choice changed: in place for htmx, keeping focus near
    where it was (``focus``: a listing id, or "choices" for the choices panel)."""
    messages.add_message(request, level, message)
    if request.htmx:
        # Re-render in place, with the filters and page the form was sent from.
        request.GET = QueryDict(request.POST.get("query", ""))
        return _render_opportunities(
            request, session, template="resources/opportunities.html#stage3", focus=focus
        )
    return _back_to_opportunities(request, session)


@require_http_methods(["GET", "POST"])
def opportunities(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        genie_services.session_reach_stage(session=session, stage=Stage.PLAN)
        return redirect(stage_url(session, Stage.PLAN))
    if request.htmx and request.htmx.target == "results":
        return _render_opportunities(
            request, session, template="resources/opportunities.html#results"
        )
    return _render_opportunities(request, session)


@require_GET
@xframe_options_sameorigin
@csp_update({"style-src": ["'unsafe-inline'"]})
def opportunities_map(request, session_id):
    """The Folium map as its own page, embedded in Stage 3 by an iframe. Only this
    view allows inline styles (Folium's); its inline scripts carry the nonce."""
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    _, filters, categories = _filters(request)
    o = selectors.session_opportunities(
        session=session,
        filters=filters,
        page_number=request.GET.get("page"),
        map_only=True,
        categories=categories,
    )
    if o.origin is None:
        return HttpResponse(UNPLACEABLE_MESSAGE.format(postcode=o.area), content_type="text/plain")
    m = build_map(
        origin=o.origin,
        radius_km=o.criteria.radius_km,
        matches=o.page.object_list,
        area=o.area,
        chosen=[c.service_at_location_id for c in selectors.session_choices(session=session)],
    )
    title = f"Map of activities near {o.area}"
    return HttpResponse(render_map_page(m, title=title, nonce=str(request.csp_nonce)))


@require_POST
def choose(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    form = ChooseForm(request.POST)
    if not form.is_valid():
        return _after_choice(
            request, session, "Please choose an activity from the list.", level=messages.ERROR
        )
    try:
        choice = services.choice_add(
            session=session,
            service_at_location_id=form.cleaned_data["service_at_location"],
            user=request.user,
        )
    except ValidationError as error:
        return _after_choice(request, session, error.messages[0], level=messages.ERROR)
    return _after_choice(
        request,
        session,
        f"Added “{choice.name}” to the plan.",
        focus=choice.service_at_location_id,
    )


@require_POST
def choice_remove(request, session_id, choice_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    services.choice_remove(session=session, choice_id=choice_id, user=request.user)
    return _after_choice(request, session, "Removed from the plan.")


@require_POST
def choice_companion(request, session_id, choice_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    choice = get_object_or_404(
        ChosenActivity.objects.select_related("session__participant"),
        session=session,
        pk=choice_id,
    )
    form = CompanionForm(request.POST, members=session_network_people(session=session))
    if not form.is_valid():
        return _after_choice(
            request, session, "Please pick someone from the list.", level=messages.ERROR
        )
    member = form.member()
    services.choice_set_companion(choice=choice, member=member, user=request.user)
    who = f"{member.label} might come along" if member else "No one noted yet"
    # Focus stays on the list it was picked from (htmx keeps focus on the same id).
    return _after_choice(request, session, f"{who} to “{choice.name}”.", focus=None)


@require_http_methods(["GET", "POST"])
def plan(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        genie_services.session_complete(session=session, user=request.user)
        messages.success(request, "Session finished. The plan is saved with the session.")
        return redirect("participant_detail", participant_id=session.participant_id)
    participant = session.participant
    return render_stage(
        request,
        "resources/plan.html",
        session=session,
        stage=Stage.PLAN,
        context={
            **selectors.session_plan(session=session),
            # The participant's own sign-in (#20): a code prints with the plan.
            "sign_in": genie_selectors.participant_sign_in_state(participant=participant),
            "issued_code": issued_code(request, participant.pk),
        },
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
        "resources/review.html",
        session=session,
        stage=Stage.REVIEW,
        context={
            "form": form,
            # The participant's own redraw of their map since last time (#20).
            "own_redraw": own_redraw_for_follow_up(participant=session.participant),
        },
        status=400 if form.errors else 200,
    )
