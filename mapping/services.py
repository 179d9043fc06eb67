"""Writes for Stage 1. Each is one transaction; callers have scoped the session."""

import uuid

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from genie.models import Session
from mapping.layout import MAX_MEMBERS
from mapping.models import DroppedActivity, NetworkMember, NetworkSnapshot

COPIED_FIELDS = [
    "lineage",
    "label",
    "kind_id",
    "circle",
    "contact",
    "gives_illness_support",
    "gives_everyday_support",
    "gives_emotional_support",
    "note",
]


class StaleMember(Exception):
    """The member changed (or went) since the form was opened; nothing was saved."""

    def __init__(self, message: str, *, removed: bool = False):
        super().__init__(message)
        self.message = message
        self.removed = removed


class NetworkFull(Exception):
    pass


@transaction.atomic
def snapshot_open(*, session: Session) -> NetworkSnapshot:
    """The session's snapshot, started on first use.

    A follow-up's snapshot starts as a copy of the participant's latest one. The
    session row is locked so two tabs opening the page at once make one snapshot.
    """
    snapshot = NetworkSnapshot.objects.filter(session=session).first()
    if snapshot:
        return snapshot
    Session.objects.select_for_update().filter(pk=session.pk).first()
    source = (
        NetworkSnapshot.objects.filter(session__participant_id=session.participant_id)
        .exclude(session=session)
        .order_by("-session__started_at")
        .first()
    )
    snapshot, created = NetworkSnapshot.objects.get_or_create(
        session=session, defaults={"copied_from": source}
    )
    if created and source:
        NetworkMember.objects.bulk_create(
            NetworkMember(
                snapshot=snapshot, **{field: getattr(member, field) for field in COPIED_FIELDS}
            )
            for member in source.members.filter(removed_at__isnull=True)
        )
        # Activities given up are part of the picture too: carry them forward.
        for activity in source.session.dropped_activities.filter(
            taken_up_again_at__isnull=True
        ).prefetch_related("categories"):
            dropped_activity_add(
                session=session,
                description=activity.description,
                categories=activity.categories.all(),
            )
    return snapshot


@transaction.atomic
def member_add(*, snapshot: NetworkSnapshot, data: dict, add_token) -> None:
    """Add a member once: a repeated submit of the same form (same token) adds nothing."""
    if snapshot.members.filter(removed_at__isnull=True).count() >= MAX_MEMBERS:
        raise NetworkFull(
            f"This map already has {MAX_MEMBERS} members, the most it can show. "
            "Remove someone before adding more."
        )
    NetworkMember.objects.bulk_create(
        [NetworkMember(snapshot=snapshot, add_token=add_token, **data)], ignore_conflicts=True
    )


@transaction.atomic
def members_add(*, snapshot: NetworkSnapshot, labels: list[str], data: dict, add_token) -> int:
    """Add several members sharing ``data`` (kind, circle, contact), once: a repeated
    submit of the same form adds nothing. Returns how many were added."""
    active = snapshot.members.filter(removed_at__isnull=True).count()
    if active + len(labels) > MAX_MEMBERS:
        raise NetworkFull(
            f"This map has {active} members and can show at most {MAX_MEMBERS}: "
            f"add at most {MAX_MEMBERS - active} more."
        )
    created = NetworkMember.objects.bulk_create(
        [
            NetworkMember(
                snapshot=snapshot,
                label=label,
                add_token=uuid.uuid5(add_token, str(index)),
                **data,
            )
            for index, label in enumerate(labels)
        ],
        ignore_conflicts=True,
    )
    return len(created)


def _change(*, snapshot, member_id, version=None, **changes) -> int:
    members = NetworkMember.objects.filter(snapshot=snapshot, pk=member_id)
    if version is not None:
        # An edit or move applies only to the member exactly as the form showed it.
        members = members.filter(version=version, removed_at__isnull=True)
    return members.update(**changes, version=F("version") + 1, updated_at=timezone.now())


def _explain_stale(*, snapshot, member_id) -> StaleMember:
    member = NetworkMember.objects.filter(snapshot=snapshot, pk=member_id).first()
    if member is None:
        raise Http404("No such network member.")
    if member.removed_at:
        return StaleMember(
            f"{member.label} was removed from the map in another window, so this change "
            "was not saved. You can add them again.",
            removed=True,
        )
    return StaleMember(
        f"{member.label} was changed in another window while this form was open, so your "
        "change was not saved. The latest details are shown: check them and save again."
    )


@transaction.atomic
def member_update(*, snapshot: NetworkSnapshot, member_id, version: int, data: dict) -> None:
    """Save an edit made from a form that showed ``version`` of the member."""
    if not _change(snapshot=snapshot, member_id=member_id, version=version, **data):
        raise _explain_stale(snapshot=snapshot, member_id=member_id)


@transaction.atomic
def member_move(*, snapshot: NetworkSnapshot, member_id, version: int, circle: str) -> None:
    """Move a member to another circle (the closer / further buttons)."""
    if not _change(snapshot=snapshot, member_id=member_id, version=version, circle=circle):
        raise _explain_stale(snapshot=snapshot, member_id=member_id)


@transaction.atomic
def member_remove(*, snapshot: NetworkSnapshot, member_id) -> None:
    """Take a member off the map; removing one already removed changes nothing."""
    if not _change(snapshot=snapshot, member_id=member_id, removed_at=timezone.now()):
        raise Http404("No such network member.")


@transaction.atomic
def member_restore(*, snapshot: NetworkSnapshot, member_id) -> None:
    """Undo a removal."""
    if not _change(snapshot=snapshot, member_id=member_id, removed_at=None):
        raise Http404("No such network member.")


@transaction.atomic
def dropped_activity_add(*, session: Session, description: str, categories) -> DroppedActivity:
    activity = DroppedActivity.objects.create(session=session, description=description)
    activity.categories.set(categories)
    return activity


@transaction.atomic
def dropped_activity_remove(*, session: Session, activity_id) -> None:
    DroppedActivity.objects.filter(session=session, pk=activity_id).delete()


@transaction.atomic
def dropped_activity_mark(*, session: Session, activity_id, taken_up: bool) -> DroppedActivity:
    """Mark a dropped activity as taken up again (or undo that)."""
    activity = DroppedActivity.objects.filter(session=session, pk=activity_id).first()
    if activity is None:
        raise Http404("No such activity.")
    activity.taken_up_again_at = timezone.now() if taken_up else None
    activity.save(update_fields=["taken_up_again_at"])
    return activity
