"""The consent statement: written by admins, versioned, read in full, recorded with consent."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from genie.models import ConsentStatement, Participant
from tests.factories import ParticipantFactory

NEW = {
    "reference": "NEW-1",
    "first_name": "Maggie",
    "postcode": "SO17 1BJ",
    "age_band": "75-84",
    "gender": "woman",
    "consent_data_use": "on",
}
V2_DATA_USE = "We keep your answers to help you.\n\nYou can ask us to delete them at any time."


@pytest.fixture
def admin_client(admin):
    # Its own browser: the facilitator signs in with the ``client`` fixture.
    client = Client()
    client.force_login(admin)
    return client


def publish(client, organisation, data_use=V2_DATA_USE, case_study="Only with your say-so."):
    return client.post(
        reverse("admin:genie_consentstatement_add"),
        {"organisation": organisation.pk, "data_use": data_use, "case_study": case_study},
    )


def test_the_form_shows_genies_statement_in_full_and_consent_records_it(
    facilitator_client, organisation
):
    page = facilitator_client.get(reverse("participant_create")).content.decode()
    assert "Itchen Community Connect consent statement" in page
    assert "Version 1" in page
    assert "At Itchen Community Connect we use Genie" in page
    assert "never for fewer than five" in page
    assert "You can say no and still use the service." in page  # the case-study part
    assert 'name="consent_version" value="1"' in page

    facilitator_client.post(reverse("participant_create"), dict(NEW, consent_version="1"))
    participant = Participant.objects.get(reference="NEW-1")
    statement = participant.consent_statement
    assert (statement.organisation, statement.version) == (organisation, 1)
    assert statement.data_use.startswith("At Itchen Community Connect we use Genie")
    # The participant's page says which version was agreed to.
    detail = facilitator_client.get(reverse("participant_detail", args=[participant.pk]))
    assert "to consent statement version 1" in detail.content.decode()


def test_an_admin_publishes_a_new_version_and_old_consent_keeps_its_own(
    admin_client, facilitator_client, organisation
):
    facilitator_client.post(reverse("participant_create"), dict(NEW, consent_version="1"))
    first = Participant.objects.get(reference="NEW-1")
    # The add form starts from the wording in use.
    add = admin_client.get(
        reverse("admin:genie_consentstatement_add") + f"?organisation={organisation.pk}"
    )
    assert "At Itchen Community Connect we use Genie" in add.content.decode()

    response = publish(admin_client, organisation)
    assert response.status_code == 302
    assert list(
        ConsentStatement.objects.filter(organisation=organisation).values_list("version", flat=True)
    ) == [2, 1]  # Genie's own, then the admin's
    first.refresh_from_db()
    assert first.consent_statement.version == 1
    assert first.consent_statement.data_use.startswith("At Itchen Community Connect")

    page = facilitator_client.get(reverse("participant_create")).content.decode()
    assert "Version 2" in page
    assert "<p>We keep your answers to help you.</p>" in page  # paragraphs kept
    assert "At Itchen Community Connect we use Genie" not in page
    facilitator_client.post(
        reverse("participant_create"), dict(NEW, reference="NEW-2", consent_version="2")
    )
    assert Participant.objects.get(reference="NEW-2").consent_statement.version == 2


def test_a_published_version_cannot_be_changed_or_deleted(admin_client, organisation):
    publish(admin_client, organisation)
    statement = ConsentStatement.objects.get(organisation=organisation, version=2)
    admin_client.post(
        reverse("admin:genie_consentstatement_change", args=[statement.pk]),
        {"organisation": organisation.pk, "data_use": "Changed!", "case_study": "Changed!"},
    )
    statement.refresh_from_db()
    assert statement.data_use == V2_DATA_USE
    response = admin_client.post(
        reverse("admin:genie_consentstatement_delete", args=[statement.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ConsentStatement.objects.filter(pk=statement.pk).exists()


def test_consent_to_a_statement_replaced_meanwhile_is_refused_and_nothing_is_lost(
    admin_client, facilitator_client, organisation
):
    # The facilitator opened the form on version 1; an admin published version 2.
    publish(admin_client, organisation)
    response = facilitator_client.post(
        reverse("participant_create"), dict(NEW, consent_version="1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The consent statement has just been updated" in page
    assert "<p>We keep your answers to help you.</p>" in page
    assert 'name="consent_version" value="2"' in page
    assert 'value="Maggie"' in page  # what was typed is kept
    assert not Participant.objects.filter(reference="NEW-1").exists()


def test_changing_consent_records_the_current_version_and_other_changes_keep_it(
    admin_client, facilitator_client, organisation, facilitator_user
):
    participant = ParticipantFactory(
        organisation=organisation, consent_recorded_by=facilitator_user, reference="OLD-1"
    )
    assert participant.consent_statement is None  # recorded before statements had versions
    publish(admin_client, organisation)
    edit = reverse("participant_edit", args=[participant.pk])
    form = {
        "reference": "OLD-1",
        "postcode": "SO17",
        "age_band": participant.age_band,
        "gender": participant.gender,
        "consent_data_use": "on",
        "consent_version": "2",
    }
    facilitator_client.post(edit, dict(form, first_name="Patricia"))
    participant.refresh_from_db()
    assert participant.consent_statement is None  # consent itself unchanged
    before = participant.consent_recorded_at
    facilitator_client.post(edit, dict(form, consent_case_study="on"))
    participant.refresh_from_db()
    assert participant.consent_case_study is True
    assert participant.consent_statement.version == 2
    assert participant.consent_recorded_at > before


def test_the_subject_access_export_holds_the_statement_agreed_to(facilitator_client, organisation):
    facilitator_client.post(reverse("participant_create"), dict(NEW, consent_version="1"))
    participant = Participant.objects.get(reference="NEW-1")
    response = facilitator_client.get(reverse("participant_export", args=[participant.pk]))
    consent = json.loads(response.content)["participant"]["consent"]
    assert consent["statement"]["version"] == 1
    assert consent["statement"]["data_use"].startswith("At Itchen Community Connect we use")
    assert "You can say no and still use the service." in consent["statement"]["case_study"]
