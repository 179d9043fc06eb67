"""Metrics, network-type rules (each tested, thresholds configurable) and the diff."""

import uuid
from dataclasses import dataclass, field

import pytest

from mapping.feedback import (
    NETWORK_TYPE_RULES,
    compare_networks,
    network_metrics,
    network_type,
    network_type_rules,
)


@dataclass(frozen=True)
class Kind:
    code: str
    name: str
    group: str


KINDS = {
    "family": Kind("family", "Family", "family"),
    "friend": Kind("friend", "Friend", "people"),
    "neighbour": Kind("neighbour", "Neighbour", "people"),
    "professional": Kind("professional", "Professional or service", "services"),
    "group": Kind("group", "Group or organisation", "community"),
    "pet": Kind("pet", "Pet", "things"),
    "place": Kind("place", "Place", "things"),
}


@dataclass
class Member:
    label: str
    kind_code: str
    circle: str = "middle"
    contact: str = "weekly"
    supports: list = field(default_factory=list)
    lineage: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def kind(self):
        return KINDS[self.kind_code]


def members(*codes, contact="weekly"):
    return [Member(f"{code} {i}", code, contact=contact) for i, code in enumerate(codes)]


def type_of(network, **rules):
    return network_type(network_metrics(network), {**NETWORK_TYPE_RULES, **rules}).code


def test_metrics_count_circles_kinds_contact_and_support():
    network = [
        Member("Dave", "family", "inner", "daily", ["everyday", "emotional"]),
        Member("Jean", "friend", "middle", "weekly", ["emotional"]),
        Member("Dr O", "professional", "outer", "monthly", ["illness"]),
    ]
    metrics = network_metrics(network)
    assert metrics.size == 3
    assert metrics.per_circle == {"inner": 1, "middle": 1, "outer": 1}
    assert metrics.per_contact == {"daily": 1, "weekly": 1, "monthly": 1, "less-often": 0}
    assert metrics.kinds == 3
    assert metrics.frequent_share == pytest.approx(2 / 3)
    givers = {coverage.support: coverage.givers for coverage in metrics.support}
    assert givers == {"illness": ["Dr O"], "everyday": ["Dave"], "emotional": ["Dave", "Jean"]}
    assert metrics.supports_covered == 3


def test_a_support_nobody_gives_is_named_kindly():
    metrics = network_metrics([Member("Jean", "friend", supports=["emotional"])])
    gaps = {c.support: c.gap for c in metrics.support if not c.givers}
    assert set(gaps) == {"illness", "everyday"}
    assert gaps["everyday"].startswith("No one is marked as giving everyday help")
    assert "?" in gaps["everyday"]  # a question to talk about, not a verdict


def test_an_empty_network_has_zero_counts():
    metrics = network_metrics([])
    assert metrics.size == 0 and metrics.frequent_share == 0 and metrics.supports_covered == 0


def test_restricted_up_to_the_configured_size():
    assert type_of(members("family", "family", "friend", "group")) == "restricted"
    assert type_of(members("family", "family", "friend", "group", "pet")) != "restricted"
    assert (
        type_of(members("family", "family", "friend", "group", "pet"), restricted_max_members=5)
        == "restricted"
    )


def test_diverse_needs_family_friends_community_variety_and_regular_contact():
    diverse = members("family", "friend", "group", "pet", "neighbour")
    assert type_of(diverse) == "diverse"
    assert type_of(members("family", "friend", "group", "pet", "neighbour", contact="monthly")) != (
        "diverse"
    )
    without_groups = members("family", "friend", "place", "pet", "neighbour")
    assert type_of(without_groups) != "diverse"
    assert type_of(diverse, diverse_min_kinds=6) != "diverse"


def test_family_centred_when_most_people_are_family():
    network = members("family", "family", "family", "family", "friend", "pet")
    assert type_of(network) == "family-centred"
    assert type_of(network, centred_min_share=0.9) != "family-centred"


def test_friend_centred_when_most_people_are_friends():
    network = members("friend", "friend", "friend", "friend", "family", "place")
    assert type_of(network) == "friend-centred"


def test_wider_ties_otherwise():
    network = members("neighbour", "professional", "group", "place", "pet", "friend")
    assert type_of(network) == "wider-ties"


def test_every_type_is_worded_as_a_prompt_not_a_diagnosis():
    for network in (
        members("family"),
        members("family", "friend", "group", "pet", "neighbour"),
        members("family", "family", "family", "family", "friend"),
        members("friend", "friend", "friend", "friend", "family"),
        members("neighbour", "professional", "group", "place", "pet"),
    ):
        kind = network_type(network_metrics(network))
        assert kind.prompt.rstrip().endswith("?")
        assert "risk" not in kind.prompt.lower() and "poor" not in kind.prompt.lower()


def test_thresholds_can_be_overridden_in_settings(settings):
    settings.GENIE_NETWORK_TYPE_RULES = {"restricted_max_members": 10}
    assert network_type_rules()["restricted_max_members"] == 10
    assert network_type_rules()["centred_min_share"] == NETWORK_TYPE_RULES["centred_min_share"]
    assert network_type(network_metrics(members(*["friend"] * 8))).code == "restricted"


def test_comparison_finds_added_removed_moved_and_support_changes():
    dave = Member("Dave", "family", "inner", supports=["everyday"])
    jean = Member("Jean", "friend", "middle")
    tom = Member("Tom", "family", "outer")
    before = [dave, jean, tom]
    after = [
        Member("Dave", "family", "inner", supports=["everyday", "emotional"], lineage=dave.lineage),
        Member("Jean", "friend", "inner", lineage=jean.lineage),
        Member("Walking group", "group", "outer"),
        Member("Library", "place", "outer"),
    ]
    change = compare_networks(before, after)
    assert [c.label for c in change.added] == ["Walking group", "Library"]
    assert [(c.label, c.before) for c in change.removed] == [("Tom", "Outer circle")]
    assert [(c.label, c.before, c.after) for c in change.moved] == [
        ("Jean", "Middle circle", "Inner circle")
    ]
    assert [(c.label, c.before, c.after) for c in change.support_changed] == [
        ("Dave", "Everyday help", "Everyday help, Emotional support")
    ]
    assert change.size_change == 1
    assert change.kinds_change == 2  # family, friend -> family, friend, group, place
    assert change.supports_change == 1
    assert not change.unchanged


def test_comparison_of_an_unchanged_copy_is_unchanged():
    network = [Member("Dave", "family")]
    assert compare_networks(network, network).unchanged
