"""Where each network member is drawn: a stable, overlap-free circular layout.

Pure Python, no Django. Each member is a box (its shape and its label, one or two
lines) anchored at the centre of its shape. Every circle (ring) is an annulus around
"Me", and a box stays wholly inside its ring. Around the map every kind group has a
fixed direction, the middle of its *sector* (the same whatever the network holds):
inside one ring, a group's members sit side by side (in one, two or three staggered
rows) as close as their boxes allow, centred on that direction.

That makes the layout *stable*: each (sector, ring) group is laid out from its own
members and the ring's edges alone. Adding, editing or moving someone changes only
their group (or the two groups of a move); members elsewhere keep their exact place,
unless their ring is crowded: when two neighbouring groups would touch, they are
turned apart, each as little as it can; when that is not enough, or a group does not
fit, the ring widens and the rings outside it move outwards.
"""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MAX_MEMBERS = 150
RINGS = 3

# The share of the circle of each kind group's sector, clockwise from the top, in the
# order of MemberKind.Group: family, people, services, community, things.
SECTOR_SHARES = (0.28, 0.24, 0.16, 0.16, 0.16)
ME_RADIUS = 44
MARGIN = 6
GAP = 4  # the least space between two boxes, and between a box and a ring's line
# Each ring's width for small networks, so a map of four looks like a map of twelve.
# Every unit counts: the whole drawing is scaled to fit its frame, labels included.
MIN_BANDS = (180, 160, 160)
BAND_STEP = 8  # a ring that cannot hold its members widens by this much at a time
MAX_ROWS = 4
STAGGERED_TRIES = 12
MAX_BAND = 20_000
# Each ring's name sits on its line at the top; members keep clear of it.
RING_LABEL_HALF_WIDTH = 66  # "Middle circle" at 18 px
RING_LABEL_HALF_HEIGHT = 12


class TooManyMembers(ValueError):
    pass


@dataclass(frozen=True)
class LayoutItem:
    key: str
    ring: int  # 0 inner, 1 middle, 2 outer
    sector: int  # the kind group's position in the sector order
    order: tuple = ()  # sorts members within their sector, clockwise
    width: float = 60.0  # the box: its width, centred on the point,
    up: float = 24.0  # how far it reaches above the point (the shape),
    down: float = 42.0  # and below it (the shape and the label)


@dataclass(frozen=True)
class Placement:
    key: str
    x: float
    y: float


@dataclass(frozen=True)
class Layout:
    size: float  # the drawing is size × size, with "Me" at the centre
    boundaries: tuple[float, ...]  # outer radius of each ring
    placements: dict[str, Placement]
    # Rings whose kind groups were turned away from their own direction, as they would
    # otherwise touch (a crowded ring): there, groups move a little to make room.
    turned: tuple[bool, ...] = (False, False, False)

    @property
    def centre(self) -> float:
        return self.size / 2


def sector_span(sector: int) -> tuple[float, float]:
    """(start angle, span) of a sector, in radians clockwise from the top."""
    sector %= len(SECTOR_SHARES)
    start = sum(SECTOR_SHARES[:sector])
    return 2 * math.pi * start, 2 * math.pi * SECTOR_SHARES[sector]


def ring_label_y(layout: Layout, boundary: float) -> float:
    return layout.centre - boundary


