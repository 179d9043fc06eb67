"""What every signed-in request costs before its view (#21): the session row and
the user with their organisation and roles, read in two queries; the session
row written only when something changed or once a minute for the idle timeout."""

from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from genie import roles
from genie.middleware import SessionLifetimeMiddleware

NOT_FOUND = "/no-such-page/"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def test_a_signed_in_request_reads_the_session_and_the_user_with_roles_in_two_queries(
    facilitator_client, facilitator_user
):
    facilitator_client.get(NOT_FOUND)  # the first request renews the idle timeout
    response, statements = queries_for(facilitator_client, NOT_FOUND)
    assert response.status_code == 404
    # The layout shows the name, organisation and the role's menu: all from those two.
    page = response.content.decode()
    assert facilitator_user.organisation.name in page
    assert reverse("participant_list") in page
    assert len(statements) == 2, statements
    assert "django_session" in statements[0]
    assert "genie_organisation" in statements[1] and "auth_group" in statements[1]


def test_the_session_row_is_written_once_a_minute_not_on_every_request(
    facilitator_client, settings
):
    facilitator_client.get(NOT_FOUND)
    key = facilitator_client.session.session_key
    renewed = DjangoSession.objects.get(pk=key).expire_date
    for _ in range(3):
        _, statements = queries_for(facilitator_client, NOT_FOUND)
        assert not any(s.startswith(("UPDATE", "INSERT")) for s in statements), statements
    assert DjangoSession.objects.get(pk=key).expire_date == renewed

    # A minute later the next request renews the idle timeout.
    stored = facilitator_client.session
    stored[SessionLifetimeMiddleware.RENEWED_KEY] -= settings.SESSION_RENEW_SECONDS
    stored.save()
    before = DjangoSession.objects.get(pk=key).expire_date
    _, statements = queries_for(facilitator_client, NOT_FOUND)
    assert any(s.startswith("UPDATE") for s in statements)
    assert DjangoSession.objects.get(pk=key).expire_date > before


def test_the_countdown_never_promises_more_than_the_server_keeps(facilitator_client, settings):
    settings.SESSION_COOKIE_AGE = 1800
    page = facilitator_client.get(reverse("participant_list")).content.decode()
    # Renewed up to a minute before this page, so the page counts 29 minutes.
    assert f'data-idle-seconds="{1800 - settings.SESSION_RENEW_SECONDS}"' in page


def test_a_role_taken_away_ends_access_at_the_next_request(facilitator_client, facilitator_user):
    assert facilitator_client.get(reverse("participant_list")).status_code == 200
    facilitator_user.groups.clear()
    assert facilitator_client.get(reverse("participant_list")).status_code == 403


def test_only_groups_named_as_roles_count(client, django_user_model, organisation):
    user = django_user_model.objects.create_user(
        "gil", password="a long test password", organisation=organisation
    )
    user.groups.add(Group.objects.create(name=f"volunteers,{roles.ADMIN}"))
    user.groups.add(Group.objects.create(name=f"{roles.FACILITATOR} "))
    client.force_login(user)
    assert client.get(reverse("participant_list")).status_code == 403
    assert client.get(reverse("admin:index")).status_code in (302, 403)
