from datetime import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from genie.models import Condition, Session
from tests.factories import ParticipantFactory, SessionFactory, WellbeingMeasuresFactory


def consenting_participant(organisation, facilitator_user):
    participant = ParticipantFactory(
        organisation=organisation,
        consent_recorded_by=facilitator_user,
        consent_case_study=True,
        reference="CASE-ZEBRA-41",
        first_name="Philomena",
        postcode_district="SO53",
        age_band="75-84",
        other_conditions="Rare Quokka syndrome",
    )
    participant.conditions.set([Condition.objects.create(name="Tinnitus (test)")])
    first = SessionFactory(participant=participant, facilitator=facilitator_user)
    follow_up = SessionFactory(
        participant=participant,
        facilitator=facilitator_user,
        kind=Session.Kind.FOLLOW_UP,
        previous=first,
        completed_at=timezone.now(),
    )
    Session.objects.filter(pk=first.pk).update(
        started_at=timezone.make_aware(datetime(2026, 2, 17, 10, 30))
    )
    Session.objects.filter(pk=follow_up.pk).update(
        started_at=timezone.make_aware(datetime(2026, 5, 19, 11, 0))
    )
    WellbeingMeasuresFactory(session=first, life_satisfaction=3)
    WellbeingMeasuresFactory(session=follow_up, life_satisfaction=8)
    return participant


def test_case_study_shows_only_anonymised_details(
    facilitator_client, organisation, facilitator_user
):
    participant = consenting_participant(organisation, facilitator_user)
    response = facilitator_client.get(reverse("case_study", args=[participant.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "75 to 84" in page
    assert "Tinnitus (test)" in page
    assert "February 2026" in page and "May 2026" in page
    assert "Life satisfaction" in page
    for secret in [
        "CASE-ZEBRA-41",
        "Philomena",
        "SO53",
        "Quokka",
        "17 February",
        "19 May",
        "2026-02-17",
    ]:
        assert secret not in page, secret


def test_without_consent_a_clear_page_and_nothing_else(facilitator_client, participant):
    response = facilitator_client.get(reverse("case_study", args=[participant.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "A case study needs consent" in page
    assert participant.reference not in page
    assert participant.postcode_district not in page


def test_admin_may_open_it_other_organisations_and_commissioners_not(
    client, admin, other_facilitator, commissioner_user, organisation, facilitator_user
):
    participant = consenting_participant(organisation, facilitator_user)
    url = reverse("case_study", args=[participant.pk])
    client.force_login(admin)
    assert client.get(url).status_code == 200
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404
    client.force_login(commissioner_user)
    assert client.get(url).status_code == 403


def test_link_includes_for_the_lead_owned_pages(participant, session):
    link = render_to_string("genie/_wellbeing_link.html", {"session": session})
    assert reverse("wellbeing", args=[session.pk]) in link
    assert (
        render_to_string("genie/_case_study_link.html", {"participant": participant}).strip() == ""
    )  # no consent: no link
    participant.consent_case_study = True
    link = render_to_string("genie/_case_study_link.html", {"participant": participant})
    assert reverse("case_study", args=[participant.pk]) in link
