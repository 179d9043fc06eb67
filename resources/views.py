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


def _choices_context(request, session, *, focus=None, panel=True):
    """What each listing's Choose button needs and, with ``panel``, the choices
    panel and "Chosen last time" too (no matching). The results alone (a filter's
    fragment) need only which listings are chosen and whether the plan is full."""
    context = {
        "max_choices": ChosenActivity.MAX_PER_SESSION,
        "focus": focus,
        "page_query": request.GET.urlencode(),
        # Every listing's Choose button posts here: reversed once, not twice a listing.
        "choose_url": reverse("opportunity_choose", kwargs={"session_id": session.pk}),
    }
    if not panel:
        chosen = selectors.session_chosen_listing_ids(session=session)
        return {
            **context,
            "chosen_ids": set(chosen),
            "choices_full": len(chosen) >= ChosenActivity.MAX_PER_SESSION,
        }
    choices = selectors.session_choices(session=session)
    members = session_network_people(session=session)
    return {
        **context,
        "choices": choices,
        "companion_choices": CompanionForm(members=members).fields["companion"].choices,
        "has_members": bool(members),
        "chosen_ids": {c.service_at_location_id for c in choices},
        "choices_full": len(choices) >= ChosenActivity.MAX_PER_SESSION,
        "last_plan": selectors.last_plan(session=session),
    }


def _render_opportunities(
    request, session, *, template="resources/opportunities.html", focus=None, panel=True
):
    """The Stage 3 page or one of its fragments; without ``panel`` (a filter's
    fragment, the results alone) the choices panel is not read."""
    form, filters, categories = _filters(request)
    opportunities = selectors.session_opportunities(
        session=session,
        filters=filters,
        page_number=request.GET.get("page"),
        categories=categories,
    )
    if not form.is_bound:  # start from the participant's own answers (Stage 2)
        form.start_from(opportunities.criteria)
    filters_query = request.GET.copy()
    filters_query.pop("page", None)
    query = filters_query.urlencode()
    return render_stage(
        request,
        template,
        session=session,
        stage=Stage.OPPORTUNITIES,
        context={
            **_choices_context(request, session, focus=focus, panel=panel),
            "form": form,
            "o": opportunities,
            "unplaceable": UNPLACEABLE_MESSAGE.format(postcode=opportunities.area),
            "query": query,
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


def _after_choice(
    request, session, message, *, level=messages.SUCCESS, focus="choices", changed=(), whole=False
):
    """Back to the list after a choice changed, keeping focus near where it was
    (``focus``: a listing id, or "choices" for the choices panel).

    For htmx, only what changed is sent: the choices panel, the Choose button of
    each listing in ``changed`` ((service-at-location id, name) pairs) and "Chosen last time",
    out of band, and the map is told to redraw its rings. The ``whole`` Stage 3
    panel is redrawn only when every Choose button changes (the plan became full
    or stopped being full) or the page may be out of date (a refused choice)."""
    messages.add_message(request, level, message)
    if not request.htmx:
        return _back_to_opportunities(request, session)
    # The filters and page the form was sent from.
    request.GET = QueryDict(request.POST.get("query", ""))
    context = _choices_context(request, session, focus=focus)
    removed_from_full = len(context["choices"]) == ChosenActivity.MAX_PER_SESSION - 1 and not (
        {pk for pk, _ in changed} & context["chosen_ids"]
    )
    if whole or (changed and (context["choices_full"] or removed_from_full)):
        return _render_opportunities(
            request, session, template="resources/opportunities.html#stage3", focus=focus
        )
    response = render_stage(
        request,
        "resources/choices_changed.html",
        session=session,
        stage=Stage.OPPORTUNITIES,
        context={**context, "changed": changed},
    )
    response["HX-Retarget"] = "#choices"
    response["HX-Reswap"] = "outerHTML"
    if changed:
        response["HX-Trigger"] = "genie:choices-changed"  # the map redraws its rings
    return response


@require_http_methods(["GET", "POST"])
def opportunities(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        genie_services.session_reach_stage(session=session, stage=Stage.PLAN)
        return redirect(stage_url(session, Stage.PLAN))
    if request.htmx and request.htmx.target == "results":
        return _render_opportunities(
            request, session, template="resources/opportunities.html#results", panel=False
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
        # Full, or no longer listed: this page may be out of date (another tab).
        return _after_choice(request, session, error.messages[0], level=messages.ERROR, whole=True)
    return _after_choice(
        request,
        session,
        f"Added “{choice.name}” to the plan.",
        focus=choice.service_at_location_id,
        changed=[(choice.service_at_location_id, choice.name)],
    )


@require_POST
def choice_remove(request, session_id, choice_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    removed = (
        ChosenActivity.objects.filter(session=session, pk=choice_id)
        .values_list("service_at_location_id", "name")
        .first()
    )
    try:
        services.choice_remove(session=session, choice_id=choice_id, user=request.user)
    except ValidationError as error:  # its outcome was recorded at a follow-up
        return _after_choice(request, session, error.messages[0], level=messages.ERROR)
    return _after_choice(
        request, session, "Removed from the plan.", changed=[removed] if removed else []
    )


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
