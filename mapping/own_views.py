"""The participant's own network map, as a picture and a list, and their redraw (#20)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from genie.selectors import own_participant
from mapping.drawing import TooManyMembers, draw_network
from mapping.feedback import network_metrics
from mapping.forms import OwnRedrawForm
from mapping.own import current_map, own_map_save
from mapping.selectors import member_kinds


@require_GET
def own_map(request):
    participant = own_participant(user=request.user, what="own network map")
    current = current_map(participant=participant)
    state = None
    if current.snapshot or current.own_map:
        try:
            drawing = draw_network(current.members)
        except TooManyMembers:
            drawing = None
        state = {
            "members": current.members,
            "drawing": drawing,
            "metrics": network_metrics(current.members),
        }
    return render(
        request,
        "mapping/own/map.html",
        {"participant": participant, "state": state, "current": current},
    )


@require_http_methods(["GET", "POST"])
def own_redraw(request):
    """Redraw: a new map made by the participant, for their facilitator to see."""
    participant = own_participant(user=request.user, what="own map redraw")
    current = current_map(participant=participant)
    form = OwnRedrawForm(
        request.POST if request.method == "POST" else None,
        members=current.members,
        kinds=member_kinds(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            own_map_save(
                user=request.user, participant=participant, kept=form.kept(), added=form.added()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Your new map is saved. Your facilitator will see it next time."
            )
            return redirect("own_map")
    return render(
        request,
        "mapping/own/redraw.html",
        {"participant": participant, "form": form, "current": current},
        status=400 if form.errors else 200,
    )
