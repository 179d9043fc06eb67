"""The map layout: nothing overlaps, labels are whole, and nobody jumps.

Property tests on random networks (hypothesis): boxes (a member's shape and its one or
two lines of label) never overlap each other, "Me" or the ring names, and stay in their
ring; one change moves no member of another sector.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapping.drawing import member_box
from mapping.labels import MAX_LABEL_LENGTH, map_text, wrap_label
from mapping.layout import (
    GAP,
    MAX_MEMBERS,
    ME_RADIUS,
    LayoutItem,
    TooManyMembers,
    boxes_overlap,
    layout_network,
    ring_label_box,
)

# Labels of mixed kinds: long names, long single words, capitals, accents, emoji.
WORDS = st.sampled_from(
    [
        "Susan",
        "(daughter)",
        "St Mary's",
        "church",
        "choir",
        "WWWWWWW",
        "Dr",
        "Okafor",
        "Breathe Easy",
        "Ågnès",
        "👵🏽",
        "neighbour",
        "Physiotherapist",
        "Mrs",
        "at number 12",
        "Llanfairpwllgwyngyll",
        "iii",
    ]
)
LABELS = st.lists(WORDS, min_size=1, max_size=5).map(lambda words: " ".join(words)[:30])
MEMBER = st.tuples(st.integers(0, 2), st.integers(0, 4), LABELS)


def items_from(specs):
    items = []
    for index, (ring, sector, label) in enumerate(specs):
        _, width, up, down = member_box(label, supports=index % 2 == 0)
        items.append(
            LayoutItem(
                key=f"m{index}",
                ring=ring,
                sector=sector,
                order=(index,),
                width=width,
                up=up,
                down=down,
            )
        )
    return items


def rect(layout, item):
    place = layout.placements[item.key]
    return (
        place.x - item.width / 2,
        place.y - item.up,
        place.x + item.width / 2,
        place.y + item.down,
    )


def corners(box, centre):
    return [math.hypot(x - centre, y - centre) for x in (box[0], box[2]) for y in (box[1], box[3])]


def nearest(box, centre):
    dx = max(box[0] - centre, 0, centre - box[2])
    dy = max(box[1] - centre, 0, centre - box[3])
    return math.hypot(dx, dy)


@settings(max_examples=150, deadline=None)
@given(st.lists(MEMBER, min_size=1, max_size=40))
def test_no_box_overlaps_another_me_or_a_ring_name_and_each_stays_in_its_ring(specs):
    assert_tidy(items_from(specs))


# Everyone in one circle: the inner one has the least room.
CROWDED = st.integers(0, 2).flatmap(
    lambda ring: st.lists(st.tuples(st.just(ring), st.integers(0, 4), LABELS), max_size=40)
)


@settings(max_examples=40, deadline=None)
@given(CROWDED.filter(bool))
def test_a_crowded_circle_is_laid_out_tidily_too(specs):
    assert_tidy(items_from(specs))


def test_fourteen_real_names_in_the_inner_circle_fit_and_the_map_stays_compact():
    """Once a layout of 40 with 14 long names in the inner circle never finished."""
    names = [
        "Susan (daughter)", "St Mary's church choir", "Dr Patel at the surgery",
        "Bob next door", "Walking group on Tuesdays", "Pharmacist", "Grandson Tom",
        "The dog, Biscuit", "Knit and natter at the library", "Old friend from work, Janet",
    ]  # fmt: skip
    specs = [(i % 3, i % 5, names[i % 10] + (f" {i}" if i >= 10 else "")) for i in range(40)]
    layout = assert_tidy(items_from(specs))
    assert layout.size < 2500  # scaled to fit its frame, the labels stay readable


def assert_tidy(items):
    layout = layout_network(items)
    c = layout.centre
    rects = [rect(layout, item) for item in items]
    for index, first in enumerate(rects):
        for second in rects[index + 1 :]:
            assert not boxes_overlap(first, second, gap=0), (first, second)
    for item, box in zip(items, rects, strict=True):
        inner = layout.boundaries[item.ring - 1] if item.ring else ME_RADIUS
        assert nearest(box, c) >= inner  # clear of "Me" and of the ring inside
        assert max(corners(box, c)) <= layout.boundaries[item.ring]
        for boundary in layout.boundaries:
            left, top, right, bottom = ring_label_box(boundary)
            assert not boxes_overlap(box, (c + left, c + top, c + right, c + bottom), gap=0)
    return layout


CHANGES = st.one_of(
    st.tuples(st.just("add"), MEMBER),
    st.tuples(st.just("remove"), st.integers(0, 59)),
    st.tuples(st.just("move"), st.integers(0, 59), st.integers(0, 2)),
    st.tuples(st.just("rename"), st.integers(0, 59), LABELS),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(MEMBER, min_size=1, max_size=59), CHANGES)
def test_one_change_never_moves_members_of_other_sectors(specs, change):
    before_items = items_from(specs)
    specs = list(specs)
    if change[0] == "add":
        specs.append(change[1])
        touched = {change[1][1]}
    else:
        index = change[1] % len(specs)
        ring, sector, label = specs[index]
        touched = {sector}
        if change[0] == "remove":
            specs[index] = None
        elif change[0] == "move":
            specs[index] = (change[2], sector, label)
        else:
            specs[index] = (ring, sector, change[2])
    after_items = [
        item
        for item, spec in zip(items_from([s or (0, 0, "") for s in specs]), specs, strict=False)
        if spec is not None
    ]
    before, after = layout_network(before_items), layout_network(after_items)
    groups = {}
    for item in before_items:
        if item.sector in touched or item.key not in after.placements:
            continue
        old, new = before.placements[item.key], after.placements[item.key]
        crowded = before.turned[item.ring] or after.turned[item.ring]
        if crowded:
            continue
        if before.boundaries == after.boundaries:
            # The rings kept their size: members of other sectors are exactly where they were.
            assert (old.x, old.y) == (new.x, new.y), item
        groups.setdefault((item.sector, item.ring), []).append(
            (_angle(before, old), _angle(after, new))
        )
    for angles in groups.values():
        # Even when a ring had to widen, each group keeps its direction.
        mean_before = _circular_mean(a for a, _ in angles)
        mean_after = _circular_mean(b for _, b in angles)
        turn = (mean_after - mean_before + math.pi) % (2 * math.pi) - math.pi
        assert turn == pytest.approx(0, abs=1e-2)


def _circular_mean(angles):
    """The middle direction of a group, its members taken in their clockwise order."""
    angles = list(angles)
    unwrapped = [angles[0]]
    for angle in angles[1:]:
        unwrapped.append(unwrapped[-1] + (angle - unwrapped[-1]) % (2 * math.pi))
    return sum(unwrapped) / len(unwrapped)


def _angle(layout, place):
    return math.atan2(place.x - layout.centre, layout.centre - place.y) % (2 * math.pi)


def test_a_realistic_network_is_rarely_crowded():
    """Twelve people, added one by one as a facilitator would: members of other sectors
    move at only a few steps (when a ring widens), and never in a crowded way."""
    people = [
        (0, 0, "Susan (daughter)"), (0, 0, "Dave"), (1, 1, "Margaret next door"),
        (1, 0, "Grandson Tom"), (2, 2, "Dr Okafor (GP)"), (2, 3, "Walking group"),
        (0, 4, "Biscuit the dog"), (1, 1, "Pat from church"), (2, 2, "District nurse"),
        (1, 3, "St Mary's church choir"), (2, 4, "The allotment"), (2, 1, "Old friend Barbara"),
    ]  # fmt: skip
    steps_with_moves = 0
    for count in range(1, len(people)):
        before = layout_network(items_from(people[:count]))
        after = layout_network(items_from(people[: count + 1]))
        assert not any(after.turned)
        added_sector = people[count][1]
        steps_with_moves += any(
            sector != added_sector and before.placements[f"m{i}"] != after.placements[f"m{i}"]
            for i, (_, sector, _) in enumerate(people[:count])
        )
    assert steps_with_moves <= 2


@settings(max_examples=300, deadline=None)
@given(LABELS)
def test_labels_up_to_30_characters_are_whole_on_at_most_two_lines(label):
    lines = wrap_label(label)
    assert 1 <= len(lines) <= 2
    joined = "".join(line.removesuffix("-") for line in lines).replace(" ", "")
    assert joined == " ".join(label.split()).replace(" ", "")


def test_longer_labels_end_in_an_ellipsis_on_the_map():
    text = map_text("A" * 40)
    assert len(text) == MAX_LABEL_LENGTH and text.endswith("…")


def test_real_length_names_wrap_between_words():
    assert wrap_label("St Mary's church choir") == ["St Mary's", "church choir"]
    assert wrap_label("Susan (daughter)") in (["Susan (daughter)"], ["Susan", "(daughter)"])


def test_layout_is_deterministic_whatever_the_input_order():
    items = items_from([(i % 3, i % 5, f"Person {i}") for i in range(30)])
    assert layout_network(items) == layout_network(list(reversed(items)))


@settings(max_examples=60, deadline=None)
@given(st.lists(MEMBER, min_size=1, max_size=30), st.integers(1, 10**6))
def test_the_same_boxes_under_other_keys_are_drawn_the_same(specs, shift):
    """Last time's map and this time's copy of it: members with new keys and later
    orders (a copy is made later) sit exactly where their originals did, drawn from
    the layout cache the originals filled."""
    from mapping import layout

    items = items_from(specs)
    copies = [
        LayoutItem(
            f"copy-{item.key}",
            item.ring,
            item.sector,
            (item.order[0] + shift,),
            item.width,
            item.up,
            item.down,
        )
        for item in items
    ]
    layout._layout_ring.cache_clear()
    layout._place_group.cache_clear()
    original = layout_network(items)
    for drawn in (layout_network(copies), layout_network(list(reversed(copies)))):
        assert (drawn.size, drawn.boundaries, drawn.turned) == (
            original.size,
            original.boundaries,
            original.turned,
        )
        for item in items:
            copy, place = drawn.placements[f"copy-{item.key}"], original.placements[item.key]
            assert (copy.x, copy.y) == (place.x, place.y)


def test_kind_groups_sit_in_their_own_direction():
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
    with pytest.raises(TooManyMembers, match="at most 150"):
        layout_network([LayoutItem(key=str(i), ring=0, sector=0) for i in range(MAX_MEMBERS + 1)])


def test_an_empty_map_is_just_me_and_the_rings():
    layout = layout_network([])
    assert layout.placements == {}
    assert len(layout.boundaries) == 3
    assert GAP > 0
