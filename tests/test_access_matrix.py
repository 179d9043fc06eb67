"""Every participant-level URL, for every role: another organisation's facilitator
gets 404, a commissioner 403, an admin gets through and is audited.

URLs are found by walking the URLconf, so new pages, fragments, exports and maps
are covered without editing this file."""

import pytest

from genie.models import AuditEvent
from tests.test_access import sample_urls

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
