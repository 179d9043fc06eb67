from django import template

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
