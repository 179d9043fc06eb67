"""Nothing typed in a session is lost: server restarts and database failures."""

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

from mapping.models import DroppedActivity, NetworkMember


def fail_inserts_into(table):
    """A database that drops the connection when the given table is written to."""

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and table in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def test_database_failure_mid_write_rolls_back_and_says_so(facilitator_client, session):
    facilitator_client.raise_request_exception = False
    facilitator_client.get(reverse("network", args=[session.pk]))  # opens the snapshot
    data = {"description": "Choir", "categories": ["arts-crafts-music"]}
    # The activity row is written, then its categories: the second write fails.
    with connection.execute_wrapper(fail_inserts_into("droppedactivity_categories")):
        response = facilitator_client.post(reverse("network_dropped_add", args=[session.pk]), data)
    assert response.status_code == 503
    assert "Everything saved before this is safe" in response.content.decode()
    assert not DroppedActivity.objects.exists()  # no half-saved activity
    # Once the database is back, the same form goes through.
    facilitator_client.post(reverse("network_dropped_add", args=[session.pk]), data)
    assert DroppedActivity.objects.get().categories.get().code == "arts-crafts-music"


# A transactional test, so the "restart" can close real connections; its
# flush is undone for later tests by tests/conftest.py's seeded-rows restore.
@pytest.mark.django_db(transaction=True)
def test_a_server_restart_mid_session_loses_nothing(client, facilitator_user, session):
    client.force_login(facilitator_user)
    client.get(reverse("network", args=[session.pk]))
    add = client.get(reverse("network", args=[session.pk])).content.decode()
    token = add.split('name="add_token" value="')[1].split('"')[0]
    client.post(
        reverse("network_member_add", args=[session.pk]),
        {
            "label": "Dave",
            "kind": "family",
            "circle": "inner",
            "contact": "daily",
            "add_token": token,
        },
    )
    assert NetworkMember.objects.filter(label="Dave").exists()
    client.post(reverse("network", args=[session.pk]))  # Continue to Stage 2

    # "Restart": no process state survives; only the database and the cookie do.
    for alias in ("default", "local"):
        caches[alias].clear()
    connections.close_all()
    browser_again = Client()
    browser_again.cookies = client.cookies

    resumed = browser_again.get(reverse("session_resume", args=[session.pk]), follow=True)
    assert resumed.redirect_chain[0][0].startswith(reverse("preferences", args=[session.pk]))
    network = browser_again.get(reverse("network", args=[session.pk])).content.decode()
    assert "Dave" in network
