import re
from unittest import mock

import pytest
from django.urls import reverse

from genie.forms import ParticipantForm
from genie.models import Participant, Session
from tests.factories import ParticipantFactory, SessionFactory

PARTICIPANT_FORM = {
    "reference": "NEW-1",
    "first_name": "Maggie",
    "postcode": "SO17 1BJ",
    "age_band": "75-84",
    "gender": "woman",
    "consent_data_use": "on",
    "consent_version": "1",
}


def test_anonymous_user_is_sent_to_login(client, participant):
    response = client.get(reverse("participant_detail", args=[participant.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_health_endpoint_is_public_and_reports_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_login_page_signs_a_facilitator_in(client, facilitator_user):
    response = client.post(
        reverse("login"), {"username": "faye", "password": "correct-horse-battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("participant_list")
    assert "Participants" in response.content.decode()


def test_wrong_password_shows_error_summary(client, facilitator_user):
    response = client.post(reverse("login"), {"username": "faye", "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_add_participant_then_start_session(facilitator_client, facilitator_user):
    response = facilitator_client.post(reverse("participant_create"), PARTICIPANT_FORM)
    participant = Participant.objects.get(reference="NEW-1")
    assert response["Location"] == reverse("participant_detail", args=[participant.pk])
    assert participant.postcode_district == "SO17"
    assert participant.organisation == facilitator_user.organisation
    assert participant.consent_recorded_by == facilitator_user

    # A new session opens with the wellbeing measures, which go on to the network.
    response = facilitator_client.post(reverse("session_start", args=[participant.pk]))
    session = Session.objects.get(participant=participant)
    assert response["Location"] == reverse("wellbeing", args=[session.pk])
    assert "Skip these questions" in facilitator_client.get(response["Location"]).content.decode()
    response = facilitator_client.post(reverse("wellbeing", args=[session.pk]), {"skip": "yes"})
    assert response["Location"] == reverse("network", args=[session.pk])
    page = facilitator_client.get(response["Location"]).content.decode()
    assert 'aria-current="step"' in page
    assert "Your network" in page


def test_invalid_participant_form_keeps_input_and_lists_errors(facilitator_client):
    data = dict(PARTICIPANT_FORM, postcode="NOWHERE", first_name="Maggie <b>")
    del data["consent_data_use"]
    response = facilitator_client.post(reverse("participant_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_postcode"' in page
    assert "Enter a real UK postcode" in page
    assert "must agree" in page
    assert 'value="Maggie &lt;b&gt;"' in page  # kept, and escaped
    assert 'value="NOWHERE"' in page
    assert not Participant.objects.exists()


def test_double_submitted_start_gives_one_session(facilitator_client, participant):
    url = reverse("session_start", args=[participant.pk])
    first = facilitator_client.post(url)
    second = facilitator_client.post(url)
    assert first["Location"] == second["Location"]
    assert participant.sessions.count() == 1


def test_resume_returns_to_the_reached_stage(facilitator_client, session):
    session.stage = "opportunities"
    session.save()
    response = facilitator_client.get(reverse("session_resume", args=[session.pk]))
    assert response["Location"] == reverse("opportunities", args=[session.pk])


def participant_urls(participant, session):
    return [
        reverse("participant_detail", args=[participant.pk]),
        reverse("participant_edit", args=[participant.pk]),
        reverse("session_resume", args=[session.pk]),
        reverse("network", args=[session.pk]),
        reverse("preferences", args=[session.pk]),
        reverse("opportunities", args=[session.pk]),
        reverse("plan", args=[session.pk]),
    ]


def test_other_organisation_gets_404_everywhere(client, other_facilitator, participant, session):
    client.force_login(other_facilitator)
    for url in participant_urls(participant, session):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("session_start", args=[participant.pk])).status_code == 404


def test_commissioner_gets_403_everywhere(client, commissioner_user, participant, session):
    client.force_login(commissioner_user)
    for url in [
        *participant_urls(participant, session),
        reverse("participant_list"),
        reverse("participant_create"),
    ]:
        assert client.get(url).status_code == 403, url
    page = client.get(reverse("participant_list")).content.decode()
    assert participant.reference not in page


def test_commissioner_lands_on_evidence(client, commissioner_user):
    client.force_login(commissioner_user)
    assert client.get(reverse("home"))["Location"] == reverse("evidence_home")


def test_participant_search_fragment_for_htmx(facilitator_client, organisation):
    ParticipantFactory(organisation=organisation, reference="FIND-ME")
    ParticipantFactory(organisation=organisation, reference="HIDE-ME")
    response = facilitator_client.post(
        reverse("participant_list"), {"q": "find"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="participant-results">')
    assert "FIND-ME" in page and "HIDE-ME" not in page
    assert "<html" not in page


@pytest.mark.parametrize("rows", [1, 30])
def test_participant_list_query_count_is_constant(
    facilitator_client, facilitator_user, organisation, django_assert_max_num_queries, rows
):
    for n in range(rows):
        participant = ParticipantFactory(organisation=organisation, first_name=f"Pat{n}")
        SessionFactory(participant=participant, facilitator=facilitator_user)  # unfinished
    # 9: the page's count is one query, whatever the number of rows, and each
    # card of a session in progress comes with the sessions' one query.
    with django_assert_max_num_queries(9):
        page = facilitator_client.get(reverse("participant_list")).content.decode()
    cards = re.findall(r'<li class="nhsuk-card[^"]*">(.*?)</li>', page, re.S)
    assert len(cards) == min(rows, 20)
    card = " ".join(cards[0].split())
    assert f"Resume: Pat{rows - 1} (" in card
    assert "First session, at “" in card
    assert f"by {facilitator_user.get_full_name()}." in card


def test_personal_pages_are_never_cached(facilitator_client, participant):
    response = facilitator_client.get(reverse("participant_detail", args=[participant.pk]))
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_csp_forbids_inline_and_eval_scripts(facilitator_client):
    csp = facilitator_client.get(reverse("participant_list"))["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'self'" in csp


def test_double_submitted_new_participant_is_created_once(facilitator_client):
    data = dict(PARTICIPANT_FORM, form_token="token-1")
    first = facilitator_client.post(reverse("participant_create"), data)
    second = facilitator_client.post(reverse("participant_create"), data)
    assert first["Location"] == second["Location"]
    assert Participant.objects.filter(reference="NEW-1").count() == 1


def test_reference_taken_by_a_simultaneous_request_is_explained(facilitator_client, organisation):
    ParticipantFactory(organisation=organisation, reference="NEW-1")
    # As if the other request saved its participant after this form was checked.
    with mock.patch.object(ParticipantForm, "clean_reference", lambda form: "NEW-1"):
        response = facilitator_client.post(reverse("participant_create"), PARTICIPANT_FORM)
    assert response.status_code == 200
    assert ParticipantForm.DUPLICATE_REFERENCE in response.content.decode()
    assert 'value="Maggie"' in response.content.decode()
    assert Participant.objects.filter(reference="NEW-1").count() == 1


def test_stage_indicator_shows_start_and_each_stage_in_order(facilitator_client, session):
    session.stage = "preferences"
    session.save()
    # The stage entry sends the user on to the next unanswered question.
    page = facilitator_client.get(reverse("preferences", args=[session.pk]), follow=True)
    page = page.content.decode()
    labels = ["Start", "Your network", "What you enjoy", "Local opportunities", "Plan"]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    # Reached stages are links; the current one is marked; later ones are not links.
    assert f'href="{reverse("network", args=[session.pk])}"' in page
    assert 'aria-current="step"' in page
    assert f'href="{reverse("plan", args=[session.pk])}"' not in page


def test_search_keeps_names_out_of_urls(facilitator_client, organisation):
    ParticipantFactory(organisation=organisation, reference="FIND-ME", first_name="Maggie")
    page = facilitator_client.get(reverse("participant_list")).content.decode()
    assert 'method="post"' in page and "hx-post=" in page
    # Without JavaScript the posted search shows the full page with the result.
    response = facilitator_client.post(reverse("participant_list"), {"q": "maggie"})
    assert "FIND-ME" in response.content.decode()


def test_personal_fields_are_not_kept_by_browser_autofill(facilitator_client):
    page = facilitator_client.get(reverse("participant_create")).content.decode()
    for name in ("reference", "first_name", "postcode", "other_conditions"):
        tag = page.split(f'name="{name}"')[1].split(">")[0]
        before = page.split(f'name="{name}"')[0].rsplit("<", 1)[1]
        assert 'autocomplete="off"' in before + tag, name


def _references(page: str) -> list[str]:
    return re.findall(r">(P-\d{4})</a>", page)


def test_the_participant_list_comes_in_pages_of_its_own_organisation(
    facilitator_client, organisation, other_organisation
):
    for n in range(60):
        ParticipantFactory(organisation=organisation, reference=f"P-{n:04d}")
    ParticipantFactory(organisation=other_organisation, reference="P-9999")
    first = facilitator_client.get(reverse("participant_list")).content.decode()
    assert _references(first) == [f"P-{n:04d}" for n in range(25)]
    assert "Page 1 of 3" in first and "of 60" in first
    assert 'href="?page=2"' in first
    last = facilitator_client.get(reverse("participant_list"), {"page": 3}).content.decode()
    assert _references(last) == [f"P-{n:04d}" for n in range(50, 60)]
    assert "P-9999" not in first + last
    # Out of range or nonsense pages get a page, never an error.
    for page in ("99", "0", "-1", "abc", "9" * 30):
        response = facilitator_client.get(reverse("participant_list"), {"page": page})
        assert response.status_code == 200, page


def test_a_searched_list_pages_by_post_so_the_search_stays_out_of_urls(
    facilitator_client, organisation
):
    for n in range(30):
        ParticipantFactory(organisation=organisation, reference=f"P-{n:04d}", first_name="Maggie")
    ParticipantFactory(organisation=organisation, reference="P-5000", first_name="Ray")
    page = facilitator_client.post(reverse("participant_list"), {"q": "maggie"}).content.decode()
    assert len(_references(page)) == 25 and "of 30" in page
    assert "?page=" not in page  # the next page is a posted button carrying the search
    second = facilitator_client.post(
        reverse("participant_list"), {"q": "maggie", "page": "2"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert _references(second) == [f"P-{n:04d}" for n in range(25, 30)]
    # A search in a link is ignored, not run.
    linked = facilitator_client.get(reverse("participant_list"), {"q": "ray"}).content.decode()
    assert "of 31" in linked  # everyone, unfiltered


def test_a_page_stays_small_and_costs_the_same_queries_however_many_participants(
    facilitator_client, organisation, django_assert_max_num_queries
):
    ParticipantFactory.create_batch(300, organisation=organisation, first_name="Christabel-Anne")
    with django_assert_max_num_queries(9):
        response = facilitator_client.get(reverse("participant_list"))
    assert len(response.content) < 50_000
