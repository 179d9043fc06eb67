import logging
import sys
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.qr import write_qrcode_image

from genie import own_views, roles, selectors, services, two_factor
from genie.flow import WELLBEING_STEP, stage_url
from genie.forms import (
    ParticipantForm,
    ParticipantSearchForm,
    TwoFactorCodeForm,
    TwoFactorVerifyForm,
    WellbeingForm,
)
from genie.measures import FIELDS
from genie.middleware import session_renew
from genie.stage_views import render_stage

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    user = request.user
    if roles.is_participant(user):
        return redirect("own_home")
    if roles.can_see_participants(user):
        return redirect("participant_list")
    if roles.is_commissioner(user):
        return redirect("evidence_home")
    if roles.is_referrer(user):
        return redirect("referral_mine")
    return render(request, "genie/no_role.html", status=403)


@require_http_methods(["GET", "POST"])
def participant_list(request):
    # Searches are posted: a typed name must never appear in a URL or an access log.
    # Only the page number may travel in a link (?page=2), and only without a search.
    form = ParticipantSearchForm(request.POST or {"page": request.GET.get("page") or None})
    search = form.search() if request.method == "POST" else ""
    page = selectors.participant_page(user=request.user, search=search, page=form.page_number())
    context = {
        "form": form,
        "search": search,
        "page": page,
        "participants": page.object_list,
        "sessions_in_progress": selectors.sessions_in_progress(user=request.user)[:20],
    }
    template = "genie/participant_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def participant_create(request):
    roles.require_participant_access(request.user)
    if request.user.organisation_id is None:
        # Admins without an organisation curate; they do not run sessions.
        return render(request, "genie/no_role.html", status=403)
    statement = selectors.consent_statement_current(organisation=request.user.organisation)
    form = ParticipantForm(
        request.POST or None, organisation=request.user.organisation, consent_statement=statement
    )
    if request.method == "POST":
        # A double-clicked or re-sent form lands on the participant it created.
        created = request.session.get("genie_created", {}).get(request.POST.get("form_token"))
        if created:
            return redirect("participant_detail", participant_id=created)
        if form.is_valid():
            try:
                participant = services.participant_create(
                    user=request.user, data=form.participant_data(), consent_statement=statement
                )
            except IntegrityError:
                # Another request added the same reference after this form was checked.
                form.add_error("reference", ParticipantForm.DUPLICATE_REFERENCE)
            except services.ConsentStatementChanged:
                form.add_error("consent_data_use", ParticipantForm.STATEMENT_CHANGED)
                statement = selectors.consent_statement_current(
                    organisation=request.user.organisation
                )
            else:
                request.session.setdefault("genie_created", {})[
                    request.POST.get("form_token", "")
                ] = str(participant.pk)
                request.session.modified = True
                return redirect("participant_detail", participant_id=participant.pk)
    return render(
        request,
        "genie/participant_form.html",
        {
            "form": form,
            "form_token": request.POST.get("form_token") or uuid.uuid4(),
            "consent_statement": statement,
        },
    )


