import json
from datetime import timedelta
from io import StringIO

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from genie.models import AuditEvent, Participant
from tests.factories import SessionFactory


def test_subject_access_export_holds_the_record_and_is_audited(
    facilitator_client, facilitator_user, participant
):
    SessionFactory(participant=participant, facilitator=facilitator_user)
    response = facilitator_client.get(reverse("participant_export", args=[participant.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["participant"]["reference"] == participant.reference
    assert data["participant"]["postcode_district"] == "SO17"
    assert len(data["sessions"]) == 1
    assert AuditEvent.objects.filter(
        participant_id=participant.pk, action="exported", actor=facilitator_user
    ).exists()


def test_hostile_text_is_exported_intact(facilitator_client, participant):
    participant.first_name = "</script><svg onload=alert(1)> ‮ `${x}` 🌻"
    participant.save()
    response = facilitator_client.get(reverse("participant_export", args=[participant.pk]))
    assert json.loads(response.content)["participant"]["first_name"] == participant.first_name


def test_admin_erases_from_the_administration_pages(client, admin, participant):
    client.force_login(admin)
    changelist = reverse("admin:genie_participant_changelist")
    assert "delete_selected" not in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "erase_selected", "_selected_action": [participant.pk]}
    )
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert AuditEvent.objects.filter(participant_id=participant.pk, action="erased").exists()


def test_admin_viewing_a_participant_in_administration_is_audited(client, admin, participant):
    client.force_login(admin)
    client.get(reverse("admin:genie_participant_change", args=[participant.pk]))
    assert AuditEvent.objects.filter(
        participant_id=participant.pk, actor=admin, what="administration"
    ).exists()


def test_facilitators_and_commissioners_cannot_reach_administration(
    client, facilitator_user, commissioner_user
):
    for user in (facilitator_user, commissioner_user):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_subject_access_export_covers_every_stage(facilitator_client, session):
    """Network, answers, constraints, choices and wellbeing all come out."""
    from genie.models import WellbeingMeasures
    from questionnaire import selectors as questionnaire_selectors
    from questionnaire import services as questionnaire_services
    from resources import services as resources_services
    from tests.mapping.factories import NetworkMemberFactory, NetworkSnapshotFactory
    from tests.resources.factories import listing

    snapshot = NetworkSnapshotFactory(session=session)
    NetworkMemberFactory(snapshot=snapshot, label="Dave-the-neighbour")
    question = questionnaire_selectors.session_progress(session=session).question(1)
    questionnaire_services.response_record(
        session=session, item=question.item, option=question.options[-1]
    )
    questionnaire_services.constraints_save(
        session=session,
        data={
            "max_distance_km": 3.0,
            "travel_modes": ["bus"],
            "free_only": True,
            "step_free": False,
            "days": ["TU"],
            "times_of_day": ["morning"],
        },
    )
    resources_services.choice_add(
        session=session, service_at_location_id=listing("Lakeside singing circle").pk
    )
    WellbeingMeasures.objects.create(session=session, life_satisfaction=7)

    response = facilitator_client.get(reverse("participant_export", args=[session.participant_id]))
    text = response.content.decode()
    for expected in ("Dave-the-neighbour", question.item.text, "Lakeside singing circle"):
        assert expected in text, expected
    data = json.loads(text)
    assert data["chosen_activities"][0]["activity"] == "Lakeside singing circle"
    assert data["wellbeing_measures"][0]["life_satisfaction"] == 7


def admin_change_data(participant, **changes):
    """The administration change form for a participant, as posted with Save."""
    return {
        "organisation": participant.organisation_id,
        "reference": participant.reference,
        "first_name": participant.first_name,
        "postcode_district": participant.postcode_district,
        "age_band": participant.age_band,
        "gender": participant.gender,
        "other_conditions": "",
        "consent_data_use": "on",
        "_save": "Save",
        **changes,
    }


def test_erasure_scrubs_the_reference_from_the_administration_history(client, admin, participant):
    session = SessionFactory(participant=participant)
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[session], action_flag=CHANGE, change_message="[]"
    )
    client.force_login(admin)
    change = reverse("admin:genie_participant_change", args=[participant.pk])
    response = client.post(
        change, admin_change_data(participant, first_name="Patricia"), follow=True
    )
    assert "was changed successfully" in response.content.decode()
    history = LogEntry.objects.filter(object_id=str(participant.pk))
    assert history.get().object_repr == "REF-1"  # Django names the object by its reference
    client.post(
        reverse("admin:genie_participant_changelist"),
        {"action": "erase_selected", "_selected_action": [participant.pk]},
    )
    assert "REF-1" not in client.get(reverse("admin:index")).content.decode()  # Recent actions
    entry = history.get()  # who changed something, and when, is kept
    assert entry.user == admin
    assert "REF-1" not in f"{entry.object_repr} {entry.change_message}"
    assert not LogEntry.objects.filter(object_repr__icontains="REF-1").exists()
    session_entry = LogEntry.objects.get(object_id=str(session.pk))
    assert session_entry.object_repr == "Session of an erased participant"


def test_retention_erasure_scrubs_the_administration_history_too(admin, participant, settings):
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[participant], action_flag=CHANGE, change_message="[]"
    )
    settings.RETENTION_DAYS = 30
    Participant.objects.filter(pk=participant.pk).update(
        updated_at=timezone.now() - timedelta(days=31)
    )
    call_command("purge_expired", stdout=StringIO())
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert not LogEntry.objects.filter(object_repr__icontains="REF-1").exists()


def test_admin_finds_a_participant_by_a_posted_reference_never_in_the_url(
    client, admin, participant
):
    client.force_login(admin)
    changelist = client.get(reverse("admin:genie_participant_changelist")).content.decode()
    assert 'name="q"' not in changelist  # Django's search box would put it in the URL
    find = reverse("admin:genie_participant_find")
    assert f'href="{find}"' in changelist
    assert 'method="post"' in client.get(find).content.decode()

    page = client.post(find, {"reference": " ref-1 "}).content.decode()
    assert reverse("admin:genie_participant_change", args=[participant.pk]) in page
    assert AuditEvent.objects.filter(
        participant_id=participant.pk, actor=admin, action="viewed", what="administration search"
    ).exists()
    assert (
        "No participant has that reference"
        in client.post(find, {"reference": "X"}).content.decode()
    )
    assert "Enter a reference" in client.post(find, {"reference": ""}).content.decode()


def test_a_consent_change_in_administration_records_who_and_when(client, admin, participant):
    client.force_login(admin)
    change = reverse("admin:genie_participant_change", args=[participant.pk])
    client.post(change, admin_change_data(participant, consent_case_study="on"))
    participant.refresh_from_db()
    assert participant.consent_case_study
    assert participant.consent_recorded_by == admin
    assert AuditEvent.objects.filter(
        participant_id=participant.pk, actor=admin, action="changed", what="administration"
    ).exists()
