"""Limits hold under concurrent requests (#14, finding 6): a map never passes its
150 members, a plan never passes three choices.

Real requests from threads, each with its own database connection and transaction,
started together. On PostgreSQL (CI) they truly overlap; SQLite serialises writes
anyway, so locally these run only against PostgreSQL (set DATABASE_URL).
"""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from mapping import services as mapping_services
from mapping.layout import MAX_MEMBERS
from mapping.models import NetworkMember
from resources.models import ChosenActivity
from tests.conftest import IN_CI
from tests.mapping.factories import kind
from tests.resources.factories import listing

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" and not IN_CI,
        reason="concurrent transactions need PostgreSQL (CI runs them there)",
    ),
]

REQUESTS = 10


def post_concurrently(user, requests: list[tuple[str, dict]]) -> list[int]:
    """POST each (url, data) from its own thread and client, all released at once."""
    barrier = threading.Barrier(len(requests))
    statuses = [None] * len(requests)
    clients = []
    for _ in requests:
        client = Client()
        client.force_login(user)
        clients.append(client)

    def send(index, client, url, data):
        try:
            barrier.wait(timeout=30)
            statuses[index] = client.post(url, data, headers={"HX-Request": "true"}).status_code
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=send, args=(index, client, url, data))
        for index, (client, (url, data)) in enumerate(zip(clients, requests, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_concurrent_adds_never_take_a_map_past_its_limit(session, facilitator_user):
    snapshot = mapping_services.snapshot_open(session=session)
    NetworkMember.objects.bulk_create(
        NetworkMember(snapshot=snapshot, label=f"M{i}", kind=kind("pet"), circle="outer")
        for i in range(MAX_MEMBERS - 5)
    )
    url = reverse("network_member_add", args=[session.pk])
    requests = [
        (
            url,
            {
                "label": f"New {n}",
                "kind": "friend",
                "circle": "inner",
                "contact": "weekly",
                "add_token": str(uuid.uuid4()),
            },
        )
        for n in range(REQUESTS)
    ]
    statuses = post_concurrently(facilitator_user, requests)
    assert statuses == [200] * REQUESTS  # the five refused are told so in the form
    assert snapshot.members.filter(removed_at__isnull=True).count() == MAX_MEMBERS
    assert snapshot.members.filter(label__startswith="New ").count() == 5


def test_concurrent_choices_never_pass_three(session, facilitator_user):
    listings = [listing(f"Activity {n}") for n in range(REQUESTS)]
    url = reverse("opportunity_choose", args=[session.pk])
    requests = [(url, {"service_at_location": str(sal.pk)}) for sal in listings]
    statuses = post_concurrently(facilitator_user, requests)
    assert statuses == [200] * REQUESTS
    assert ChosenActivity.objects.filter(session=session).count() == ChosenActivity.MAX_PER_SESSION