def ring_label_box(boundary: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a ring's name, with "Me" at (0, 0)."""
    return (
        -RING_LABEL_HALF_WIDTH,
        -boundary - RING_LABEL_HALF_HEIGHT,
        RING_LABEL_HALF_WIDTH,
        -boundary + RING_LABEL_HALF_HEIGHT,
    )


def layout_network(items: Sequence[LayoutItem]) -> Layout:
    if len(items) > MAX_MEMBERS:
        raise TooManyMembers(f"A map can show at most {MAX_MEMBERS} members.")
    boundaries, relative, inner, turned = [], {}, ME_RADIUS, []
    for ring in range(RINGS):
        groups: dict[int, list[LayoutItem]] = {}
        for item in items:
            if item.ring == ring:
                groups.setdefault(item.sector % len(SECTOR_SHARES), []).append(item)
        # Each member stands for its place in its group's order, so the cached ring
        # layout serves any network with the same boxes: last time's map, this
        # time's copy of it, and the same picture drawn again after a change elsewhere.
        key, members = [], {}
        for sector in sorted(groups):
            ordered = sorted(groups[sector], key=lambda item: (item.order, item.key))
            stand_ins = []
            for index, item in enumerate(ordered):
                stand_in = f"{sector}.{index}"
                members[stand_in] = item.key
                stand_ins.append(
                    LayoutItem(stand_in, ring, sector, (index,), item.width, item.up, item.down)
                )
            key.append((sector, tuple(stand_ins)))
        outer, placed, was_turned = _layout_ring(tuple(key), inner, ring)
        turned.append(was_turned)
        relative.update({members[stand_in]: spot for stand_in, spot in placed.items()})
        boundaries.append(outer)
        inner = outer
    centre = boundaries[-1] + MARGIN
    placements = {
        key: Placement(key=key, x=round(centre + x, 1), y=round(centre + y, 1))
        for key, (x, y) in relative.items()
    }
    return Layout(
        size=2 * centre,
        boundaries=tuple(boundaries),
        placements=placements,
        turned=tuple(turned),
    )


@lru_cache(maxsize=1024)
def _layout_ring(key, inner, ring):
    """(outer edge, {key: (x, y)}, turned) of one ring, widened until its groups fit.
    Cached: a change elsewhere does not lay this ring out again.

    Staggered rows keep their first row by the ring's inner edge, where there is least
    room, so widening helps them only so far: after STAGGERED_TRIES widenings the groups
    go in single rows near the ring's outer edge, and the ring widens by an eighth at a
    time. A single row always fits once the ring is wide enough (MAX_MEMBERS of the
    widest labels in one ring: a band of about 7,000); MAX_BAND is only a safety net."""
    groups = {sector: list(items) for sector, items in key}
    band = max(MIN_BANDS[ring], _least_band(groups, inner))
    # The furthest a box reaches from its point, in any direction.
    reach = max(
        (item.width / 2 + max(item.up, item.down) for items in groups.values() for item in items),
        default=0,
    )
    for tries in itertools.count():
        outer = inner + band
        if tries < STAGGERED_TRIES:
            rows, floor = MAX_ROWS, inner
        else:  # one row, as far out as it goes, where the ring is longest
            rows, floor = 1, max(inner, outer - 2 * reach - 4 * GAP)
        placed = _place_ring(groups, inner, outer, rows, floor)
        if placed is not None:
            return outer, placed[0], placed[1]
        if rows > 1:
            band += BAND_STEP
        else:
            band += BAND_STEP * math.ceil(band / BAND_STEP / 8)
        if band > MAX_BAND:
            raise TooManyMembers("These members do not fit on one map.")


def _least_band(groups, inner) -> float:
    """A width the ring needs at least: its members side by side around its middle line
    (a start for the search, in steps of BAND_STEP above the ring's usual width)."""
    along = sum(min(item.width, item.up + item.down) + GAP for g in groups.values() for item in g)
    deepest = max((item.up + item.down for g in groups.values() for item in g), default=0)
    middle = along / (2 * math.pi * 0.8)
    band = max(2 * (middle - inner), deepest + 2 * GAP)
    return BAND_STEP * math.floor(band / BAND_STEP)


def _place_ring(groups, inner, outer, rows=MAX_ROWS, floor=None):
    """{key: (x, y)} and whether groups were turned, or None if the ring is too narrow.
    Members keep ``floor`` (the inner edge unless given) and the outer edge apart."""
    obstacles = (ring_label_box(inner),) if inner > ME_RADIUS else ()
    obstacles += (ring_label_box(outer),)
    order = sorted(groups)
    boxes = {
        sector: tuple(
            (item.key, item.width, item.up, item.down)
            for item in sorted(groups[sector], key=lambda item: (item.order, item.key))
        )
        for sector in order
    }
    middles = {sector: sum(sector_span(sector)) - sector_span(sector)[1] / 2 for sector in order}
    for attempt in range(2):
        placed = {}
        for sector in order:
            spots = _place_group(
                boxes[sector], floor or inner, outer, round(middles[sector], 6), obstacles, rows
            )
            if spots is None:
                return None
            placed[sector] = spots
        if not _groups_touch(placed, boxes):
            spots = {key: spot for spots in placed.values() for key, spot in spots.items()}
            return spots, attempt > 0
        if attempt == 0:
            # Neighbouring groups would touch: turn them apart, each as little as it can.
            middles = _spread_apart(order, middles, placed, boxes)
    return None  # the ring must widen


def _groups_touch(placed, boxes) -> bool:
    rects = [
        [_box(spots[box[0]], box) for box in boxes[sector]] for sector, spots in placed.items()
    ]
    for index, group in enumerate(rects):
        for other in rects[index + 1 :]:
            if any(boxes_overlap(a, b) for a in group for b in other):
                return True
    return False


def _extent(spots, group_boxes, middle):
    """How far a group reaches either side of its middle direction, in radians."""
    low = high = 0.0
    for box in group_boxes:
        x, y = spots[box[0]]
        radius = math.hypot(x, y)
        angle = math.atan2(x, -y) - middle
        angle = (angle + math.pi) % (2 * math.pi) - math.pi
        half = math.asin(min(1.0, (math.hypot(box[1] / 2, max(box[2], box[3])) + GAP) / radius))
        low, high = min(low, angle - half), max(high, angle + half)
    return -low, high


def _spread_apart(order, middles, placed, boxes):
    """New middle directions: groups keep their order around the ring, each turned as
    little as possible so that no two groups' reaches overlap."""
    reach = {sector: _extent(placed[sector], boxes[sector], middles[sector]) for sector in order}
    middles = dict(middles)
    for _ in range(60):
        moved = False
        for index, sector in enumerate(order):
            nxt = order[(index + 1) % len(order)]
            if nxt == sector:
                break
            gap = (middles[nxt] - middles[sector]) % (2 * math.pi)
            need = reach[sector][1] + reach[nxt][0]
            if gap < need - 1e-9:
                push = (need - gap) / 2
                middles[sector] -= push
                middles[nxt] += push
                moved = True
        if not moved:
            break
    return middles


# Stepping the pitch (the angle between neighbours) up from small until it fits.
_PITCH_FACTOR = 1.08


@lru_cache(maxsize=4096)
def _place_group(boxes, inner, outer, middle, obstacles, max_rows=MAX_ROWS):
    """{key: (x, y)} relative to "Me" for one sector of one ring, or None if the ring
    is too narrow. A pure function of its arguments, so it is cached: a change to one
    member lays out only that member's group again."""
    count = len(boxes)
    if count == 1:
        spots = _spots(boxes, 1, 0.0, middle, inner, outer)
        if spots and _valid(spots, boxes, 1, obstacles):
            return {boxes[0][0]: spots[0]}
        return None
    best = None  # (pitch × count / rows, spots): the group that takes the least of the ring
    for rows in range(1, min(max_rows, count) + 1):
        pitch, widest = GAP / outer, 2 * math.pi / count
        while pitch <= widest and (best is None or pitch * count / rows < best[0]):
            spots = _spots(boxes, rows, pitch, middle, inner, outer)
            if spots and _valid(spots, boxes, rows, obstacles):
                # A little more room than the least that fits, when there is room.
                roomier = _spots(boxes, rows, pitch * 1.1, middle, inner, outer)
                if roomier and _valid(roomier, boxes, rows, obstacles):
                    spots = roomier
                best = (pitch * count / rows, spots)
                break
            pitch *= _PITCH_FACTOR
    if best is None:
        return None
    return {box[0]: spot for box, spot in zip(boxes, best[1], strict=True)}


def _spots(boxes, rows, pitch, middle, inner, outer):
    """Points of a group's members, or None if one cannot fit between the ring's edges.

    A box reaches |dx|·width/2 + (dy·down below, or −dy·up above) from its point in
    the direction (dx, dy): inwards, outwards and along the ring. Written out
    rather than as a function: this is the layout's innermost loop (a ring's search
    tries many pitches and widths)."""
    count = len(boxes)
    spots = []
    sin, cos = math.sin, math.cos
    for index, (_, width, up, down) in enumerate(boxes):
        angle = middle + (index - (count - 1) / 2) * pitch
        ux, uy = sin(angle), -cos(angle)  # outwards
        vx, vy = cos(angle), sin(angle)  # along the ring
        half_ux, half_vx = abs(ux) * width / 2, abs(vx) * width / 2
        reach_in = half_ux + (-uy * down if -uy > 0 else uy * up)
        reach_out = half_ux + (uy * down if uy > 0 else -uy * up)
        along = half_vx + max(vy * down if vy > 0 else -vy * up, -vy * down if -vy > 0 else vy * up)
        lowest = inner + GAP + reach_in
        limit = (outer - GAP) ** 2 - along**2
        if limit <= 0:
            return None
        highest = math.sqrt(limit) - reach_out
        if highest < lowest:
            return None
        row = index % rows
        radius = (
            (lowest + highest) / 2 if rows == 1 else lowest + (highest - lowest) * row / (rows - 1)
        )
        spots.append((radius * ux, radius * uy))
    return spots


def _box(spot, box):
    x, y = spot
    _, width, up, down = box
    return (x - width / 2, y - up, x + width / 2, y + down)


def boxes_overlap(a, b, gap=GAP) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _valid(spots, boxes, rows, obstacles):
    rects = [_box(spot, box) for spot, box in zip(spots, boxes, strict=True)]
    for rect in rects:
        for obstacle in obstacles:
            if boxes_overlap(rect, obstacle):
                return False
    # Neighbours along the ring, and round the end: a group can go most of the way
    # round, so its last members come back near its first.
    reach = len(rects) if len(rects) <= 24 else 2 * rows + 3  # every pair, when few
    for index, rect in enumerate(rects):
        for other in rects[index + 1 : index + 1 + reach]:
            if boxes_overlap(rect, other):
                return False
    for first in rects[:reach]:
        for last in rects[max(reach, len(rects) - reach) :]:
            if boxes_overlap(first, last):
                return False
    return True
