from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from genie import selectors, services
from genie.flow import stage_url
from genie.models import Stage
from genie.stage_views import render_stage


@require_http_methods(["GET", "POST"])
def preferences(request, session_id):
    session = selectors.session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        services.session_reach_stage(session=session, stage=Stage.OPPORTUNITIES)
        return redirect(stage_url(session, Stage.OPPORTUNITIES))
    return render_stage(
        request, "questionnaire/preferences.html", session=session, stage=Stage.PREFERENCES
    )
