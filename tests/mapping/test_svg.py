"""mapping.svg draws exactly what the network map's template drew (#21).

tests/mapping/reference_templates/ keeps that template. Each page is drawn by
both, with the same members: the interactive map of a follow-up, then and now,
an htmx change keeping focus on a member, and the printed summary; every SVG
must be the same but for the whitespace between tags."""

import re
import uuid
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from tests.factories import SessionFactory, own_sign_in
from tests.mapping.factories import NetworkMemberFactory, kind
from tests.mapping.test_views import HOSTILE, url

REFERENCE = Path(__file__).parent / "reference_templates"
SVG = re.compile(r'<svg class="genie-map__svg".*?</svg>', re.S)


def maps(page: str) -> list[str]:
    # Only the layout of the markup differs: a template's line breaks between tags.
    return [re.sub(r">\s*\n\s*<", "><", svg) for svg in SVG.findall(page)]


def drawn_both_ways(settings, get) -> tuple[list[str], list[str]]:
    new = maps(get())
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [REFERENCE, *engine["DIRS"]]}]
    old = maps(get())
    return new, old


def test_the_maps_of_a_follow_up_are_drawn_as_the_template_drew_them(
    facilitator_client, session, settings
):
    from mapping.services import snapshot_open

    baseline = snapshot_open(session=session)
    kinds = ["friend", "family", "neighbour", "professional", "group", "pet", "place"]
    for index, label in enumerate(
        [*HOSTILE, "Ågnès from the café & Co", "Dr Okafor at the surgery", "Jean", "Ken"]
    ):
        NetworkMemberFactory(
            snapshot=baseline,
            label=label,
            kind=kind(kinds[index % len(kinds)]),
            circle=("inner", "middle", "outer")[index % 3],
            gives_illness_support=index % 2 == 0,
            gives_everyday_support=index % 3 == 0,
            gives_emotional_support=index % 4 == 0,
        )
    session.completed_at = timezone.now()
    session.save()
    follow_up = SessionFactory(participant=session.participant, previous=session, kind="follow-up")
    facilitator_client.get(url("network", follow_up))  # copies the baseline's members
    copies = {m.label: m for m in follow_up.network_snapshot.members.all()}
    facilitator_client.post(
        url("network_member_move", follow_up, copies["Jean"].pk),
        {"circle": "outer", "version": copies["Jean"].version},
    )
    facilitator_client.post(url("network_member_remove", follow_up, copies["Ken"].pk))
    facilitator_client.post(
        url("network_member_add", follow_up),
        {
            "label": "Amy",
            "kind": "friend",
            "circle": "inner",
            "contact": "weekly",
            "support": ["emotional", "everyday"],
            "note": "",
            "add_token": str(uuid.uuid4()),
        },
    )

    page = lambda: facilitator_client.get(url("network", follow_up)).content.decode()  # noqa: E731
    new, old = drawn_both_ways(settings, page)
    assert len(new) == 3  # the map, then and now
    assert new == old


def test_an_htmx_change_keeps_focus_on_the_member_as_before(facilitator_client, session, settings):
    from mapping.models import NetworkMember
    from mapping.services import snapshot_open

    snapshot = snapshot_open(session=session)
    jo = NetworkMemberFactory(snapshot=snapshot, label="Jo", circle="middle")
    NetworkMemberFactory(snapshot=snapshot, label="Sam", circle="inner")

    def move():  # the same move from the same state each time
        NetworkMember.objects.filter(pk=jo.pk).update(circle="middle", version=1)
        return facilitator_client.post(
            url("network_member_move", session, jo.pk),
            {"circle": "outer", "version": 1, "from": "map"},
            headers={"HX-Request": "true"},
        ).content.decode()

    new, old = drawn_both_ways(settings, move)
    assert len(new) == 1
    assert re.search(rf'id="map-member-{jo.pk}"[^>]*data-genie-focus', new[0])
    assert new == old


def test_the_printed_summary_draws_the_map_as_before(facilitator_client, session, settings):
    from mapping.services import snapshot_open

    snapshot = snapshot_open(session=session)
    for index, label in enumerate(HOSTILE):
        NetworkMemberFactory(snapshot=snapshot, label=label, circle=("inner", "outer")[index % 2])

    def summary():
        return facilitator_client.get(
            reverse("session_summary", args=[session.pk])
        ).content.decode()

    new, old = drawn_both_ways(settings, summary)
    assert len(new) == 1
    assert new == old


def test_a_participants_own_map_is_drawn_as_before(participant, session, settings):
    from mapping.services import snapshot_open

    snapshot = snapshot_open(session=session)
    for index, label in enumerate(HOSTILE):
        NetworkMemberFactory(snapshot=snapshot, label=label, circle=("inner", "middle")[index % 2])
    session.completed_at = timezone.now()
    session.save()
    client = own_sign_in(participant)

    new, old = drawn_both_ways(settings, lambda: client.get(reverse("own_map")).content.decode())
    assert len(new) == 1
    assert new == old
