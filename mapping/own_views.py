"""The participant's own latest network map, as a picture and a list (#20)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from genie.selectors import own_participant
from mapping.models import NetworkSnapshot
from mapping.selectors import network_state


@require_GET
def own_map(request):
    participant = own_participant(user=request.user, what="own network map")
    snapshot = (
        NetworkSnapshot.objects.filter(
            session__participant=participant, session__completed_at__isnull=False
        )
        .select_related("session")
        .order_by("-session__started_at", "-pk")
        .first()
    )
    state = network_state(snapshot=snapshot) if snapshot else None
    return render(
        request,
        "mapping/own/map.html",
        {"participant": participant, "state": state, "snapshot": snapshot},
    )
