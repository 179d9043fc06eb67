from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from genie import selectors, services
from genie.flow import stage_url
from genie.models import Stage
from genie.stage_views import render_stage


@require_http_methods(["GET", "POST"])
def opportunities(request, session_id):
    session = selectors.session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        services.session_reach_stage(session=session, stage=Stage.PLAN)
        return redirect(stage_url(session, Stage.PLAN))
    return render_stage(
        request, "resources/opportunities.html", session=session, stage=Stage.OPPORTUNITIES
    )


@require_http_methods(["GET", "POST"])
def plan(request, session_id):
    session = selectors.session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        services.session_complete(session=session)
        return redirect("participant_detail", participant_id=session.participant_id)
    return render_stage(request, "resources/plan.html", session=session, stage=Stage.PLAN)
