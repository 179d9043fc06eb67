"""A participant's own sign-in (#20): the facilitator's one-time code, the public
set-up page, and the participant's home and account pages.

Participant pages read only through genie.selectors.own_participant: another
participant's record cannot be named in any of their URLs, and staff get 403."""

import time
import uuid

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genie import selectors, services
from genie.forms import SignInCodeEmailForm, SignInSetUpForm

ISSUED_CODES = "genie_sign_in_codes"
# How long a facilitator's browser session keeps showing a code it issued (to print).
SHOW_CODE_SECONDS = 3600
# Tries of the public set-up page per address before it pauses.
SET_UP_TRIES = 10
SET_UP_PAUSE_SECONDS = 15 * 60


def issued_code(request, participant_id) -> dict | None:
    """The code this facilitator issued for the participant within the hour, if any
    (kept server-side in their session only, to show and print on the plan)."""
    shown = request.session.get(ISSUED_CODES, {}).get(str(participant_id))
    if not shown or time.time() - shown["at"] > SHOW_CODE_SECONDS:
        return None
    return {"code": shown["code"], "expires_at": parse_datetime(shown["expires_at"])}


@require_POST
def sign_in_code_create(request, participant_id):
    """A facilitator gives the participant a one-time code for their own sign-in
    (a first invitation, or a reset of a lost password). Audited."""
    participant = selectors.participant_get(user=request.user, participant_id=participant_id)
    email_form = SignInCodeEmailForm(request.POST)
    if not email_form.is_valid():
        messages.error(request, email_form.errors["email"][0] + ". No code was made.")
        return _back(request, participant)
    code, record = services.sign_in_code_issue(user=request.user, participant=participant)
    address = email_form.cleaned_data["email"]
    if address:
        services.sign_in_code_email(
            participant=participant,
            code=code,
            address=address,
            set_up_url=request.build_absolute_uri(reverse("sign_in_set_up")),
        )
        messages.info(request, "The code is also sent by email. The address is not kept.")
    request.session.setdefault(ISSUED_CODES, {})[str(participant.pk)] = {
        "code": code,
        "expires_at": record.expires_at.isoformat(),
        "at": time.time(),
    }
    request.session.modified = True
    messages.success(
        request, "A one-time sign-in code is ready. Print it, or read it out to the participant."
    )
    return _back(request, participant)


def _back(request, participant):
    """To the plan the code was asked for from, else the participant's page."""
    session_id = request.POST.get("session", "")
    session = (
        selectors.participant_sessions(user=request.user, participant=participant)
        .filter(pk=session_id)
        .first()
        if _is_uuid(session_id)
        else None
    )
    if session is not None:
        return redirect(f"{_plan_url(session)}#sign-in-code")
    return redirect("participant_detail", participant_id=participant.pk)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _plan_url(session) -> str:
    return reverse("plan", kwargs={"session_id": session.pk})


def _address(request) -> str:
    # The client's address as the sign-in lockout reads it (behind a proxy too).
    return get_client_ip_address(request) or "unknown"


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in_set_up(request):
    """Public: set up your own Genie sign-in (or a new password) with a one-time code."""
    form = SignInSetUpForm(request.POST if request.method == "POST" else None)
    key = f"genie:sign-in-set-up:{_address(request)}"
    paused = (cache.get(key) or 0) >= SET_UP_TRIES
    if request.method == "POST" and paused:
        form.is_valid()
        form.add_error(
            None,
            "Too many codes tried from here. Wait 15 minutes, then try again, "
            "or ask your facilitator for help.",
        )
    elif request.method == "POST" and form.is_valid():
        try:
            account = services.sign_in_code_redeem(
                code=form.cleaned_data["code"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except services.SignInCodeInvalid as error:
            if not cache.add(key, 1, SET_UP_PAUSE_SECONDS):
                try:
                    cache.incr(key)
                except ValueError:  # expired in between: start counting again
                    cache.add(key, 1, SET_UP_PAUSE_SECONDS)
            form.add_error("code", error)
        except services.UsernameTaken as error:
            form.add_error("username", error)
        else:
            messages.success(
                request,
                f"Your Genie sign-in is ready. Sign in with the username {account.username} "
                "and your new password.",
            )
            return redirect("login")
    return render(
        request,
        "genie/own/set_up.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def own_home(request):
    participant = selectors.own_participant(user=request.user, what="own home page")
    return render(request, "genie/own/home.html", {"participant": participant})


@require_GET
def own_account(request):
    participant = selectors.own_participant(user=request.user, what="own account page")
    return render(
        request,
        "genie/own/account.html",
        {
            "participant": participant,
            "erasure_request": participant.erasure_requests.first(),
        },
    )


@require_GET
def own_export(request):
    """The participant downloads everything held about them (the subject access export)."""
    participant = selectors.own_participant(user=request.user, what="own data download")
    data = services.participant_export_own(user=request.user, participant=participant)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="my-genie-data.json"'
    return response


@require_http_methods(["GET", "POST"])
def own_erasure(request):
    """The participant asks their organisation to erase their record."""
    participant = selectors.own_participant(user=request.user, what="own erasure page")
    if request.method == "POST":
        services.erasure_request_record(user=request.user, participant=participant)
        messages.success(
            request,
            f"Your request is sent to {participant.organisation.name}. "
            "They will be in touch before anything is erased.",
        )
        return redirect("own_account")
    return render(
        request,
        "genie/own/erasure.html",
        {
            "participant": participant,
            "erasure_request": participant.erasure_requests.first(),
        },
    )
