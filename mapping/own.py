"""The participant's own map between sessions (#20): see it, redraw it, and the
facilitator's view of the redraw at the follow-up."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from genie.audit import audit_record
from genie.models import AuditEvent, Participant
from mapping.feedback import NetworkComparison, compare_networks
from mapping.models import (
    NetworkMember,
    NetworkSnapshot,
    OwnMap,
    OwnMapMember,
)

MAX_MEMBERS = 150
GONE = "gone"


def latest_snapshot(*, participant: Participant) -> NetworkSnapshot | None:
    """The map of the participant's latest finished session."""
    return (
        NetworkSnapshot.objects.filter(
            session__participant=participant, session__completed_at__isnull=False
        )
        .select_related("session")
        .order_by("-session__started_at", "-pk")
        .first()
    )


def _snapshot_members(snapshot):
    return list(
        NetworkMember.objects.filter(snapshot=snapshot, removed_at__isnull=True)
        .select_related("kind")
        .order_by("kind__order", "created_at", "id")
    )


def own_map_since(*, participant: Participant, snapshot: NetworkSnapshot | None) -> OwnMap | None:
    """The participant's latest redraw made after ``snapshot``'s session finished."""
    maps = OwnMap.objects.filter(participant=participant)
    if snapshot is not None:
        maps = maps.filter(created_at__gt=snapshot.session.completed_at)
    return maps.order_by("-created_at").first()


def _own_members(own_map):
    return list(own_map.members.select_related("kind").order_by("kind__order", "created_at"))


@dataclass
class CurrentMap:
    snapshot: NetworkSnapshot | None
    own_map: OwnMap | None
    members: list


def current_map(*, participant: Participant) -> CurrentMap:
    """What the participant's map is now: their own redraw if they made one since the
    last session, else that session's map."""
    snapshot = latest_snapshot(participant=participant)
    own_map = own_map_since(participant=participant, snapshot=snapshot)
    if own_map is not None:
        return CurrentMap(snapshot, own_map, _own_members(own_map))
    return CurrentMap(snapshot, None, _snapshot_members(snapshot) if snapshot else [])


@transaction.atomic
def own_map_save(*, user, participant: Participant, kept: list[dict], added: list[dict]) -> OwnMap:
    """A new redraw: ``kept`` are members of the current map with their (new) circle
    (GONE: no longer on it), ``added`` new people ({label, kind, circle})."""
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    current = current_map(participant=participant)
    by_id = {str(member.pk): member for member in current.members}
    rows = []
    for entry in kept:
        member = by_id.get(str(entry["id"]))
        if member is None or entry["circle"] == GONE:
            continue
        rows.append(
            OwnMapMember(
                lineage=member.lineage,
                label=member.label,
                kind=member.kind,
                circle=entry["circle"],
                contact=member.contact,
                gives_illness_support=member.gives_illness_support,
                gives_everyday_support=member.gives_everyday_support,
                gives_emotional_support=member.gives_emotional_support,
            )
        )
    for entry in added:
        rows.append(
            OwnMapMember(
                label=entry["label"], kind=entry["kind"], circle=entry["circle"], contact="monthly"
            )
        )
    if len(rows) > MAX_MEMBERS:
        raise ValidationError(f"A map can hold up to {MAX_MEMBERS} people and things.")
    own_map = OwnMap.objects.create(participant=participant, based_on=current.snapshot)
    for row in rows:
        row.own_map = own_map
    OwnMapMember.objects.bulk_create(rows)
    audit_record(
        user=user, participant=participant, action=AuditEvent.Action.CREATED, what="own map redraw"
    )
    return own_map


@dataclass
class OwnRedraw:
    own_map: OwnMap
    comparison: NetworkComparison


def own_redraw_for_follow_up(*, participant: Participant) -> OwnRedraw | None:
    """For the facilitator at the follow-up: the participant's redraw since the last
    session, compared with that session's map (the caller has checked access)."""
    snapshot = latest_snapshot(participant=participant)
    own_map = own_map_since(participant=participant, snapshot=snapshot)
    if own_map is None:
        return None
    before = _snapshot_members(snapshot) if snapshot else []
    return OwnRedraw(own_map, compare_networks(before, _own_members(own_map)))
