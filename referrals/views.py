"""Referral pages: the public form, the receiving organisation's inbox, and the
referrer's own list. Thin: validate, call one service or selector, render."""

import uuid

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from genie import roles
from genie import selectors as genie_selectors
from genie import services as genie_services
from genie.forms import ParticipantForm
from referrals import selectors, services
from referrals.forms import (
    InboxFilterForm,
    ReferralAssignForm,
    ReferralForm,
    ReferralNoteForm,
    ReferralStatusForm,
)


def _client(group, request):
    # The same client address as the sign-in lockout, so the proxy setting applies.
    return get_client_ip_address(request) or "unknown"


@login_not_required
@require_GET
def refer_choose(request):
    organisations = selectors.receiving_organisations()
    return render(request, "referrals/choose.html", {"organisations": organisations})


@login_not_required
@require_http_methods(["GET", "POST"])
def refer(request, organisation_id):
    organisation = selectors.receiving_organisation_get(organisation_id=organisation_id)
    referrer = request.user if roles.is_referrer(request.user) else None
    form = ReferralForm(request.POST or None, referrer=referrer)
    status = 200
    if request.method == "POST":
        token = request.POST.get("form_token", "")
        sent = request.session.get("genie_referrals_sent", [])
        if token and token in sent:
            # A double click or a resent form: the referral was already made once.
            return redirect("refer_thanks", organisation_id=organisation.pk)
        if is_ratelimited(
            request, group="referral", key=_client, rate=settings.REFERRAL_RATE, increment=True
        ):
            form.add_error(
                None,
                "Too many referrals have been sent from this connection. Please try again "
                "in an hour, or telephone the service.",
            )
            status = 429
        elif form.is_bot:
            # Said to have worked, so a bot learns nothing; nothing is saved.
            return redirect("refer_thanks", organisation_id=organisation.pk)
        elif form.is_valid():
            services.referral_submit(
                organisation=organisation,
                data=form.referral_data(),
                referrer=referrer,
                send_confirmation=form.cleaned_data["send_confirmation"],
            )
            request.session["genie_referrals_sent"] = [*sent[-20:], token]
            return redirect("refer_thanks", organisation_id=organisation.pk)
    context = {
        "form": form,
        "organisation": organisation,
        "referrer": referrer,
        "form_token": request.POST.get("form_token") or uuid.uuid4(),
        "retention_months": max(1, settings.REFERRAL_RETENTION_DAYS // 30),
    }
    return render(request, "referrals/refer.html", context, status=status)


@login_not_required
@require_GET
def refer_thanks(request, organisation_id):
    organisation = selectors.receiving_organisation_get(organisation_id=organisation_id)
    context = {
        "organisation": organisation,
        "usual_days": selectors.usual_days_to_contact(organisation=organisation),
        "target_days": settings.REFERRAL_FIRST_CONTACT_DAYS,
        "referrer": roles.is_referrer(request.user),
    }
    return render(request, "referrals/thanks.html", context)


@require_GET
def referral_inbox(request):
    filter_form = InboxFilterForm(request.GET or None)
    referrals = selectors.referral_inbox(user=request.user, statuses=filter_form.statuses())
    context = {"filter_form": filter_form, "referrals": referrals[:300]}
    template = "referrals/inbox.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


ACTIONS = {"status": ReferralStatusForm, "note": ReferralNoteForm, "assign": ReferralAssignForm}


@require_http_methods(["GET", "POST"])
def referral_detail(request, referral_id):
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    facilitators = selectors.facilitators_for(referral=referral)
    forms = {
        "status": ReferralStatusForm(initial={"status": referral.status}, prefix="status"),
        "note": ReferralNoteForm(prefix="note"),
        "assign": ReferralAssignForm(
            initial={"assigned_to": referral.assigned_to_id},
            facilitators=facilitators,
            prefix="assign",
        ),
    }
    action = request.POST.get("action")
    if request.method == "POST" and action in ACTIONS:
        extra = {"facilitators": facilitators} if action == "assign" else {}
        form = ACTIONS[action](request.POST, prefix=action, **extra)
        forms[action] = form
        if form.is_valid():
            try:
                _apply(action, request.user, referral, form.cleaned_data)
            except services.ReferralClosed:
                messages.error(request, "This referral became a participant: it is closed.")
            else:
                messages.success(request, _DONE[action])
            return redirect("referral_detail", referral_id=referral.pk)
    context = {
        "referral": referral,
        "notes": selectors.referral_notes(referral=referral),
        "overdue": selectors.is_overdue(referral),
        "forms": forms,
        "form": forms.get(action) if action in ACTIONS else None,
    }
    return render(request, "referrals/detail.html", context)


_DONE = {"status": "Status updated", "note": "Note added", "assign": "Assignment saved"}


def _apply(action, user, referral, data):
    if action == "status":
        services.referral_status_change(
            user=user, referral=referral, status=data["status"], note=data["note"]
        )
    elif action == "note":
        services.referral_note_add(user=user, referral=referral, text=data["text"])
    else:
        services.referral_assign(user=user, referral=referral, assignee=data["assigned_to"])


@require_http_methods(["GET", "POST"])
def referral_convert(request, referral_id):
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    if referral.participant_id:
        return redirect("participant_detail", participant_id=referral.participant_id)
    if request.user.organisation_id != referral.organisation_id:
        # An admin from outside the organisation cannot add its participants.
        return render(request, "genie/no_role.html", status=403)
    statement = genie_selectors.consent_statement_current(organisation=request.user.organisation)
    form = ParticipantForm(
        request.POST or None,
        organisation=request.user.organisation,
        consent_statement=statement,
        initial={"first_name": referral.first_name, "postcode": referral.postcode_district},
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.referral_convert(
                user=request.user,
                referral=referral,
                data=form.participant_data(),
                consent_statement=statement,
            )
        except IntegrityError:
            form.add_error("reference", ParticipantForm.DUPLICATE_REFERENCE)
        except genie_services.ConsentStatementChanged:
            form.add_error("consent_data_use", ParticipantForm.STATEMENT_CHANGED)
            statement = genie_selectors.consent_statement_current(
                organisation=request.user.organisation
            )
        else:
            messages.success(request, "Participant added from the referral")
            return redirect("participant_detail", participant_id=participant.pk)
    context = {
        "form": form,
        "from_referral": referral,
        "form_token": uuid.uuid4(),
        "consent_statement": statement,
    }
    return render(request, "genie/participant_form.html", context)


@require_GET
def referral_mine(request):
    referrals = selectors.referrals_made_by(user=request.user)
    return render(request, "referrals/mine.html", {"referrals": referrals[:200]})
