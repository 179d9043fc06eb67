"""Where each network member is drawn: a deterministic, overlap-free circular layout.

Pure Python, no Django. Each member occupies a box (its shape and label). Members sit
on *tracks* (circles) inside their ring; every ring has at least one track. Around
the map, kind groups own *sectors* sized by how many members they have, so a ring's
family members sit together and line up with family in the other rings.

No two boxes overlap, by construction:
- on one track, neighbouring members are at least ``SPACING`` apart (the box
  diagonal plus a gap), measured as a straight line (chord);
- tracks are ``SPACING`` apart radially, also across ring boundaries;
- the first track keeps ``SPACING / 2`` clear of "Me".
When a ring cannot hold its members, it gets another track and everything outside
it moves out: the picture grows rather than crowds.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

MAX_MEMBERS = 150
RINGS = 3

NODE_WIDTH = 98  # room for a label of about 13 characters under the shape
NODE_HEIGHT = 54  # the shape and one line of text
GAP = 6
SPACING = math.hypot(NODE_WIDTH, NODE_HEIGHT) + GAP
ME_RADIUS = 44
MARGIN = 16
# Ring boundaries for small networks, so a map of four looks like a map of twelve.
DEFAULT_BOUNDARIES = (176, 306, 436)
# Each ring's name sits on its line at the top; the geometry above keeps it clear of
# members as long as the name is at most this wide either side of the centre.
RING_LABEL_HALF_WIDTH = 50
RING_LABEL_HALF_HEIGHT = 9


class TooManyMembers(ValueError):
    pass


@dataclass(frozen=True)
class LayoutItem:
    key: str
    ring: int  # 0 inner, 1 middle, 2 outer
    sector: int  # the kind group's position in the sector order
    order: tuple = ()  # sorts members within their sector


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

    @property
    def centre(self) -> float:
        return self.size / 2


def layout_network(items: Sequence[LayoutItem]) -> Layout:
    if len(items) > MAX_MEMBERS:
        raise TooManyMembers(f"A map can show at most {MAX_MEMBERS} members.")
    rings = [
        sorted((item for item in items if item.ring == ring), key=_sort_key)
        for ring in range(RINGS)
    ]
    sectors = _sectors(items)
    extra_tracks = [0] * RINGS
    while True:
        tracks, boundaries = _tracks(extra_tracks)
        angles = []
        for ring, members in enumerate(rings):
            placed = _place_ring(members, tracks[ring], sectors)
            if placed is None:
                extra_tracks[ring] += 1
                break
            angles.extend(placed)
        else:
            break
    centre = boundaries[-1] + MARGIN
    placements = {
        key: Placement(
            key=key,
            x=round(centre + radius * math.sin(angle), 1),
            y=round(centre - radius * math.cos(angle), 1),
        )
        for key, radius, angle in angles
    }
    return Layout(size=2 * centre, boundaries=tuple(boundaries), placements=placements)


def ring_label_y(layout: Layout, boundary: float) -> float:
    return layout.centre - boundary


def _sort_key(item: LayoutItem):
    return (item.sector, item.order, item.key)


def _sectors(items) -> dict[int, tuple[float, float]]:
    """Each kind group's (start angle, span), clockwise from the top."""
    counts: dict[int, int] = {}
    for item in items:
        counts[item.sector] = counts.get(item.sector, 0) + 1
    total = sum(counts.values())
    sectors, start = {}, 0.0
    for sector in sorted(counts):
        span = 2 * math.pi * counts[sector] / total
        sectors[sector] = (start, span)
        start += span
    return sectors


def _tracks(extra_tracks):
    """The track radii of each ring and each ring's outer boundary."""
    tracks, boundaries, inner_edge = [], [], ME_RADIUS
    for ring in range(RINGS):
        count = 1 + extra_tracks[ring]
        needed = count * SPACING
        outer_edge = max(DEFAULT_BOUNDARIES[ring], inner_edge + needed)
        # Centre the tracks in the ring's band.
        first = inner_edge + (outer_edge - inner_edge - needed) / 2 + SPACING / 2
        tracks.append([first + index * SPACING for index in range(count)])
        boundaries.append(outer_edge)
        inner_edge = outer_edge
    return tracks, boundaries


def _step(radius: float) -> float:
    """The smallest angle between two members on a track of this radius."""
    return 2 * math.asin(min(1.0, SPACING / (2 * radius)))


def _place_ring(members, radii, sectors):
    """[(key, radius, angle)] for a ring's members, or None if they do not fit."""
    if not members:
        return []
    by_sector: dict[int, list[LayoutItem]] = {}
    for member in members:
        by_sector.setdefault(member.sector, []).append(member)
    placed = []
    for sector, group in by_sector.items():
        start, span = sectors[sector]
        spread = _spread(group, radii, start, span)
        if spread is None:
            # The kind groups do not fit their sectors here: keep them together but
            # share the whole ring.
            return _spread(members, radii, 0.0, 2 * math.pi)
        placed.extend(spread)
    return placed


def _spread(members, radii, start, span):
    capacities = [int(span / _step(radius) + 1e-9) for radius in radii]
    if sum(capacities) < len(members):
        return None
    counts = _share(len(members), capacities)
    placed, remaining = [], iter(members)
    for radius, count in zip(radii, counts, strict=True):
        for index in range(count):
            angle = start + span * (index + 0.5) / count
            placed.append((next(remaining).key, radius, angle))
    return placed


def _share(total: int, capacities: list[int]) -> list[int]:
    """Split ``total`` members over tracks in proportion to their capacity."""
    capacity = sum(capacities)
    counts = [total * c // capacity for c in capacities]
    # Hand out what rounding left over, outermost (roomiest) track first.
    for index in sorted(range(len(capacities)), key=lambda i: -capacities[i]):
        if sum(counts) == total:
            break
        if counts[index] < capacities[index]:
            counts[index] += 1
    while sum(counts) < total:  # only when several tracks were full after one pass
        index = next(i for i, c in enumerate(capacities) if counts[i] < c)
        counts[index] += 1
    return counts
