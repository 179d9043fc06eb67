import json

from django.urls import reverse

from mapping import services
from tests.mapping.factories import NetworkMemberFactory


def test_subject_access_export_holds_the_maps_notes_and_dropped_activities(
    facilitator_client, session
):
    snapshot = services.snapshot_open(session=session)
    NetworkMemberFactory(snapshot=snapshot, label="Dave <b>", note="Husband")
    gone = NetworkMemberFactory(snapshot=snapshot, label="Gone")
    services.member_remove(snapshot=snapshot, member_id=gone.pk)
    services.dropped_activity_add(session=session, description="Choir", categories=[])
    response = facilitator_client.get(reverse("participant_export", args=[session.participant_id]))
    data = json.loads(response.content)
    (network,) = data["network_maps"]
    assert [(m["label"], m["note"]) for m in network["members"]] == [
        ("Dave <b>", "Husband"),
        ("Gone", ""),
    ]
    assert network["members"][1]["removed_at"]
    assert data["dropped_activities"][0]["description"] == "Choir"
