"""Every participant-level URL, for every role: another organisation's facilitator
gets 404, a commissioner 403, an admin gets through and is audited.

URLs are found by walking the URLconf, so new pages, fragments, exports and maps
are covered without editing this file."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from genie import roles
from genie.models import AuditEvent, User
from resources.models import ChosenActivity
from tests.factories import ParticipantFactory, SessionFactory
from tests.test_access import is_public, sample_urls

SCOPED_PARAMS = {"session_id", "participant_id"}


def request(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


@pytest.fixture
def matrix(session):
    """(name, url, has other parameters) for each URL taking a session or participant id.

    Other parameters (e.g. a member id) get random values, so even the owner may
    get a 404 for those; what matters here is who else can reach them.
    """
    values = {"session_id": session.pk, "participant_id": session.participant_id}
    urls = [
        (name, url, bool(params - SCOPED_PARAMS))
        for url, name, params in sample_urls(values)
        if params & SCOPED_PARAMS
    ]
    assert {"participant_detail", "session_resume", "network", "plan"} <= {u[0] for u in urls}
    return urls


def test_other_organisation_gets_404(client, other_facilitator, matrix):
    client.force_login(other_facilitator)
    for name, url, _other in matrix:
        assert request(client, url).status_code == 404, (name, url)


def test_commissioner_gets_403(client, commissioner_user, matrix):
    client.force_login(commissioner_user)
    for name, url, _other in matrix:
        assert request(client, url).status_code == 403, (name, url)


def test_admin_is_allowed_and_audited(client, admin, session, matrix):
    client.force_login(admin)
    for name, url, other_params in matrix:
        status = request(client, url).status_code
        allowed = {200, 302} | ({404} if other_params else set())
        assert status in allowed, (name, url, status)
    assert AuditEvent.objects.filter(
        actor=admin, participant_id=session.participant_id, action="viewed"
    ).exists()


# --- The participant role (#20): their own pages only ------------------------------


def participant_sign_in(participant):
    user = User.objects.create_user(username=f"own-{participant.pk}", participant=participant)
    user.groups.add(Group.objects.get_or_create(name=roles.PARTICIPANT)[0])
    return user


def test_participant_role_gets_403_on_every_staff_page_even_their_own_record(
    client, session, matrix
):
    client.force_login(participant_sign_in(session.participant))
    for name, url, _other in matrix:
        assert request(client, url).status_code == 403, (name, url)


def test_participant_role_reaches_no_other_page(client, participant):
    """Every URL outside their own pages: 403 (or 404 for a made-up id), never content."""
    client.force_login(participant_sign_in(participant))
    for url, name, params in sample_urls():
        if is_public(url, name) or url.startswith(("/me/", "/admin/", "/static/", "/tiles/")):
            continue
        if name in {"logout", "stay_signed_in", "home"} or name.startswith("two_factor"):
            continue  # their own sign-in's pages
        status = request(client, url).status_code
        # A referrer's own list answers 404 to everyone else (referrals.selectors).
        allowed = {403} | ({404} if params or name == "referral_mine" else set())
        assert status in allowed, (name, url, status)
    # The administration sends them to its own sign-in.
    assert client.get("/admin/").status_code == 302


def test_participant_role_gets_404_for_another_participants_activity(
    client, participant, organisation, facilitator_user
):
    other = ParticipantFactory(organisation=organisation, consent_recorded_by=facilitator_user)
    finished = SessionFactory(
        participant=other, facilitator=facilitator_user, completed_at=timezone.now()
    )
    theirs = ChosenActivity.objects.create(session=finished, name="Choir")
    client.force_login(participant_sign_in(participant))
    assert client.get(f"/me/activities/{theirs.pk}/").status_code == 404
    assert client.get("/me/plan/").status_code == 200
