"""Reads of Stage 1. Callers have already scoped the session through
genie.selectors.session_get (another organisation's session is a 404)."""

from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

from django.db.models import Prefetch, QuerySet

from genie.models import Category, Participant, Session
from mapping.drawing import NetworkDrawing, TooManyMembers, draw_network
from mapping.feedback import (
    NetworkComparison,
    NetworkMetrics,
    NetworkType,
    compare_networks,
    network_metrics,
    network_type,
)
from mapping.models import DroppedActivity, MemberKind, NetworkMember, NetworkSnapshot


@dataclass(frozen=True)
class MemberSummary:
    id: str  # the network member's id
    label: str  # first name or initials, as typed
    kind: str  # the member kind's name, e.g. "Friend"


def session_network_members(*, session: Session) -> list[MemberSummary]:
    """Members of the session's network snapshot, e.g. for "who could come along"."""
    return [
        MemberSummary(id=str(member.pk), label=member.label, kind=member.kind.name)
        for member in _active_members()
        .filter(snapshot__session=session)
        .order_by("kind__order", "label")
    ]


# Kinds of member who are people (not professionals, groups, activities, pets or places).
PEOPLE_GROUPS = [MemberKind.Group.FAMILY, MemberKind.Group.PEOPLE]


def session_network_people(*, session: Session) -> list[MemberSummary]:
    """The people in the session's network (family, friends, neighbours, colleagues):
    who could come along to an activity. Not the GP, a group, a place or a pet."""
    return [
        MemberSummary(id=str(member.pk), label=member.label, kind=member.kind.name)
        for member in _active_members()
        .filter(snapshot__session=session, kind__group__in=PEOPLE_GROUPS)
        .order_by("kind__order", "label")
    ]


def session_dropped_activity_categories(*, session: Session) -> set[str]:
    """Category codes of activities the participant used to enjoy but has dropped."""
    return set(
        Category.objects.filter(
            dropped_activities__session=session,
            dropped_activities__taken_up_again_at__isnull=True,
        ).values_list("code", flat=True)
    )


def _active_members() -> QuerySet[NetworkMember]:
    return NetworkMember.objects.filter(removed_at__isnull=True).select_related("kind")


def snapshot_find(*, session: Session) -> NetworkSnapshot | None:
    snapshot = (
        NetworkSnapshot.objects.filter(session=session)
        .select_related("copied_from__session")
        .first()
    )
    if snapshot is not None:
        snapshot.session = session  # already read: no second query for it
    return snapshot


def member_kinds() -> list[MemberKind]:
    return list(MemberKind.objects.all())


def dropped_activities(*, session: Session) -> list[DroppedActivity]:
    return list(session.dropped_activities.prefetch_related("categories"))


def member_get(*, snapshot: NetworkSnapshot, member_id) -> NetworkMember | None:
    return _active_members().filter(snapshot=snapshot, pk=member_id).first()


def removed_member_get(*, snapshot: NetworkSnapshot, member_id) -> NetworkMember | None:
    return (
        NetworkMember.objects.filter(snapshot=snapshot, pk=member_id, removed_at__isnull=False)
        .select_related("kind")
        .first()
    )


@dataclass(frozen=True)
class NetworkState:
    """Everything the Stage 1 page shows about a snapshot, from one query."""

    snapshot: NetworkSnapshot
    members: list[NetworkMember]
    drawing: NetworkDrawing | None  # None when there are too many members to draw
    metrics: NetworkMetrics
    type: NetworkType
    comparison: NetworkComparison | None  # for a follow-up: change since the copy
    previous_members: list[NetworkMember] = ()

    @cached_property
    def then(self):
        """The map of last time (a follow-up's), with who has gone or moved marked."""
        if self.comparison is None:
            return None
        try:
            drawing = draw_network(self.previous_members, self.comparison.then_marks)
        except TooManyMembers:
            drawing = None
        return SimpleNamespace(drawing=drawing, metrics=self.comparison.before)


def _members_by_snapshot(snapshot_ids) -> dict:
    found = {snapshot_id: [] for snapshot_id in snapshot_ids}
    for member in (
        _active_members()
        .filter(snapshot_id__in=snapshot_ids)
        .order_by("kind__order", "created_at", "id")
    ):
        found[member.snapshot_id].append(member)
    return found


def network_state(*, snapshot: NetworkSnapshot) -> NetworkState:
    previous_id = snapshot.copied_from_id
    found = _members_by_snapshot([snapshot.pk] + ([previous_id] if previous_id else []))
    members = found[snapshot.pk]
    previous = found[previous_id] if previous_id else []
    comparison = compare_networks(previous, members) if previous_id else None
    try:
        drawing = draw_network(members, comparison.now_marks if comparison else None)
    except TooManyMembers:
        drawing = None
    metrics = network_metrics(members)
    return NetworkState(
        snapshot=snapshot,
        members=members,
        drawing=drawing,
        metrics=metrics,
        type=network_type(metrics),
        comparison=comparison,
        previous_members=previous,
    )


def snapshot_comparison(*, before: NetworkSnapshot, after: NetworkSnapshot) -> NetworkComparison:
    """What changed from one snapshot to another: added, removed, moved, support, totals."""
    found = _members_by_snapshot([before.pk, after.pk])
    return compare_networks(found[before.pk], found[after.pk])


def participant_snapshots(*, participant: Participant) -> list[NetworkSnapshot]:
    """Every snapshot of a participant with its session and members, oldest first."""
    return list(
        NetworkSnapshot.objects.filter(session__participant=participant)
        .select_related("session", "session__participant")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=_active_members().order_by("kind__order", "created_at", "id"),
                to_attr="active_members",
            )
        )
        .order_by("session__started_at")
    )
