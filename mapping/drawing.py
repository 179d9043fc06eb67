"""Turns a layout into what the SVG template draws: rings, shapes and short labels."""

import math
from dataclasses import dataclass

from mapping.layout import ME_RADIUS, LayoutItem, TooManyMembers, layout_network, ring_label_y
from mapping.models import CIRCLE_ORDER, Circle, MemberKind

SHAPE_RADIUS = 16
SHAPE_OFFSET = -10  # the shape sits above the point, the label below it
LABEL_OFFSET = 22
MAP_LABEL_LENGTH = 13  # longer labels are shortened on the map (never in the list)


@dataclass(frozen=True)
class MapNode:
    member: object
    x: float
    y: float
    shape_y: float
    label_y: float
    points: str  # polygon points; empty for a circle
    short_label: str


@dataclass(frozen=True)
class MapRing:
    name: str
    radius: float
    label_y: float


@dataclass(frozen=True)
class NetworkDrawing:
    size: float
    centre: float
    me_radius: float
    shape_radius: float
    rings: list[MapRing]
    nodes: list[MapNode]


def shape_points(shape: str, x: float, y: float, r: float) -> str:
    corners = {
        MemberKind.Shape.SQUARE: [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
        MemberKind.Shape.DIAMOND: [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)],
        # Centred on its centroid, so the letters sit in the middle of the triangle.
        MemberKind.Shape.TRIANGLE: [(0, -1.33), (1.15, 0.67), (-1.15, 0.67)],
        MemberKind.Shape.HEXAGON: [
            (math.cos(math.pi / 3 * i), math.sin(math.pi / 3 * i)) for i in range(6)
        ],
    }.get(shape)
    if corners is None:
        return ""
    return " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)


def shorten(label: str, length: int = MAP_LABEL_LENGTH) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def draw_network(members) -> NetworkDrawing:
    """Members need .pk, .label, .circle and .kind (with group_order, order, shape)."""
    layout = layout_network(
        [
            LayoutItem(
                key=str(member.pk),
                ring=CIRCLE_ORDER.index(member.circle),
                sector=member.kind.group_order,
                order=(member.kind.order, member.label.casefold()),
            )
            for member in members
        ]
    )
    nodes = []
    for member in members:
        place = layout.placements[str(member.pk)]
        shape_y = place.y + SHAPE_OFFSET
        nodes.append(
            MapNode(
                member=member,
                x=place.x,
                y=place.y,
                shape_y=shape_y,
                label_y=place.y + LABEL_OFFSET,
                points=shape_points(member.kind.shape, place.x, shape_y, SHAPE_RADIUS),
                short_label=shorten(member.label),
            )
        )
    return NetworkDrawing(
        size=layout.size,
        centre=layout.centre,
        me_radius=ME_RADIUS,
        shape_radius=SHAPE_RADIUS,
        rings=[
            MapRing(name=name, radius=radius, label_y=ring_label_y(layout, radius))
            for (_, name), radius in zip(Circle.choices, layout.boundaries, strict=True)
        ],
        nodes=nodes,
    )


__all__ = ["TooManyMembers", "draw_network", "shorten"]
