"""The network map as SVG, written in Python (the template network_svg.html calls it).

Every label is escaped text; nothing typed is ever markup. With ``interactive``,
every member is a control (a link to its row of the table, which network-map.js
turns into a menu of actions beside the member); otherwise the picture is one
image. Either way the table "Everyone on the map" is the full alternative.

Written here rather than as a template because each Stage 1 change redraws up to
three maps (the map, and then and now on a follow-up): drawn by Django's template
engine, a dozen tags per member made them the largest part of every change's
time (docs/performance.md, #21). tests/mapping/test_svg.py checks that this
draws exactly what the template did.
"""

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape

SUPPORT_WORDS = {"illness": "help with health", "everyday": "everyday help"}


def _text(value) -> str:
    """A value as the template engine prints it: localised, then escaped."""
    return escape(str(localize(value)))


def _classes(prefix: str, member, change: str = "") -> str:
    classes = [prefix, f"{prefix}--{_text(member.kind.group)}"]
    classes += [f"{prefix}--gives-{_text(support)}" for support in member.supports]
    if change:
        classes.append(f"{prefix}--{_text(change)}")
    return " ".join(classes)


def _gives(supports) -> str:
    words = []
    for index, support in enumerate(supports):
        if index == 0:
            words.append(". Gives ")
        elif index == len(supports) - 1:
            words.append(" and ")
        else:
            words.append(", ")
        words.append(SUPPORT_WORDS.get(support, "emotional support"))
    return "".join(words)


def _member(node, drawing, *, interactive, focus) -> list[str]:
    member = node.member
    label, circle = _text(member.label), _text(member.get_circle_display().lower())
    change_words = node.change_words
    out = []
    if interactive:
        aria = f"{label}: {_text(member.kind.name.lower())}, {circle}{_gives(member.supports)}"
        if change_words:
            aria += ". " + _text(change_words[:1].upper() + change_words[1:])
        pk, classes = _text(member.pk), _classes("genie-map__member", member, node.change)
        out.append(
            f'  <a id="map-member-{pk}" class="{classes}"'
            f' href="#member-{pk}" data-member="{pk}" data-label="{label}"'
            f' data-circle="{_text(member.circle)}" data-version="{_text(member.version)}"'
            f' aria-label="{aria}"{" data-genie-focus" if focus == member.pk else ""}>'
        )
    else:
        title = f"{label}: {_text(member.kind.name)}, {circle}"
        if change_words:
            title += f" ({_text(change_words)})"
        out.append(f'  <g class="{_classes("genie-map__member", member, node.change)}">')
        out.append(f"    <title>{title}</title>")
    x, shape_y = _text(node.x), _text(node.shape_y)
    box = [_text(value) for value in node.box[:4]]
    out.append(
        f'    <rect class="genie-map__focus" x="{box[0]}" y="{box[1]}"'
        f' width="{box[2]}" height="{box[3]}" rx="6"/>'
    )
    if node.points:
        out.append(f'    <polygon class="genie-map__shape" points="{_text(node.points)}"/>')
    else:
        out.append(
            f'    <circle class="genie-map__shape" cx="{x}" cy="{shape_y}"'
            f' r="{_text(drawing.shape_radius)}"/>'
        )
    # The label comes first: what is seen starts the accessible name (WCAG 2.5.3).
    lines = " ".join(
        f'<tspan x="{x}" y="{_text(baseline)}">{_text(line)}</tspan>'
        for line, baseline in node.lines
    )
    out.append(
        f'    <text class="genie-map__label" x="{x}" y="{_text(node.label_y)}"'
        f' text-anchor="middle" aria-hidden="true">{lines}</text>'
    )
    out.append("  </a>" if interactive else "  </g>")
    # Outside the member's link: the letters are not part of its name (WCAG 2.5.3),
    # and a click on them still reaches the link underneath.
    out.append(f'  <g class="{_classes("genie-map__marks", member)}" aria-hidden="true">')
    out.append(
        f'    <text class="genie-map__symbol" x="{x}" y="{shape_y}" dominant-baseline="central"'
        f' text-anchor="middle" aria-hidden="true">{_text(member.kind.symbol)}</text>'
    )
    if node.change:
        out.append(
            f'    <circle class="genie-map__change genie-map__change--{_text(node.change)}"'
            f' cx="{x}" cy="{shape_y}" r="23"/>'
        )
    if node.change_glyph:
        out.append(
            f'    <text class="genie-map__change-glyph" x="{_text(node.change_x)}" y="{shape_y}"'
            f' dominant-baseline="central" text-anchor="middle">{_text(node.change_glyph)}</text>'
        )
    out.append(
        "    "
        + "".join(
            f'<text class="genie-map__support genie-map__support--{_text(symbol.support)}"'
            f' x="{_text(symbol.x)}" y="{_text(symbol.y)}" dominant-baseline="central"'
            f' text-anchor="middle" aria-hidden="true">{_text(symbol.glyph)}</text>'
            for symbol in node.support_symbols
        )
    )
    out.append("  </g>")
    return out


