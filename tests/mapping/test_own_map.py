"""The participant redraws their own map between sessions; the facilitator sees the
redraw, compared with the last session's map, at the follow-up (#20)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from genie.models import AuditEvent
from mapping import services as mapping_services
from mapping.models import MemberKind, OwnMap
from tests.factories import own_sign_in
from tests.mapping.factories import NetworkMemberFactory


@pytest.fixture
def members(session):
    snapshot = mapping_services.snapshot_open(session=session)
    jo = NetworkMemberFactory(snapshot=snapshot, label="Jo", circle="middle", note="STAFF NOTE")
    sam = NetworkMemberFactory(snapshot=snapshot, label="Sam", circle="outer")
    session.completed_at = timezone.now()
    session.save()
    return jo, sam


@pytest.fixture
def own_client(participant):
    return own_sign_in(participant)


def redraw(client, members, **extra):
    jo, sam = members
    kind = MemberKind.objects.get(code="friend")
    data = {f"m-{jo.pk}": "inner", f"m-{sam.pk}": "gone"}
    data.update({"new-1-label": "Choir friends", "new-1-kind": kind.pk, "new-1-circle": "outer"})
    data.update(extra)
    return client.post(reverse("own_redraw"), data)


def test_redraw_makes_a_new_map_marked_as_theirs(own_client, members, participant):
    page = own_client.get(reverse("own_redraw")).content.decode()
    assert "Jo" in page and "STAFF NOTE" not in page
    assert redraw(own_client, members)["Location"] == reverse("own_map")
    own_map = OwnMap.objects.get(participant=participant)
    assert sorted((m.label, m.circle) for m in own_map.members.all()) == [
        ("Choir friends", "outer"),
        ("Jo", "inner"),
    ]
    assert own_map.members.get(label="Jo").lineage == members[0].lineage
    assert AuditEvent.objects.filter(what="own map redraw", action="created").exists()
    shown = own_client.get(reverse("own_map")).content.decode()
    assert "Redrawn by you on" in shown and "Choir friends" in shown and "Sam" not in shown


@pytest.mark.parametrize(
    "extra",
    [
        {"new-1-circle": ""},
        {"new-1-label": "x" * 61},
        {"m-00000000-0000-0000-0000-000000000000": "inner", "new-1-circle": "space"},
    ],
)
def test_bad_redraws_are_explained_and_save_nothing(own_client, members, extra):
    response = redraw(own_client, members, **extra)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not OwnMap.objects.exists()


def test_a_missing_circle_for_a_member_is_explained(own_client, members):
    jo, _sam = members
    response = redraw(own_client, members, **{f"m-{jo.pk}": ""})
    assert "Choose a circle for Jo" in response.content.decode()


def test_facilitator_sees_the_redraw_at_the_follow_up(
    own_client, members, participant, facilitator_client
):
    redraw(own_client, members)
    facilitator_client.post(reverse("session_start", args=[participant.pk]))
    follow_up = participant.sessions.get(kind="follow-up")
    page = facilitator_client.get(reverse("review", args=[follow_up.pk])).content.decode()
    assert "redrew their map on" in page
    assert "Added Choir friends" in page
    assert "Moved Jo from the middle circle to the inner circle" in page
    assert "Sam is no longer on the map" in page


def test_own_download_includes_the_redraw(own_client, members):
    redraw(own_client, members)
    data = own_client.get(reverse("own_export")).json()
    assert data["own_maps"][0]["members"][0]["label"] in {"Jo", "Choir friends"}
