"""Stage 2 pages: one question per page, check your answers, practical constraints
and the interest profile.

Every page is a normal page that works without JavaScript. Within the stage, htmx
(hx-boost) swaps only the #preferences-step fragment, which the same view renders
when htmx asks for that target.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import push_url

from genie.flow import stage_url
from genie.models import Stage
from genie.selectors import session_get
from genie.services import session_reach_stage
from genie.stage_views import render_stage
from questionnaire import selectors, services
from questionnaire.forms import AnswerForm, PracticalConstraintsForm, answer_initial

STEP_TARGET = "preferences-step"


def render_step(request, step_template, *, session, title, context):
    fragment = request.htmx.target == STEP_TARGET if request.htmx else False
    template = "questionnaire/step.html" + ("#step" if fragment else "")
    context = {**context, "step_template": step_template, "title": title, "fragment": fragment}
    response = render_stage(
        request, template, session=session, stage=Stage.PREFERENCES, context=context
    )
    if fragment:
        # The address bar follows the step, so reload and Back land on it.
        response = push_url(response, request.get_full_path())
    return response


@require_GET
def preferences(request, session_id):
    session = session_get(user=request.user, session_id=session_id)
    # A follow-up starts from last time's answers: straight to "still true?".
    if services.responses_carry_forward(session=session):
        return redirect("preferences_check", session_id=session.pk)
    upcoming = selectors.session_progress(session=session).next_unanswered
    if upcoming is None:
        return redirect("preferences_check", session_id=session.pk)
    return redirect("preferences_question", session_id=session.pk, number=upcoming.number)


@require_http_methods(["GET", "POST"])
def question(request, session_id, number):
    session = session_get(user=request.user, session_id=session_id)
    progress = selectors.session_progress(session=session)
    question = progress.question(number)
    if question is None:
        raise Http404("No such question")
    # Opened with ?change from "Check your answers" (kept in the form's action): go back there.
    from_check = "change" in request.GET
    form = AnswerForm(request.POST or None, question=question, initial=answer_initial(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.response_record(
                session=session,
                item=question.item,
                option=form.chosen_option(),
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if from_check or number == progress.total:
                return redirect("preferences_check", session_id=session.pk)
            return redirect("preferences_question", session_id=session.pk, number=number + 1)
    if from_check:
        back_url = reverse("preferences_check", args=[session.pk])
    elif number > 1:
        back_url = reverse("preferences_question", args=[session.pk, number - 1])
    else:
        back_url = stage_url(session, Stage.NETWORK)
    return render_step(
        request,
        "questionnaire/_question.html",
        session=session,
        title=f"Question {number} of {progress.total}",
        context={
            "form": form,
            "question": question,
            "progress": progress,
            "back_url": back_url,
            "from_check": from_check,
        },
    )


@require_GET
def check_answers(request, session_id):
    session = session_get(user=request.user, session_id=session_id)
    progress = selectors.session_progress(session=session)
    return render_step(
        request,
        "questionnaire/_check.html",
        session=session,
        title="Check your answers",
        context={"progress": progress},
    )


@require_http_methods(["GET", "POST"])
def practical_constraints(request, session_id):
    session = session_get(user=request.user, session_id=session_id)
    saved = selectors.session_constraints_to_confirm(session=session)
    form = PracticalConstraintsForm(
        request.POST or None, initial=PracticalConstraintsForm.initial_from(saved)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.constraints_save(
                session=session, data=form.constraints_data(), user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("preferences_profile", session_id=session.pk)
    return render_step(
        request,
        "questionnaire/_constraints.html",
        session=session,
        title="Getting to activities",
        context={
            "form": form,
            # Set when the answers shown are the last session's, not yet confirmed.
            "from_last_time": saved.session if saved and saved.session_id != session.pk else None,
        },
    )


@require_http_methods(["GET", "POST"])
def interest_profile(request, session_id):
    session = session_get(user=request.user, session_id=session_id)
    if request.method == "POST":
        session_reach_stage(session=session, stage=Stage.OPPORTUNITIES)
        return redirect(stage_url(session, Stage.OPPORTUNITIES))
    return render_step(
        request,
        "questionnaire/_profile.html",
        session=session,
        title="Interest profile",
        context={
            "summary": selectors.session_interest_summary(session=session),
            "constraints": selectors.session_constraints_summary(session=session),
        },
    )