@require_GET
def participant_detail(request, participant_id):
    participant = selectors.participant_get(user=request.user, participant_id=participant_id)
    sessions = selectors.participant_sessions(user=request.user, participant=participant)
    return render(
        request,
        "genie/participant_detail.html",
        {
            "participant": participant,
            "sessions": sessions,
            "sign_in": selectors.participant_sign_in_state(participant=participant),
            "issued_code": own_views.issued_code(request, participant.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def participant_edit(request, participant_id):
    participant = selectors.participant_get(user=request.user, participant_id=participant_id)
    statement = selectors.consent_statement_current(organisation=participant.organisation)
    form = ParticipantForm(
        request.POST or None,
        instance=participant,
        organisation=participant.organisation,
        consent_statement=statement,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                user=request.user,
                participant=participant,
                data=form.participant_data(),
                consent_statement=statement,
            )
        except services.ConsentStatementChanged:
            form.add_error("consent_data_use", ParticipantForm.STATEMENT_CHANGED)
            statement = selectors.consent_statement_current(organisation=participant.organisation)
        else:
            return redirect("participant_detail", participant_id=participant.pk)
    return render(
        request,
        "genie/participant_form.html",
        {"form": form, "participant": participant, "consent_statement": statement},
    )


@require_GET
def participant_export(request, participant_id):
    """Subject access request: everything held about one participant, as JSON."""
    participant = selectors.participant_get(user=request.user, participant_id=participant_id)
    data = services.participant_export_record(user=request.user, participant=participant)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="genie-participant.json"'
    return response


@require_POST
def session_start(request, participant_id):
    """Start a session (first or follow-up) with the wellbeing measures, which can be
    skipped; a session already in progress resumes where it was."""
    participant = selectors.participant_get(user=request.user, participant_id=participant_id)
    session = services.session_start(user=request.user, participant=participant)
    if not session.wellbeing_offered:
        return redirect("wellbeing", session_id=session.pk)
    return HttpResponseRedirect(stage_url(session, session.stage))


@require_GET
def session_resume(request, session_id):
    session = selectors.session_get(user=request.user, session_id=session_id)
    return HttpResponseRedirect(stage_url(session, session.stage))


@require_POST
def session_reopen(request, session_id):
    """Its facilitator reopens a finished session for changes (audited)."""
    session = selectors.session_get(user=request.user, session_id=session_id)
    try:
        session = services.session_reopen(user=request.user, session=session)
    except services.SessionNotReopenable as refused:
        messages.error(request, str(refused))
        return redirect("participant_detail", participant_id=session.participant_id)
    messages.success(
        request, "The session is reopened: it can be changed until it is finished again."
    )
    return HttpResponseRedirect(stage_url(session, session.stage))


@require_POST
def stay_signed_in(request):
    """The sign-out warning's "Stay signed in": renews the idle timeout now."""
    session_renew(request)
    return HttpResponse(status=204)


@login_not_required
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except (OperationalError, InterfaceError):
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "degraded", "database": database}, status=status
    )


def not_found(request, exception=None):
    return TemplateResponse(request, "404.html", status=404).render()


def forbidden(request, exception=None):
    return TemplateResponse(request, "403.html", status=403).render()


@login_not_required
def server_error(request):
    # Rendered without context processors: the database may be what failed.
    # Django calls this inside its exception handler, so the error is at hand.
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", type(error).__name__)
        return HttpResponse(
            loader.get_template("503.html").render(), status=503, headers={"Retry-After": "30"}
        )
    return HttpResponseServerError(loader.get_template("500.html").render())


NO_MATCH = "That code did not match. Check the app and try the newest code"
THROTTLED = "Too many wrong codes. Wait a minute, then enter the newest code from the app"
ALREADY_SET_UP = (
    "You already have two-factor sign-in. Enter a code from your authenticator app or a "
    "recovery code first. If you have lost both, ask an administrator to reset it."
)


def _refuse_enrolment(request):
    two_factor.enrolment_refused_record(request=request)
    messages.warning(request, ALREADY_SET_UP)
    return redirect("two_factor_verify")


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator: the first one, or (from a verified session) a replacement."""
    device = two_factor.two_factor_device_pending(request=request)
    if device is None:
        return _refuse_enrolment(request)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.two_factor_device_confirm(
            request=request, token=form.cleaned_data["code"]
        )
        if outcome.result == two_factor.REFUSED:
            return _refuse_enrolment(request)
        if outcome.ok:
            request.session[two_factor.RECOVERY_CODES_TO_SHOW] = outcome.recovery_codes
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect("two_factor_recovery")
        form.add_error("code", THROTTLED if outcome.result == two_factor.THROTTLED else NO_MATCH)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_for_display(device),
            "replacing": request.user.is_verified(),
        },
    )


@require_GET
def two_factor_qr(request):
    """The QR code for the pending authenticator, as an SVG image (never cached)."""
    device = two_factor.two_factor_device_pending(request=request)
    if device is None:
        return _refuse_enrolment(request)
    response = HttpResponse(content_type="image/svg+xml")
    write_qrcode_image(device.config_url, response)
    return response


@require_http_methods(["GET", "POST"])
def two_factor_recovery(request):
    """The recovery codes, shown once after set-up; POST issues a new set."""
    if not request.user.is_verified():
        return redirect(
            "two_factor_verify" if two_factor.has_confirmed_device(request.user) else "home"
        )
    if request.method == "POST":
        request.session[two_factor.RECOVERY_CODES_TO_SHOW] = two_factor.recovery_codes_issue(
            request=request
        )
        return redirect("two_factor_recovery")
    codes = request.session.pop(two_factor.RECOVERY_CODES_TO_SHOW, None)
    return render(request, "registration/two_factor_recovery.html", {"codes": codes})


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if not two_factor.has_confirmed_device(request.user):
        # Reset by an admin since this session began: set up again (if required).
        request.session[two_factor.HAS_AUTHENTICATOR] = False
        return redirect("home")
    form = TwoFactorVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.two_factor_verify(request=request, token=form.cleaned_data["code"])
        if outcome.ok:
            if outcome.recovery_codes_left is not None:
                messages.warning(
                    request,
                    f"You used a recovery code: {outcome.recovery_codes_left} left. "
                    "If you have lost your phone, set up your authenticator app again now.",
                )
                return redirect("two_factor_recovery")
            return redirect("home")
        form.add_error("code", THROTTLED if outcome.result == two_factor.THROTTLED else NO_MATCH)
    return render(request, "registration/two_factor_verify.html", {"form": form})


@require_http_methods(["GET", "POST"])
def wellbeing(request, session_id):
    session = selectors.session_get(user=request.user, session_id=session_id)
    measures = selectors.session_wellbeing(session=session)
    initial = {field: getattr(measures, field) for field in FIELDS} if measures else {}
    if request.method == "POST" and "skip" in request.POST:
        services.wellbeing_skip(session=session)
        return redirect(stage_url(session, session.stage))
    form = WellbeingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.wellbeing_record(user=request.user, session=session, data=form.measures_data())
        messages.success(request, "Wellbeing measures saved.")
        return redirect(stage_url(session, session.stage))
    return render_stage(
        request,
        "genie/wellbeing.html",
        session=session,
        stage=WELLBEING_STEP,
        context={"form": form, "measures": measures},
    )
