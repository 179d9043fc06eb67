"""This app's part of a participant's subject access export (see genie/privacy.py).

Everything held, including notes and members removed from a map (kept for Undo).
"""

from django.db.models import Prefetch

from mapping.models import DroppedActivity, NetworkMember, NetworkSnapshot, OwnMap, OwnMapMember


def export_participant(*, participant) -> dict:
    snapshots = (
        NetworkSnapshot.objects.filter(session__participant=participant)
        .select_related("session")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=NetworkMember.objects.select_related("kind").order_by("created_at", "id"),
            )
        )
        .order_by("session__started_at")
    )
    activities = (
        DroppedActivity.objects.filter(session__participant=participant)
        .prefetch_related("categories")
        .order_by("created_at")
    )
    return {
        "network_maps": [
            {
                "session_id": str(snapshot.session_id),
                "created_at": snapshot.created_at.isoformat(),
                "members": [
                    {
                        "label": member.label,
                        "kind": member.kind.name,
                        "circle": member.get_circle_display(),
                        "contact": member.get_contact_display(),
                        "support": member.supports,
                        "note": member.note,
                        "removed_at": member.removed_at.isoformat() if member.removed_at else None,
                    }
                    for member in snapshot.members.all()
                ],
            }
            for snapshot in snapshots
        ],
        "dropped_activities": [
            {
                "session_id": str(activity.session_id),
                "description": activity.description,
                "categories": [category.name for category in activity.categories.all()],
            }
            for activity in activities
        ],
        # Maps the participant redrew from their own sign-in (#20).
        "own_maps": [
            {
                "created_at": own_map.created_at.isoformat(),
                "members": [
                    {
                        "label": member.label,
                        "kind": member.kind.name,
                        "circle": member.get_circle_display(),
                    }
                    for member in own_map.members.all()
                ],
            }
            for own_map in OwnMap.objects.filter(participant=participant)
            .prefetch_related(
                Prefetch("members", queryset=OwnMapMember.objects.select_related("kind"))
            )
            .order_by("created_at")
        ],
    }