def network_svg(
    drawing,
    metrics,
    *,
    participant_name: str,
    interactive: bool = False,
    session_id=None,
    map_id: str = "",
    map_title: str = "",
    focus_member=None,
) -> str:
    """The map (mapping.drawing.NetworkDrawing, with the network's metrics) as SVG
    markup. ``focus_member`` is the member whose link keeps keyboard focus after a
    change (interactive maps)."""
    map_id = _text(map_id or "network-map")
    size, centre = _text(drawing.size), _text(drawing.centre)
    opening = (
        f'<svg class="genie-map__svg" viewBox="0 0 {size} {size}" data-genie-map-size="{size}"'
    )
    if interactive:
        url = reverse("network", args=[session_id])
        rings = " ".join(_text(ring.radius) for ring in drawing.rings)
        opening += f' data-network-url="{_text(url)}" data-centre="{centre}" data-rings="{rings}"'
        opening += (
            ' role="group" aria-labelledby="network-map-title" aria-describedby="network-map-desc"'
        )
    else:
        opening += f' role="img" aria-labelledby="{map_id}-title {map_id}-desc"'
    per_circle = metrics.per_circle
    describe = (
        f"{_text(metrics.size)} member{'' if metrics.size == 1 else 's'}:"
        f" {_text(per_circle['inner'])} in the inner circle,"
        f" {_text(per_circle['middle'])} in the middle circle and"
        f" {_text(per_circle['outer'])} in the outer circle."
    )
    if interactive:
        describe += (
            " Press Tab to reach the members, the arrow keys to go from one to the next"
            " and Enter for what you can do with one."
        )
    describe += " The table “Everyone on the map” lists them all."
    out = [
        opening + ' xmlns="http://www.w3.org/2000/svg">',
        f'  <title id="{map_id}-title">{_text(map_title or "Network map of")}'
        f" {_text(participant_name)}</title>",
        f'  <desc id="{map_id}-desc">{describe}</desc>',
        '  <g aria-hidden="true">',
    ]
    rings = list(drawing.rings)
    for number, ring in reversed(list(enumerate(rings, start=1))):
        out.append(
            f'  <circle class="genie-map__ring genie-map__ring--{number}" cx="{centre}"'
            f' cy="{centre}" r="{_text(ring.radius)}"/>'
        )
    out.append(
        f'  <circle class="genie-map__me" cx="{centre}" cy="{centre}"'
        f' r="{_text(drawing.me_radius)}"/>'
    )
    out.append(
        f'  <text class="genie-map__me-label" x="{centre}" y="{centre}"'
        ' dominant-baseline="central" text-anchor="middle">Me</text>'
    )
    out.append("  </g>")
    for node in drawing.nodes:
        out += _member(node, drawing, interactive=interactive, focus=focus_member)
    out.append('  <g aria-hidden="true">')
    for ring in rings:
        out.append(
            f'  <text class="genie-map__ring-label" x="{centre}" y="{_text(ring.label_y)}"'
            f' dominant-baseline="central" text-anchor="middle">{_text(ring.name)}</text>'
        )
    out.append("  </g>")
    out.append("</svg>")
    return "\n".join(out)
