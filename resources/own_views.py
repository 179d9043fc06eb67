"""The participant's own plan and how its activities went (#20)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genie.selectors import own_participant
from resources import own, selectors
from resources.forms import ChooseForm, OwnReportForm


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


@require_GET
def own_find(request):
    """Look for new activities: Stage 3's matching on their own profile and limits."""
    participant = own_participant(user=request.user, what="own activity search")
    opportunities = own.own_opportunities(user=request.user, page_number=request.GET.get("page"))
    choices = own.own_choices(user=request.user)
    return render(
        request,
        "resources/own/find.html",
        {
            "participant": participant,
            "o": opportunities,
            "chosen_ids": {choice.service_at_location_id for choice in choices},
            "plan_full": len(choices) >= own.ChosenActivity.MAX_PER_SESSION,
        },
    )


@require_POST
def own_add(request):
    own_participant(user=request.user, what="own plan choice")
    form = ChooseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose an activity from the list.")
        return redirect("own_find")
    try:
        choice = own.own_choice_add(
            user=request.user, service_at_location_id=form.cleaned_data["service_at_location"]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("own_find")
    messages.success(
        request, f"Added “{choice.name}” to your plan. Your facilitator will see it next time."
    )
    return redirect("own_plan")
