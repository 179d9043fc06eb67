"""The map layout: members never overlap each other, "Me" or the ring labels."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapping.layout import (
    MAX_MEMBERS,
    ME_RADIUS,
    NODE_HEIGHT,
    NODE_WIDTH,
    RING_LABEL_HALF_HEIGHT,
    RING_LABEL_HALF_WIDTH,
    LayoutItem,
    TooManyMembers,
    layout_network,
    ring_label_y,
)

members = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 4), st.text(max_size=3)), min_size=1, max_size=60
)


def items_from(specs):
    return [
        LayoutItem(key=f"m{index}", ring=ring, sector=sector, order=(label,))
        for index, (ring, sector, label) in enumerate(specs)
    ]


def boxes_overlap(a, b):
    return abs(a.x - b.x) < NODE_WIDTH and abs(a.y - b.y) < NODE_HEIGHT


def ring_of(layout, placement):
    distance = math.hypot(placement.x - layout.centre, placement.y - layout.centre)
    return next(i for i, boundary in enumerate(layout.boundaries) if distance < boundary)


@settings(max_examples=300, deadline=None)
@given(members)
def test_members_never_overlap_and_stay_in_their_ring(specs):
    items = items_from(specs)
    layout = layout_network(items)
    placements = [layout.placements[item.key] for item in items]
    assert len(placements) == len(items)
    for index, first in enumerate(placements):
        for second in placements[index + 1 :]:
            assert not boxes_overlap(first, second), (first, second)
    half_diagonal = math.hypot(NODE_WIDTH, NODE_HEIGHT) / 2
    for item, placement in zip(items, placements, strict=True):
        assert ring_of(layout, placement) == item.ring
        distance = math.hypot(placement.x - layout.centre, placement.y - layout.centre)
        # The whole box stays inside its ring and clear of "Me".
        inner_edge = layout.boundaries[item.ring - 1] if item.ring else ME_RADIUS
        assert distance - half_diagonal >= inner_edge
        assert distance + half_diagonal <= layout.boundaries[item.ring]
        # ... and clear of every ring's label, drawn on the ring's line at the top.
        for boundary in layout.boundaries:
            label_y = ring_label_y(layout, boundary)
            assert not (
                abs(placement.x - layout.centre) < RING_LABEL_HALF_WIDTH + NODE_WIDTH / 2
                and abs(placement.y - label_y) < RING_LABEL_HALF_HEIGHT + NODE_HEIGHT / 2
            )


@settings(max_examples=100, deadline=None)
@given(members)
def test_layout_is_deterministic_whatever_the_input_order(specs):
    items = items_from(specs)
    assert layout_network(items) == layout_network(list(reversed(items)))


def test_kind_groups_sit_together_in_sectors():
    items = [LayoutItem(key=f"f{i}", ring=1, sector=0) for i in range(3)] + [
        LayoutItem(key=f"g{i}", ring=1, sector=3) for i in range(3)
    ]
    layout = layout_network(items)
    # Clockwise from the top: family (sector 0) on the right, groups on the left.
    assert all(layout.placements[f"f{i}"].x > layout.centre for i in range(3))
    assert all(layout.placements[f"g{i}"].x < layout.centre for i in range(3))


def test_a_small_map_keeps_its_usual_size_and_a_big_one_grows():
    small = layout_network([LayoutItem(key="a", ring=0, sector=0)])
    big = layout_network([LayoutItem(key=f"m{i}", ring=2, sector=i % 5) for i in range(60)])
    assert big.size > small.size


def test_more_than_the_cap_is_refused_clearly():
    layout_network([LayoutItem(key=str(i), ring=i % 3, sector=0) for i in range(MAX_MEMBERS)])
    with pytest.raises(TooManyMembers, match="at most 150"):
        layout_network([LayoutItem(key=str(i), ring=0, sector=0) for i in range(MAX_MEMBERS + 1)])


def test_an_empty_map_is_just_me_and_the_rings():
    layout = layout_network([])
    assert layout.placements == {}
    assert len(layout.boundaries) == 3
