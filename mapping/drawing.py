"""Turns a layout into what the SVG template draws: rings, shapes and full labels."""

import math
from dataclasses import dataclass

from mapping.labels import LABEL_FONT_SIZE, LINE_HEIGHT, map_text, text_width, wrap_label
from mapping.layout import ME_RADIUS, LayoutItem, TooManyMembers, layout_network, ring_label_y
from mapping.models import CIRCLE_ORDER, Circle, MemberKind

SHAPE_RADIUS = 16
SHAPE_REACH = 24  # the tallest shape (the triangle) and its outline, above the point
LABEL_TOP = 20  # the label's first line starts this far below the point
LABEL_ASCENT = round(LABEL_FONT_SIZE * 14 / 15, 1)  # from a line's top to its baseline
LABEL_DESCENT = round(LABEL_FONT_SIZE * 4 / 15, 1)
MIN_BOX_WIDTH = 48  # a shape with no (or a very short) label
SUPPORT_BOX_WIDTH = 70  # room for the support symbols (or a change mark) beside the shape


@dataclass(frozen=True)
class MapNode:
    """What the template draws of one member. Coordinates are strings, formatted once
    here: the template prints a dozen per member, and Django would localise every float
    again on each redraw (most of a 60-member map's redraw time)."""

    member: object
    x: str
    y: str
    shape_y: str
    label_y: str
    points: str  # polygon points; empty for a circle
    lines: list  # [(text, baseline y)]: the label, on one or two lines
    box: tuple  # (x, y, width, height) of the shape and label, for the focus outline
    support_symbols: list = ()  # [SupportSymbol] beside the shape
    change: str = ""  # on a follow-up's map: "added" or "moved" since the last map
    change_glyph: str = ""
    change_x: str = "0.0"

    @property
    def short_label(self) -> str:
        return " ".join(text for text, _ in self.lines)

    @property
    def change_words(self) -> str:
        return CHANGE_WORDS.get(self.change, "")


@dataclass(frozen=True)
class SupportSymbol:
    support: str
    glyph: str
    x: str
    y: str


# Told apart by shape, not colour; the legend under the map names them.
SUPPORT_GLYPHS = {"illness": "✚", "everyday": "⌂", "emotional": "♥"}
SUPPORT_X = 27  # right of the shape; a change mark sits as far to its left
# Then and now: a new member has a dashed ring (no glyph); these sit left of the shape.
CHANGE_GLYPHS = {"moved": "↕", "removed": "✕"}
CHANGE_WORDS = {
    "added": "new since last time",
    "moved": "moved since last time",
    "removed": "no longer on the map",
}


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


def shorten(label: str) -> str:
    return map_text(label)


def member_box(
    label: str, *, supports: bool = False, marked: bool = False
) -> tuple[list[str], float, float, float]:
    """(lines, width, up, down): the label's lines and the box the member needs (with room
    for the support symbols on the right, or a change mark on the left)."""
    lines = wrap_label(label)
    width = max(
        SUPPORT_BOX_WIDTH if supports or marked else MIN_BOX_WIDTH,
        max(text_width(line) for line in lines) + 4,
    )
    down = LABEL_TOP + LABEL_ASCENT + LINE_HEIGHT * (len(lines) - 1) + LABEL_DESCENT
    return lines, width, SHAPE_REACH, down


def _order(member):
    # New members join the clockwise end of their group, so the others barely move.
    created = getattr(member, "created_at", None)
    return (member.kind.order, created.timestamp() if created else 0.0, member.label.casefold())


def draw_network(members, changes=None) -> NetworkDrawing:
    """Members need .pk, .label, .circle and .kind (with group_order, order, shape);
    .created_at and .supports are used when they have them. ``changes`` maps a member's
    pk to what happened to it since the last map ("added", "moved")."""
    changes = changes or {}
    boxes = {
        str(member.pk): member_box(
            member.label,
            supports=bool(getattr(member, "supports", ())),
            marked=member.pk in changes,
        )
        for member in members
    }
    layout = layout_network(
        [
            LayoutItem(
                key=str(member.pk),
                ring=CIRCLE_ORDER.index(member.circle),
                sector=member.kind.group_order,
                order=_order(member),
                width=boxes[str(member.pk)][1],
                up=boxes[str(member.pk)][2],
                down=boxes[str(member.pk)][3],
            )
            for member in members
        ]
    )
    nodes = []
    for member in members:
        place = layout.placements[str(member.pk)]
        lines, width, up, down = boxes[str(member.pk)]
        first = place.y + LABEL_TOP + LABEL_ASCENT
        x, y = str(place.x), str(place.y)
        change = changes.get(member.pk, "")
        supports = getattr(member, "supports", ())
        node = MapNode(
            member=member,
            x=x,
            y=y,
            shape_y=y,
            label_y=str(round(first, 1)),
            points=shape_points(member.kind.shape, place.x, place.y, SHAPE_RADIUS),
            lines=[(line, str(round(first + LINE_HEIGHT * i, 1))) for i, line in enumerate(lines)],
            support_symbols=[
                SupportSymbol(
                    support,
                    SUPPORT_GLYPHS[support],
                    str(round(place.x + SUPPORT_X, 1)),
                    str(round(place.y - 14 + 14 * i, 1)),
                )
                for i, support in enumerate(supports)
            ],
            change=change,
            change_glyph=CHANGE_GLYPHS.get(change, ""),
            change_x=str(round(place.x - SUPPORT_X, 1)),
            box=(
                str(round(place.x - width / 2, 1)),
                str(round(place.y - up, 1)),
                str(round(width, 1)),
                str(round(up + down, 1)),
            ),
        )
        # Document order is reading order for the arrow keys: ring by ring, clockwise.
        ring = CIRCLE_ORDER.index(member.circle)
        nodes.append(((ring, _angle(place.x, place.y, layout)), node))
    nodes = [node for _, node in sorted(nodes, key=lambda pair: pair[0])]
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


def _angle(x, y, layout) -> float:
    return math.atan2(x - layout.centre, layout.centre - y) % (2 * math.pi)


__all__ = ["TooManyMembers", "draw_network", "member_box", "shorten"]
