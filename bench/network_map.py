"""How the cost of redrawing the network map grows with its size.

Times layout, feedback and the SVG template for maps of 6, 60 and 150 members
(no database: unsaved members) and prints each against the 6-member map. Every
htmx action on Stage 1 pays this once, so the ratios should stay modest.

    .venv/bin/python bench/network_map.py
"""

import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402

from mapping.drawing import draw_network  # noqa: E402
from mapping.feedback import network_metrics, network_type  # noqa: E402
from mapping.models import CIRCLE_ORDER, ContactFrequency, MemberKind, NetworkMember  # noqa: E402

KINDS = [
    MemberKind(code=code, name=code.title(), group=group, shape=shape, symbol=code[:2], order=i)
    for i, (code, group, shape) in enumerate(
        [
            ("family", "family", "circle"),
            ("friend", "people", "square"),
            ("professional", "services", "diamond"),
            ("group", "community", "hexagon"),
            ("pet", "things", "triangle"),
        ]
    )
]


def network(size: int) -> list[NetworkMember]:
    return [
        NetworkMember(
            label=f"Member {index}",
            kind=KINDS[index % len(KINDS)],
            circle=CIRCLE_ORDER[index % 3],
            contact=ContactFrequency.values[index % 4],
            gives_emotional_support=index % 2 == 0,
        )
        for index in range(size)
    ]


def redraw(members):
    drawing = draw_network(members)
    metrics = network_metrics(members)
    network_type(metrics)

    class State:
        pass

    state = State()
    state.drawing, state.metrics = drawing, metrics
    render_to_string(
        "mapping/includes/network_svg.html",
        {"state": state, "participant": {"display_name": "Bench"}},
    )


def main():
    timings = {}
    for size in (6, 60, 150):
        members = network(size)
        runs = 20
        best = min(timeit.repeat(lambda m=members: redraw(m), number=runs, repeat=5))
        timings[size] = best / runs
    base = timings[6]
    for size, seconds in timings.items():
        print(f"{size:>4} members: {seconds * 1000:7.2f} ms per redraw, {seconds / base:5.1f}x")


if __name__ == "__main__":
    main()
