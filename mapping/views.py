from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from genie import selectors, services
from genie.flow import stage_url
from genie.models import Stage
from genie.stage_views import render_stage


@require_http_methods(["GET", "POST"])
def network(request, session_id):
    session = selectors.session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        services.session_reach_stage(session=session, stage=Stage.PREFERENCES)
        return redirect(stage_url(session, Stage.PREFERENCES))
    return render_stage(request, "mapping/network.html", session=session, stage=Stage.NETWORK)
