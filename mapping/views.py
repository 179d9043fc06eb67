"""Stage 1 views. Each action answers htmx with out-of-band fragments (map, list,
feedback, form, announcement) and a plain form post with a redirect back."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genie import selectors as genie_selectors
from genie import services as genie_services
from genie.flow import stage_url
from genie.models import Stage
from genie.stage_views import render_stage
from mapping import selectors, services
from mapping.forms import DroppedActivityForm, MemberForm, MoveForm, SeveralForm
from mapping.models import Circle, ContactFrequency, Support

TEMPLATE = "mapping/network.html"


def _network_url(session, **query) -> str:
    url = reverse("network", kwargs={"session_id": session.pk})
    return f"{url}?{urlencode(query)}" if query else url


def _repeat(kinds, last=None) -> dict:
    """What a new member starts as: the kind, circle and contact of the last one added,
    or a family member in the inner circle, in touch weekly."""
    codes = [kind.code for kind in kinds]
    if last:
        return {"kind": last["kind"], "circle": last["circle"], "contact": last["contact"]}
    return {
        "kind": "family" if "family" in codes else (codes[0] if codes else ""),
        "circle": Circle.INNER,
        "contact": ContactFrequency.WEEKLY,
    }


def _last_added(members) -> dict | None:
    latest = max(members, key=lambda member: member.created_at, default=None)
    if latest is None:
        return None
    return {"kind": latest.kind.code, "circle": latest.circle, "contact": latest.contact}


def _add_form(kinds, last=None) -> MemberForm:
    return MemberForm(kinds=kinds, initial={"add_token": uuid.uuid4(), **_repeat(kinds, last)})


def _several_form(kinds, last=None) -> SeveralForm:
    return SeveralForm(kinds=kinds, initial={"add_token": uuid.uuid4(), **_repeat(kinds, last)})


def _render(
    request, session, snapshot, *, kinds, state=None, partial="updates", status=200, **context
):
    """The whole Stage 1 page, or for htmx the fragments that a change touches.

    The add / change form is swapped only when given, so moving or removing someone
    in the table never throws away what is being typed in the form.
    """
    context["replace_form"] = "member_form" in context or "several_form" in context
    context = {"session": session, "participant": session.participant, "kinds": kinds, **context}
    if partial != "member_form" or not request.htmx:  # the form alone needs no network
        context["state"] = state or selectors.network_state(snapshot=snapshot)
    last = _last_added(context["state"].members) if "state" in context else None
    context.setdefault("member_form", _add_form(kinds, last))
    context.setdefault("several_form", _several_form(kinds, last))
    if request.htmx:
        # htmx swaps only successful responses: the problem is explained in the fragment.
        return render(request, f"{TEMPLATE}#{partial}", context)
    context.setdefault("dropped_activities", selectors.dropped_activities(session=session))
    context.setdefault("dropped_form", DroppedActivityForm())
    return render_stage(
        request, TEMPLATE, session=session, stage=Stage.NETWORK, context=context, status=status
    )


def _done(
    request,
    session,
    snapshot,
    *,
    kinds,
    announce,
    member_id=None,
    focus="",
    row_only=False,
    **context,
):
    """After a change: fragments for htmx; otherwise a redirect back (post/redirect/get).

    ``focus`` names the control of the member's row that keeps keyboard focus.

    ``announce`` is the message, or a function of the member's label (read from the
    fresh state, as the form of a move or undo does not carry it).

    ``row_only``: of the table, only the member's own row changed (a move), so only
    that row is sent: the table is most of a large network's fragment.
    """
    state = selectors.network_state(snapshot=snapshot)
    member = next((m for m in state.members if m.pk == member_id), None)
    if callable(announce):
        announce = announce(member.label if member else "the member")
    if request.htmx:
        context.update(focus_member=member_id, focus_control=focus)
        if row_only and member:
            context["row_only"] = member
        return _render(
            request, session, snapshot, kinds=kinds, state=state, announce=announce, **context
        )
    messages.success(request, announce)
    anchor = f"#member-{member_id}" if member else "#member-form"
    return redirect(_network_url(session) + anchor)


def _snapshot(request, session):
    return selectors.snapshot_find(session=session) or services.snapshot_open(
        session=session, user=request.user
    )


def _open(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    return session, _snapshot(request, session)


def _from_map(request) -> bool:
    """Whether the action was started from the member on the map (focus goes back there)."""
    return (request.POST or request.GET).get("from") == "map"


def _uuid(value):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def network(request, session_id):
    """The Stage 1 page. POST is "Continue" to Stage 2."""
    session, snapshot = _open(request, session_id)
    if request.method == "POST":
        genie_services.session_reach_stage(session=session, stage=Stage.PREFERENCES)
        return redirect(stage_url(session, Stage.PREFERENCES))
    kinds = selectors.member_kinds()
    context = {}
    editing_id = _uuid(request.GET.get("edit"))
    member = editing_id and selectors.member_get(snapshot=snapshot, member_id=editing_id)
    if member:
        context.update(member_form=MemberForm.for_member(member, kinds=kinds), editing=member)
        context["from_map"] = _from_map(request)
    if request.GET.get("highlight") in Support.values:
        context["highlight"] = request.GET["highlight"]
    removed_id = _uuid(request.GET.get("removed"))
    removed = removed_id and selectors.removed_member_get(snapshot=snapshot, member_id=removed_id)
    if removed:
        context["removed"] = removed
    if request.htmx:
        # The edit link and "Cancel" load just the form.
        return _render(
            request,
            session,
            snapshot,
            kinds=kinds,
            partial="member_form",
            member_form_focus=True,
            **context,
        )
    return _render(request, session, snapshot, kinds=kinds, **context)


@require_POST
def member_add(request, session_id):
    session, snapshot = _open(request, session_id)
    kinds = selectors.member_kinds()
    form = MemberForm(request.POST, kinds=kinds)
    if form.is_valid():
        try:
            services.member_add(
                snapshot=snapshot,
                data=form.member_data(),
                add_token=form.cleaned_data["add_token"],
                user=request.user,
            )
        except services.NetworkFull as full:
            form.add_error(None, str(full))
    if form.errors:
        return _render(request, session, snapshot, kinds=kinds, member_form=form)
    data = form.cleaned_data
    return _done(
        request,
        session,
        snapshot,
        kinds=kinds,
        announce=f"Added {data['label']} to the {Circle(data['circle']).label.lower()}.",
        # The next member starts as this one: same kind, circle and contact.
        member_form=_add_form(kinds, last=data),
        member_form_focus=True,
    )


@require_POST
def members_add(request, session_id):
    """ "Add several": one name per line, sharing a kind and a circle."""
    session, snapshot = _open(request, session_id)
    kinds = selectors.member_kinds()
    form = SeveralForm(request.POST, kinds=kinds)
    if form.is_valid():
        try:
            services.members_add(
                snapshot=snapshot,
                labels=form.cleaned_data["names"],
                data=form.member_data(),
                add_token=form.cleaned_data["add_token"],
                user=request.user,
            )
        except services.NetworkFull as full:
            form.add_error(None, str(full))
    if form.errors:
        return _render(
            request, session, snapshot, kinds=kinds, several_form=form, several_open=True
        )
    names = form.cleaned_data["names"]
    circle = Circle(form.cleaned_data["circle"]).label.lower()
    last = {**form.cleaned_data, "contact": form.member_data()["contact"]}
    return _done(
        request,
        session,
        snapshot,
        kinds=kinds,
        announce=f"Added {len(names)} to the {circle}: {', '.join(names)}.",
        member_form=_add_form(kinds, last=last),
        several_form=_several_form(kinds, last=last),
        several_open=True,
        several_focus=True,
    )


@require_POST
def member_edit(request, session_id, member_id):
    session, snapshot = _open(request, session_id)
    kinds = selectors.member_kinds()
    form = MemberForm(request.POST, kinds=kinds, editing=True)
    if form.is_valid():
        try:
            services.member_update(
                snapshot=snapshot,
                member_id=member_id,
                version=form.cleaned_data["version"],
                data=form.member_data(),
                user=request.user,
            )
        except services.StaleMember as stale:
            return _stale(request, session, snapshot, kinds=kinds, stale=stale, member_id=member_id)
        return _done(
            request,
            session,
            snapshot,
            kinds=kinds,
            announce=lambda label: f"Saved the changes to {label}.",
            member_id=member_id,
            focus="map" if _from_map(request) else "edit",
            member_form=_add_form(kinds),
        )
    member = selectors.member_get(snapshot=snapshot, member_id=member_id)
    if member is None:
        raise Http404("No such network member.")
    return _render(
        request,
        session,
        snapshot,
        kinds=kinds,
        member_form=form,
        editing=member,
        from_map=_from_map(request),
    )


def _stale(request, session, snapshot, *, kinds, stale, member_id):
    """Explain a change from an out-of-date form, keeping what was typed if it still applies."""
    context = {"announce": stale.message, "status": 409}
    member = selectors.member_get(snapshot=snapshot, member_id=member_id)
    if member and "label" in request.POST:
        # The typed values with the latest version: saving again is a deliberate choice.
        data = request.POST.copy()
        data["version"] = member.version
        form = MemberForm(data, kinds=kinds, editing=True)
        form.is_valid()
        form.add_error(None, stale.message)
        context.update(member_form=form, editing=member)
    else:
        context["problem"] = stale.message
    return _render(request, session, snapshot, kinds=kinds, **context)


@require_POST
def member_move(request, session_id, member_id):
    session, snapshot = _open(request, session_id)
    kinds = selectors.member_kinds()
    form = MoveForm(request.POST)
    if not form.is_valid():  # only a tampered form
        if selectors.member_get(snapshot=snapshot, member_id=member_id) is None:
            raise Http404("No such network member.")
        problem = "That move was not understood, so nothing changed. Try again from the table."
        return _render(request, session, snapshot, kinds=kinds, problem=problem, status=400)
    circle = Circle(form.cleaned_data["circle"])
    try:
        services.member_move(
            snapshot=snapshot,
            member_id=member_id,
            version=form.cleaned_data["version"],
            circle=circle,
            user=request.user,
        )
    except services.StaleMember as stale:
        return _stale(request, session, snapshot, kinds=kinds, stale=stale, member_id=member_id)
    return _done(
        request,
        session,
        snapshot,
        kinds=kinds,
        announce=lambda label: f"Moved {label} to the {circle.label.lower()}.",
        member_id=member_id,
        row_only=True,
        # Keep focus on the member on the map, or on the button pressed in the table
        # (the other one if that one has gone).
        focus="map"
        if _from_map(request)
        else "further"
        if request.POST.get("direction") == "further"
        else "closer",
    )


@require_POST
def member_remove(request, session_id, member_id):
    session, snapshot = _open(request, session_id)
    kinds = selectors.member_kinds()
    services.member_remove(snapshot=snapshot, member_id=member_id, user=request.user)
    if not request.htmx:
        return redirect(_network_url(session, removed=member_id) + "#network-notice")
    removed = selectors.removed_member_get(snapshot=snapshot, member_id=member_id)
    return _render(
        request,
        session,
        snapshot,
        kinds=kinds,
        removed=removed,
        removed_from_map=_from_map(request),
        announce=f"Removed {removed.label} from the map. Undo is available.",
    )


@require_POST
def member_restore(request, session_id, member_id):
    session, snapshot = _open(request, session_id)
    kinds = selectors.member_kinds()
    try:
        services.member_restore(snapshot=snapshot, member_id=member_id, user=request.user)
    except services.NetworkFull as full:
        return _render(request, session, snapshot, kinds=kinds, problem=str(full), status=409)
    return _done(
        request,
        session,
        snapshot,
        kinds=kinds,
        announce=lambda label: f"Put {label} back on the map.",
        member_id=member_id,
        focus="map" if _from_map(request) else "edit",
    )


def _dropped(request, session, *, form=None, announce=""):
    """After a dropped-activity change: its fragment for htmx, else redirect or re-render."""
    context = {
        "dropped_activities": selectors.dropped_activities(session=session),
        "dropped_form": form or DroppedActivityForm(),
        "dropped_focus": True,
    }
    if request.htmx:
        context.update(session=session, participant=session.participant, announce=announce)
        return render(request, f"{TEMPLATE}#dropped_updates", context)
    if form is None:
        messages.success(request, announce)
        return redirect(_network_url(session) + "#dropped-activities")
    snapshot = _snapshot(request, session)
    return _render(request, session, snapshot, kinds=selectors.member_kinds(), **context)


@require_POST
def dropped_activity_add(request, session_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    form = DroppedActivityForm(request.POST)
    if not form.is_valid():
        return _dropped(request, session, form=form)
    services.dropped_activity_add(
        session=session,
        description=form.cleaned_data["description"],
        categories=form.cleaned_data["categories"],
        user=request.user,
    )
    return _dropped(request, session, announce=f"Added “{form.cleaned_data['description']}”.")


@require_POST
def dropped_activity_remove(request, session_id, activity_id):
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    services.dropped_activity_remove(session=session, activity_id=activity_id, user=request.user)
    return _dropped(request, session, announce="Removed the activity.")


@require_GET
def network_export(request, session_id, fmt):
    """All of the participant's snapshots for research: GraphML, members CSV or ego CSV."""
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    snapshots = selectors.participant_snapshots(participant=session.participant)
    content, content_type, filename = services.network_export(
        user=request.user, session=session, fmt=fmt, snapshots=snapshots
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def dropped_activity_taken_up(request, session_id, activity_id):
    """A follow-up: the participant does a dropped activity again (or, undone, not)."""
    session = genie_selectors.session_get(user=request.user, session_id=session_id)
    taken_up = request.POST.get("taken_up") != "no"
    activity = services.dropped_activity_mark(
        session=session, activity_id=activity_id, taken_up=taken_up, user=request.user
    )
    announce = (
        f"Marked “{activity.description}” as taken up again."
        if taken_up
        else f"“{activity.description}” is marked as not taken up again."
    )
    return _dropped(request, session, announce=announce)
