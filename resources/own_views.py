"""The participant's own plan and how its activities went (#20)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from genie.selectors import own_participant
from resources import own, selectors
from resources.forms import OwnReportForm


@require_GET
def own_plan(request):
    participant = own_participant(user=request.user, what="own plan")
    session = own.own_plan_session(user=request.user)
    context = {"participant": participant, "session": session}
    if session is not None:
        context.update(selectors.session_plan(session=session))
    return render(request, "resources/own/plan.html", context)


@require_GET
def own_activities(request):
    participant = own_participant(user=request.user, what="own activities")
    choices = own.own_choices(user=request.user)
    return render(
        request,
        "resources/own/activities.html",
        {
            "participant": participant,
            "items": [(choice, own.own_report(choice)) for choice in choices],
        },
    )


@require_http_methods(["GET", "POST"])
def own_activity(request, choice_id):
    choice = own.own_choice_get(user=request.user, choice_id=choice_id)
    report = own.own_report(choice)
    initial = {"status": report.status, "reason": report.reason} if report else {}
    form = OwnReportForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        own.own_activity_report_record(user=request.user, choice=choice, **form.report())
        messages.success(
            request,
            f"Thank you. What you said about “{choice.name}” is saved for your facilitator.",
        )
        return redirect("own_activities")
    return render(
        request,
        "resources/own/activity.html",
        {"choice": choice, "form": form, "report": report},
        status=400 if form.errors else 200,
    )
