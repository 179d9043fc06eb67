"""A finished session is read-only everywhere until its facilitator reopens it (#14, finding 8)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.urls import reverse

from genie import services as genie_services
from genie.models import AuditEvent, Session, WellbeingMeasures
from mapping import services as mapping_services
from mapping.models import DroppedActivity, NetworkMember
from questionnaire import selectors as questionnaire_selectors
from questionnaire.models import PracticalConstraints, Response
from resources.models import ActivityOutcome, ChosenActivity
from resources.services import choice_remove
from tests.factories import WellbeingMeasuresFactory, facilitator
from tests.genie.test_wellbeing import ALL_ANSWERED
from tests.mapping.factories import NetworkMemberFactory
from tests.resources.factories import listing

READ_ONLY = "This session is finished, so nothing in it can be changed."


@pytest.fixture
def finished(session):
    """A finished first session with a member, a dropped activity, answers and a choice."""
    snapshot = mapping_services.snapshot_open(session=session)
    member = NetworkMemberFactory(snapshot=snapshot, label="Dave")
    NetworkMemberFactory(snapshot=snapshot, label="Gone", removed_at="2026-01-01T00:00Z")
    mapping_services.dropped_activity_add(session=session, description="Choir", categories=[])
    chosen = ChosenActivity.objects.create(
        session=session, service_at_location=listing("Walking group"), name="Walking group"
    )
    WellbeingMeasuresFactory(session=session)
    genie_services.session_complete(session=session)
    session.refresh_from_db()
    return {"session": session, "member": member, "chosen": chosen}


def state(session):
    """Everything a change to the session could touch."""
    return {
        "members": sorted(
            NetworkMember.objects.filter(snapshot__session=session).values_list(
                "label", "circle", "removed_at", "version"
            )
        ),
        "dropped": list(DroppedActivity.objects.filter(session=session).values_list("description")),
        "responses": Response.objects.filter(session=session).count(),
        "constraints": PracticalConstraints.objects.filter(session=session).count(),
        "choices": list(
            ChosenActivity.objects.filter(session=session).values_list("name", "companion_label")
        ),
        "wellbeing": list(
            WellbeingMeasures.objects.filter(session=session).values_list("life_satisfaction")
        ),
        "completed_at": Session.objects.get(pk=session.pk).completed_at,
    }


def actions(finished):
    """Every write a stage page offers, as (url name, extra url args, POST data)."""
    session, member, chosen = finished["session"], finished["member"], finished["chosen"]
    gone = NetworkMember.objects.get(label="Gone")
    dropped = DroppedActivity.objects.get(session=session)
    member_form = {
        "label": "Eve",
        "kind": "friend",
        "circle": "inner",
        "contact": "weekly",
        "support": ["emotional"],
    }
    question = questionnaire_selectors.session_progress(session=session).question(1)
    return [
        ("network_member_add", [], {**member_form, "add_token": str(uuid.uuid4())}),
        ("network_member_edit", [member.pk], {**member_form, "version": member.version}),
        ("network_member_move", [member.pk], {"circle": "outer", "version": member.version}),
        ("network_member_remove", [member.pk], {}),
        ("network_member_restore", [gone.pk], {}),
        ("network_dropped_add", [], {"description": "Bowls"}),
        ("network_dropped_remove", [dropped.pk], {}),
        ("preferences_question", [1], {"answer": question.options[0].pk}),
        (
            "preferences_constraints",
            [],
            {"distance": "5", "free_only": "no", "step_free": "no"},
        ),
        ("opportunity_choose", [], {"service_at_location": listing("Choir").pk}),
        ("opportunity_choice_remove", [chosen.pk], {}),
        ("opportunity_choice_companion", [chosen.pk], {"companion": ""}),
        ("wellbeing", [], {**ALL_ANSWERED, "life_satisfaction": "1"}),
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_every_action_on_a_finished_session_changes_nothing_and_says_why(
    finished, facilitator_client, htmx
):
    session = finished["session"]
    before = state(session)
    page = reverse("network", args=[session.pk])
    for name, args, data in actions(finished):
        url = reverse(name, args=[session.pk, *args])
        headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{page}"}
        response = facilitator_client.post(
            url, data, **(headers if htmx else {"HTTP_REFERER": f"http://testserver{page}"})
        )
        assert response.status_code in (200, 302), name
        if response.status_code == 200 and "HX-Redirect" not in response:
            # Stage 2 explains in its own form's error summary, Stage 3 in place.
            assert READ_ONLY in response.content.decode(), name
        else:
            # Back to the page (Stage 3 goes back to its list), which says why.
            location = response.get("HX-Redirect") or response["Location"]
            assert location.split("#")[0] in (page, reverse("opportunities", args=[session.pk]))
            shown = facilitator_client.get(location).content.decode()
            assert READ_ONLY in shown, name
        assert state(session) == before, name


def test_finished_pages_are_read_only_and_offer_reopening_to_its_facilitator(
    finished, facilitator_client
):
    session = finished["session"]
    network = facilitator_client.get(reverse("network", args=[session.pk])).content.decode()
    assert "It is read-only: nothing in it can be changed." in network
    assert "Reopen this session" in network
    assert "Add to the map" not in network
    assert reverse("network_member_remove", args=[session.pk, finished["member"].pk]) not in network
    stage3 = facilitator_client.get(reverse("opportunities", args=[session.pk])).content.decode()
    assert "It is read-only" in stage3
    assert reverse("opportunity_choice_remove", args=[session.pk, finished["chosen"].pk]) not in (
        stage3
    )
    assert reverse("opportunity_choose", args=[session.pk]) not in stage3
    plan = facilitator_client.get(reverse("plan", args=[session.pk])).content.decode()
    assert "Change the choices" not in plan and "Reopen this session" in plan


def test_its_facilitator_reopens_a_finished_session_and_it_is_audited(
    finished, facilitator_client, facilitator_user
):
    session = finished["session"]
    response = facilitator_client.post(reverse("session_reopen", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.completed_at is None
    assert AuditEvent.objects.filter(
        actor=facilitator_user,
        participant_id=session.participant_id,
        action=AuditEvent.Action.CHANGED,
        what="session reopened",
    ).exists()
    # Open again: changes are saved.
    facilitator_client.post(
        reverse("network_dropped_add", args=[session.pk]), {"description": "Bowls"}
    )
    assert DroppedActivity.objects.filter(session=session, description="Bowls").exists()


def test_only_its_facilitator_can_reopen_and_never_under_a_later_session(
    finished, client, organisation, facilitator_user
):
    session = finished["session"]
    colleague = facilitator(username="cole", organisation=organisation)
    client.force_login(colleague)
    page = client.get(reverse("network", args=[session.pk])).content.decode()
    assert "Only its facilitator can reopen it." in page
    client.post(reverse("session_reopen", args=[session.pk]))
    session.refresh_from_db()
    assert session.completed_at is not None

    follow_up = genie_services.session_start(user=facilitator_user, participant=session.participant)
    genie_services.session_complete(session=follow_up)
    client.force_login(facilitator_user)
    response = client.post(reverse("session_reopen", args=[session.pk]), follow=True)
    assert "A later session follows this one" in response.content.decode()
    session.refresh_from_db()
    assert session.completed_at is not None


def test_a_follow_up_outcome_is_never_deleted_by_removing_its_choice(finished, facilitator_user):
    session, chosen = finished["session"], finished["chosen"]
    follow_up = genie_services.session_start(user=facilitator_user, participant=session.participant)
    ActivityOutcome.objects.create(session=follow_up, chosen_activity=chosen, status="tried")
    # Even with the first session open again (in the database), the choice stays.
    Session.objects.filter(pk=session.pk).update(completed_at=None)
    with pytest.raises(ValidationError, match="recorded at a follow-up"):
        choice_remove(session=session, choice_id=chosen.pk)
    with pytest.raises(RestrictedError):
        chosen.delete()
    assert ActivityOutcome.objects.filter(chosen_activity=chosen).count() == 1
    # Erasing the participant still removes everything.
    genie_services.participant_erase(user=facilitator_user, participant=session.participant)
    assert not ActivityOutcome.objects.exists() and not ChosenActivity.objects.exists()


def test_a_finished_follow_up_keeps_its_review_as_it_was(finished, facilitator_client):
    session, chosen = finished["session"], finished["chosen"]
    follow_up = genie_services.session_start(
        user=session.facilitator, participant=session.participant
    )
    genie_services.session_complete(session=follow_up)
    response = facilitator_client.post(
        reverse("review", args=[follow_up.pk]),
        {f"{chosen.pk}-status": "tried", f"{chosen.pk}-note": ""},
        HTTP_REFERER=f"http://testserver{reverse('review', args=[follow_up.pk])}",
    )
    assert response.status_code == 302
    assert READ_ONLY in facilitator_client.get(response["Location"]).content.decode()
    assert not ActivityOutcome.objects.exists()
