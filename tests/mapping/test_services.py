"""Snapshots, follow-up copies, member writes and the selectors other stages use."""

import uuid

import pytest
from django.http import Http404

from genie.models import Category
from mapping import selectors, services
from mapping.layout import MAX_MEMBERS
from mapping.models import NetworkMember, NetworkSnapshot
from tests.factories import SessionFactory
from tests.mapping.factories import NetworkMemberFactory, kind


@pytest.fixture
def snapshot(session):
    return services.snapshot_open(session=session)


def add(snapshot, label="Ann", token=None, **data):
    services.member_add(
        snapshot=snapshot,
        data={"label": label, "kind": kind("friend"), "circle": "inner", "contact": "weekly"}
        | data,
        add_token=token or uuid.uuid4(),
    )


def test_a_baseline_snapshot_starts_empty(session):
    snapshot = services.snapshot_open(session=session)
    assert snapshot.copied_from is None
    assert not snapshot.members.exists()
    assert services.snapshot_open(session=session) == snapshot


def test_a_follow_up_starts_as_a_copy_of_the_latest_snapshot(session):
    baseline = services.snapshot_open(session=session)
    services.dropped_activity_add(
        session=session,
        description="Choir",
        categories=Category.objects.filter(code="arts-crafts-music"),
    )
    dave = NetworkMemberFactory(
        snapshot=baseline, label="Dave", kind=kind("family"), gives_everyday_support=True
    )
    NetworkMemberFactory(snapshot=baseline, label="Gone", removed_at="2026-01-01T00:00Z")
    follow_up = SessionFactory(participant=session.participant, previous=session)
    copy = services.snapshot_open(session=follow_up)
    assert copy.copied_from == baseline
    (member,) = copy.members.all()
    assert (member.label, member.kind.code, member.gives_everyday_support) == (
        "Dave",
        "family",
        True,
    )
    assert member.lineage == dave.lineage and member.pk != dave.pk
    assert selectors.session_dropped_activity_categories(session=follow_up) == {"arts-crafts-music"}
    # Changing the copy leaves the baseline as it was.
    services.member_move(snapshot=copy, member_id=member.pk, version=1, circle="outer")
    dave.refresh_from_db()
    assert dave.circle == "middle"


def test_a_second_follow_up_copies_the_newest_snapshot(session):
    NetworkMemberFactory(snapshot=services.snapshot_open(session=session), label="Old")
    first = SessionFactory(participant=session.participant, previous=session)
    first_snapshot = services.snapshot_open(session=first)
    NetworkMemberFactory(snapshot=first_snapshot, label="New")
    second = SessionFactory(participant=session.participant, previous=first)
    labels = sorted(m.label for m in services.snapshot_open(session=second).members.all())
    assert labels == ["New", "Old"]


def test_the_same_add_token_adds_once(snapshot):
    token = uuid.uuid4()
    add(snapshot, token=token)
    add(snapshot, token=token)
    assert snapshot.members.count() == 1


def test_a_full_map_refuses_more_members_clearly(snapshot):
    NetworkMember.objects.bulk_create(
        NetworkMember(snapshot=snapshot, label=str(i), kind=kind("pet"), circle="outer")
        for i in range(MAX_MEMBERS)
    )
    with pytest.raises(services.NetworkFull, match="150"):
        add(snapshot)


def test_moves_and_edits_need_the_current_version(snapshot):
    add(snapshot)
    member = snapshot.members.get()
    services.member_move(snapshot=snapshot, member_id=member.pk, version=1, circle="outer")
    with pytest.raises(services.StaleMember, match="changed in another window"):
        services.member_move(snapshot=snapshot, member_id=member.pk, version=1, circle="middle")
    with pytest.raises(services.StaleMember, match="changed in another window"):
        services.member_update(
            snapshot=snapshot, member_id=member.pk, version=1, data={"label": "Lost"}
        )
    member.refresh_from_db()
    assert (member.circle, member.label, member.version) == ("outer", "Ann", 2)


def test_remove_is_undoable_and_repeatable(snapshot):
    add(snapshot)
    member = snapshot.members.get()
    services.member_remove(snapshot=snapshot, member_id=member.pk)
    services.member_remove(snapshot=snapshot, member_id=member.pk)
    assert selectors.session_network_members(session=snapshot.session) == []
    services.member_restore(snapshot=snapshot, member_id=member.pk)
    assert [m.label for m in selectors.session_network_members(session=snapshot.session)] == ["Ann"]


def test_another_snapshots_member_is_not_found(snapshot):
    other = NetworkMemberFactory()
    with pytest.raises(Http404):
        services.member_remove(snapshot=snapshot, member_id=other.pk)
    with pytest.raises(Http404):
        services.member_move(snapshot=snapshot, member_id=other.pk, version=1, circle="inner")


def test_session_network_members_is_the_stage_contract(snapshot):
    add(snapshot, label="Walking group", kind=kind("group"))
    add(snapshot, label="Dave", kind=kind("family"))
    summaries = selectors.session_network_members(session=snapshot.session)
    assert [(s.label, s.kind) for s in summaries] == [
        ("Dave", "Family"),
        ("Walking group", "Group or organisation"),
    ]
    assert all(isinstance(s.id, str) for s in summaries)


def test_network_people_are_family_and_friends_not_services_groups_or_places(snapshot):
    for label, code in [("Dr Patel", "professional"), ("Dave", "family"), ("Library", "place")]:
        add(snapshot, label=label, kind=kind(code))
    add(snapshot, label="Ann", kind=kind("neighbour"))
    people = selectors.session_network_people(session=snapshot.session)
    assert [(p.label, p.kind) for p in people] == [("Dave", "Family"), ("Ann", "Neighbour")]


def test_dropped_activity_categories_for_stage_three(session):
    categories = Category.objects.filter(code__in=["physical-activity", "arts-crafts-music"])
    services.dropped_activity_add(session=session, description="Choir", categories=categories)
    services.dropped_activity_add(session=session, description="Swimming", categories=[])
    assert selectors.session_dropped_activity_categories(session=session) == {
        "physical-activity",
        "arts-crafts-music",
    }
    assert selectors.session_dropped_activity_categories(session=SessionFactory()) == set()


def test_snapshot_comparison_selector(session):
    baseline = services.snapshot_open(session=session)
    NetworkMemberFactory(snapshot=baseline, label="Dave", circle="inner")
    follow_up = services.snapshot_open(
        session=SessionFactory(participant=session.participant, previous=session)
    )
    add(follow_up, label="Choir", kind=kind("group"))
    change = selectors.snapshot_comparison(before=baseline, after=follow_up)
    assert [c.label for c in change.added] == ["Choir"]
    assert change.size_change == 1 and not change.removed


def test_snapshots_are_one_per_session(session):
    services.snapshot_open(session=session)
    services.snapshot_open(session=session)
    assert NetworkSnapshot.objects.filter(session=session).count() == 1


def test_undoing_a_removal_cannot_take_a_full_map_past_its_limit(snapshot):
    gone = NetworkMemberFactory(snapshot=snapshot, removed_at="2026-01-01T00:00Z")
    NetworkMember.objects.bulk_create(
        NetworkMember(snapshot=snapshot, label=f"M{i}", kind=kind("pet"), circle="outer")
        for i in range(MAX_MEMBERS)
    )
    with pytest.raises(services.NetworkFull, match="Remove someone"):
        services.member_restore(snapshot=snapshot, member_id=gone.pk)
    gone.refresh_from_db()
    assert gone.removed_at is not None
    assert snapshot.members.filter(removed_at__isnull=True).count() == MAX_MEMBERS
