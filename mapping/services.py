"""Writes for Stage 1. Each is one transaction; callers have scoped the session.

``user`` is who made the change, for the audit trail (None only for demo data).
"""

import uuid

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from genie.audit import audit_record
from genie.models import AuditEvent, Session
from genie.services import session_lock_open
from mapping import export
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


def _audit(user, session, action, what) -> None:
    if user is not None:
        audit_record(user=user, participant=session.participant, action=action, what=what)


@transaction.atomic
def snapshot_open(*, session: Session, user=None) -> NetworkSnapshot:
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
    if created:
        _audit(user, session, AuditEvent.Action.CREATED, "network map")
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
            _dropped_activity_create(
                session=session,
                description=activity.description,
                categories=activity.categories.all(),
            )
    return snapshot


@transaction.atomic
def member_add(*, snapshot: NetworkSnapshot, data: dict, add_token, user=None) -> None:
    """Add a member once: a repeated submit of the same form (same token) adds nothing.

    The session row is locked first, so concurrent adds count one after another
    and the map never passes MAX_MEMBERS."""
    session_lock_open(session_id=snapshot.session_id)
    _require_room(snapshot)
    NetworkMember.objects.bulk_create(
        [NetworkMember(snapshot=snapshot, add_token=add_token, **data)], ignore_conflicts=True
    )
    _audit(user, snapshot.session, AuditEvent.Action.CREATED, "network member")


def _require_room(snapshot) -> None:
    if snapshot.members.filter(removed_at__isnull=True).count() >= MAX_MEMBERS:
        raise NetworkFull(
            f"This map already has {MAX_MEMBERS} members, the most it can show. "
            "Remove someone before adding more."
        )


@transaction.atomic
def members_add(
    *, snapshot: NetworkSnapshot, labels: list[str], data: dict, add_token, user=None
) -> int:
    """Add several members sharing ``data`` (kind, circle, contact), once: a repeated
    submit of the same form adds nothing. Returns how many were added."""
    session_lock_open(session_id=snapshot.session_id)
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
    _audit(user, snapshot.session, AuditEvent.Action.CREATED, "network members")
    return len(created)


def _change(*, snapshot, member_id, version=None, **changes) -> int:
    session_lock_open(session_id=snapshot.session_id)
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
def member_update(
    *, snapshot: NetworkSnapshot, member_id, version: int, data: dict, user=None
) -> None:
    """Save an edit made from a form that showed ``version`` of the member."""
    if not _change(snapshot=snapshot, member_id=member_id, version=version, **data):
        raise _explain_stale(snapshot=snapshot, member_id=member_id)
    _audit(user, snapshot.session, AuditEvent.Action.CHANGED, "network member")


@transaction.atomic
def member_move(
    *, snapshot: NetworkSnapshot, member_id, version: int, circle: str, user=None
) -> None:
    """Move a member to another circle (the closer / further buttons)."""
    if not _change(snapshot=snapshot, member_id=member_id, version=version, circle=circle):
        raise _explain_stale(snapshot=snapshot, member_id=member_id)
    _audit(user, snapshot.session, AuditEvent.Action.CHANGED, "network member moved")


@transaction.atomic
def member_remove(*, snapshot: NetworkSnapshot, member_id, user=None) -> None:
    """Take a member off the map; removing one already removed changes nothing."""
    if not _change(snapshot=snapshot, member_id=member_id, removed_at=timezone.now()):
        raise Http404("No such network member.")
    _audit(user, snapshot.session, AuditEvent.Action.CHANGED, "network member removed")


@transaction.atomic
def member_restore(*, snapshot: NetworkSnapshot, member_id, user=None) -> None:
    """Undo a removal, which needs room on the map like an add (checked after the
    update, under the session lock: going over the limit rolls the undo back)."""
    if not _change(snapshot=snapshot, member_id=member_id, removed_at=None):
        raise Http404("No such network member.")
    if snapshot.members.filter(removed_at__isnull=True).count() > MAX_MEMBERS:
        raise NetworkFull(
            f"This map already has {MAX_MEMBERS} members, the most it can show. "
            "Remove someone before putting this one back."
        )
    _audit(user, snapshot.session, AuditEvent.Action.CHANGED, "network member restored")


@transaction.atomic
def dropped_activity_add(
    *, session: Session, description: str, categories, user=None
) -> DroppedActivity:
    session_lock_open(session_id=session.pk)
    activity = _dropped_activity_create(
        session=session, description=description, categories=categories
    )
    _audit(user, session, AuditEvent.Action.CREATED, "dropped activity")
    return activity


def _dropped_activity_create(*, session, description, categories) -> DroppedActivity:
    activity = DroppedActivity.objects.create(session=session, description=description)
    activity.categories.set(categories)
    return activity


@transaction.atomic
def dropped_activity_remove(*, session: Session, activity_id, user=None) -> None:
    session_lock_open(session_id=session.pk)
    deleted, _ = DroppedActivity.objects.filter(session=session, pk=activity_id).delete()
    if deleted:
        _audit(user, session, AuditEvent.Action.DELETED, "dropped activity")


def network_export(*, user, session: Session, fmt: str, snapshots) -> tuple[str, str, str]:
    """A research export of the participant's snapshots (content, type, file name), audited."""
    _audit(user, session, AuditEvent.Action.EXPORTED, f"network export ({fmt})")
    return export.EXPORTS[fmt](session.participant, snapshots)


@transaction.atomic
def dropped_activity_mark(
    *, session: Session, activity_id, taken_up: bool, user=None
) -> DroppedActivity:
    """Mark a dropped activity as taken up again (or undo that)."""
    session_lock_open(session_id=session.pk)
    activity = DroppedActivity.objects.filter(session=session, pk=activity_id).first()
    if activity is None:
        raise Http404("No such activity.")
    activity.taken_up_again_at = timezone.now() if taken_up else None
    activity.save(update_fields=["taken_up_again_at"])
    _audit(user, session, AuditEvent.Action.CHANGED, "dropped activity taken up again")
    return activity
