from django import template
from django.utils.safestring import mark_safe

from mapping import svg
from mapping.drawing import shape_points

register = template.Library()


@register.inclusion_tag("mapping/includes/kind_icon.html")
def kind_icon(kind, size=24):
    """A small picture of a kind's shape and symbol, as on the map (decorative)."""
    centre = size / 2
    return {
        "kind": kind,
        "size": size,
        "centre": centre,
        "radius": size * 0.36,
        "points": shape_points(kind.shape, centre, centre, size * 0.36),
    }


def _lookup(context, name):
    """``{{ name }}`` as the template would find it ("" when it is not there)."""
    try:
        return template.Variable(name).resolve(context)
    except template.VariableDoesNotExist:
        return ""


@register.simple_tag(takes_context=True)
def network_svg(context):
    """The network map of ``state`` (mapping/includes/network_svg.html), with the
    page's participant, session and focus."""
    focused = _lookup(context, "focus_control") == "map"
    return mark_safe(  # noqa: S308 (mapping.svg escapes every value it writes)
        svg.network_svg(
            _lookup(context, "state.drawing"),
            _lookup(context, "state.metrics"),
            participant_name=_lookup(context, "participant.display_name"),
            interactive=bool(_lookup(context, "interactive")),
            session_id=_lookup(context, "session.pk"),
            map_id=_lookup(context, "map_id"),
            map_title=_lookup(context, "map_title"),
            focus_member=_lookup(context, "focus_member") if focused else None,
        )
    )
