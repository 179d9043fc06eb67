"""How the cost of redrawing the network map grows with its size.

1. Redraw alone: layout, feedback and the SVG template for maps of 6, 60 and 150
   members (no database: unsaved members), each against the 6-member map.
2. The whole htmx action a facilitator waits for: moving one member to another
   circle (request, queries, map, table, feedback), on a scratch test database
   (Django's test database for DATABASE_URL; SQLite in memory by default), at 6
   and 60 members. The target: 60 members take at most 3× as long.

The layout is cached per circle and per kind group, so an action lays out again only
what it changed; the action timed here alternates one member between two circles,
as a facilitator trying it out would.

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


def action_timings(sizes=(6, 60), runs=15) -> dict[int, float]:
    """Seconds per htmx move, best of three rounds, on a scratch database."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0)
    from mapping.models import MemberKind, NetworkSnapshot
    from tests.factories import ParticipantFactory, SessionFactory, facilitator
    from tests.mapping.factories import NetworkMemberFactory

    kinds = list(MemberKind.objects.order_by("order"))
    user = facilitator(username="bench")
    client = Client()
    client.force_login(user)
    timings = {}
    for size in sizes:
        participant = ParticipantFactory(organisation=user.organisation, consent_recorded_by=user)
        session = SessionFactory(participant=participant, facilitator=user)
        snapshot = NetworkSnapshot.objects.create(session=session)
        members = [
            NetworkMemberFactory(
                snapshot=snapshot,
                label=f"Member number {index}",
                kind=kinds[index % len(kinds)],
                circle=CIRCLE_ORDER[index % 3],
            )
            for index in range(size)
        ]
        moving = members[0]
        target = reverse("network_member_move", args=[session.pk, moving.pk])
        client.get(reverse("network", args=[session.pk]))  # warm up

        def move(moving=moving, target=target):
            moving.refresh_from_db()
            circle = "outer" if moving.circle != "outer" else "middle"
            response = client.post(
                target, {"circle": circle, "version": moving.version}, HTTP_HX_REQUEST="true"
            )
            assert response.status_code == 200

        best = min(timeit.repeat(move, number=runs, repeat=3))
        timings[size] = best / runs
    return timings


def main():
    timings = {}
    for size in (6, 60, 150):
        members = network(size)
        runs = 20
        best = min(timeit.repeat(lambda m=members: redraw(m), number=runs, repeat=5))
        timings[size] = best / runs
    base = timings[6]
    print("Redraw alone (layout, feedback, SVG):")
    for size, seconds in timings.items():
        print(f"{size:>4} members: {seconds * 1000:7.2f} ms per redraw, {seconds / base:5.1f}x")
    actions = action_timings()
    base = actions[6]
    print("The whole htmx action (move one member):")
    for size, seconds in actions.items():
        print(f"{size:>4} members: {seconds * 1000:7.2f} ms per move, {seconds / base:5.1f}x")


if __name__ == "__main__":
    main()
