"""The receiving organisation's inbox: triage, contact, and a referral becomes a participant."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from genie.models import AuditEvent, Participant
from genie.services import participant_erase
from referrals.models import Referral, Status
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db

PARTICIPANT_FORM = {
    "reference": "REF-001",
    "first_name": "Doreen",
    "postcode": "SO17",
    "age_band": "75-84",
    "gender": "woman",
    "consent_data_use": "on",
    "consent_version": "1",
}


def test_the_inbox_lists_open_referrals_overdue_first(facilitator_client, organisation, referral):
    overdue = ReferralFactory(
        organisation=organisation,
        first_name="Winston",
        first_contact_due=timezone.localdate() - timedelta(days=1),
    )
    ReferralFactory(organisation=organisation, first_name="Lionel", status=Status.DECLINED)
    # Booked, with an earlier due date, but contact was made: not overdue.
    ReferralFactory(
        organisation=organisation,
        first_name="Agnes",
        status=Status.BOOKED,
        first_contact_due=timezone.localdate() - timedelta(days=5),
    )
    page = facilitator_client.get(reverse("referral_inbox")).content.decode()
    assert page.index("Winston") < page.index("Agnes") < page.index("Doreen")
    assert "Overdue" in page
    assert "Lionel" not in page
    everything = facilitator_client.get(reverse("referral_inbox"), {"show": "all"})
    assert "Lionel" in everything.content.decode()
    assert overdue.pk


def test_other_organisations_commissioners_and_referrers_cannot_read_a_referral(
    client, referral, other_facilitator, commissioner_user, referrer_user
):
    url = reverse("referral_detail", args=[referral.pk])
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "note", "note-text": "hi"}).status_code == 404
    assert "Doreen" not in client.get(reverse("referral_inbox")).content.decode()
    for user in (commissioner_user, referrer_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("referral_inbox")).status_code == 403


def test_reading_a_referral_is_audited(facilitator_client, facilitator_user, referral):
    page = facilitator_client.get(reverse("referral_detail", args=[referral.pk])).content.decode()
    assert "07700 900123" in page
    assert AuditEvent.objects.filter(
        referral_id=referral.pk, actor=facilitator_user, action="viewed"
    ).exists()


def test_a_status_change_records_first_contact_a_note_and_an_audit(
    facilitator_client, facilitator_user, referral
):
    url = reverse("referral_detail", args=[referral.pk])
    response = facilitator_client.post(
        url, {"action": "status", "status-status": "contacted", "status-note": "Rang, keen"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.CONTACTED
    assert referral.first_contacted_at is not None
    page = facilitator_client.get(url).content.decode()
    assert "Rang, keen" in page and "Status updated" in page
    assert AuditEvent.objects.filter(
        referral_id=referral.pk, action="changed", what="status"
    ).exists()


def test_notes_and_assignment(facilitator_client, facilitator_user, referral):
    url = reverse("referral_detail", args=[referral.pk])
    facilitator_client.post(url, {"action": "note", "note-text": "Left a voicemail"})
    facilitator_client.post(url, {"action": "assign", "assign-assigned_to": facilitator_user.pk})
    referral.refresh_from_db()
    assert referral.assigned_to == facilitator_user
    assert referral.notes.get().text == "Left a voicemail"
    inbox = facilitator_client.get(reverse("referral_inbox")).content.decode()
    assert facilitator_user.get_full_name() in inbox


def test_bad_actions_get_messages_not_errors(facilitator_client, referral, other_facilitator):
    url = reverse("referral_detail", args=[referral.pk])
    for data in (
        {"action": "status", "status-status": "participant"},
        {"action": "status", "status-status": "nonsense"},
        {"action": "note", "note-text": ""},
        {"action": "note", "note-text": "x" * 5000},
        {"action": "assign", "assign-assigned_to": other_facilitator.pk},
        {"action": "unknown"},
    ):
        response = facilitator_client.post(url, data)
        assert response.status_code == 200, data
    referral.refresh_from_db()
    assert referral.status == Status.NEW and referral.assigned_to is None
    assert not referral.notes.exists()


def test_a_referral_becomes_a_participant_with_consent_at_the_first_session(
    facilitator_client, referral
):
    url = reverse("referral_convert", args=[referral.pk])
    page = facilitator_client.get(url).content.decode()
    assert 'value="Doreen"' in page and 'value="SO17"' in page
    no_consent = {k: v for k, v in PARTICIPANT_FORM.items() if k != "consent_data_use"}
    assert "must agree" in facilitator_client.post(url, no_consent).content.decode()
    assert not Participant.objects.exists()
    response = facilitator_client.post(url, PARTICIPANT_FORM)
    participant = Participant.objects.get()
    assert response["Location"] == reverse("participant_detail", args=[participant.pk])
    referral.refresh_from_db()
    assert referral.participant == participant and referral.status == Status.PARTICIPANT
    # A second tab or a double submit lands on the same participant.
    again = facilitator_client.post(url, {**PARTICIPANT_FORM, "reference": "REF-002"})
    assert again["Location"] == response["Location"]
    assert Participant.objects.count() == 1
    # And a session starts from there as for anyone else.
    started = facilitator_client.post(reverse("session_start", args=[participant.pk]))
    assert started.status_code == 302 and participant.sessions.count() == 1


def test_erasing_the_participant_erases_the_referral_and_export_includes_it(
    facilitator_client, facilitator_user, referral
):
    facilitator_client.post(reverse("referral_convert", args=[referral.pk]), PARTICIPANT_FORM)
    participant = Participant.objects.get()
    export = facilitator_client.get(reverse("participant_export", args=[participant.pk])).json()
    assert export["referral"]["phone"] == "07700 900123"
    participant_erase(user=facilitator_user, participant=participant)
    assert not Referral.objects.exists()


def test_a_referrer_sees_the_status_of_their_own_referrals_only(
    client, referrer_user, organisation
):
    mine = ReferralFactory(
        organisation=organisation, referred_by=referrer_user, first_name="Agnes", status="booked"
    )
    ReferralFactory(organisation=organisation, first_name="Someone")
    client.force_login(referrer_user)
    page = client.get(reverse("referral_mine")).content.decode()
    assert "Agnes" in page and "Session booked" in page and organisation.name in page
    assert "Someone" not in page
    assert "07700" not in page  # contact details stay with the service
    assert client.get(reverse("referral_detail", args=[mine.pk])).status_code == 403
    assert client.get(reverse("home"))["Location"] == reverse("referral_mine")


def test_facilitators_have_no_referrer_list(facilitator_client):
    assert facilitator_client.get(reverse("referral_mine")).status_code == 404


def test_referrals_that_did_not_become_participants_are_erased_after_the_period(
    settings, organisation, facilitator_client
):
    settings.REFERRAL_RETENTION_DAYS = 30
    old = ReferralFactory(organisation=organisation)
    recent = ReferralFactory(organisation=organisation, first_name="Recent")
    converted = ReferralFactory(organisation=organisation, first_name="Joined")
    facilitator_client.post(reverse("referral_convert", args=[converted.pk]), PARTICIPANT_FORM)
    Referral.objects.filter(pk__in=[old.pk, converted.pk]).update(
        received_at=timezone.now() - timedelta(days=31)
    )
    call_command("purge_expired", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Referral.objects.values_list("pk", flat=True)) == {recent.pk, converted.pk}
    assert AuditEvent.objects.filter(referral_id=old.pk, action="erased").exists()
