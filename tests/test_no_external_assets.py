"""Genie serves every script, style, font and image itself: no CDN, no internet."""

import re

from django.urls import reverse

ASSET = re.compile(
    r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def external_assets(html: str) -> list[str]:
    return [html[max(m.start() - 40, 0) : m.end() + 60] for m in ASSET.finditer(html)]


def test_rendered_pages_reference_no_external_asset(client, facilitator_user, participant, session):
    pages = [reverse("login")]
    client.force_login(facilitator_user)
    pages += [
        reverse("participant_list"),
        reverse("participant_create"),
        reverse("participant_detail", args=[participant.pk]),
        reverse("network", args=[session.pk]),
        reverse("preferences", args=[session.pk]),
        reverse("opportunities", args=[session.pk]),
        reverse("plan", args=[session.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert external_assets(html) == [], url


def test_detector_catches_cdn_links():
    assert external_assets('<script src="https://cdn.example/x.js"></script>')
    assert external_assets("<link href='//fonts.example/a.css'>")
    assert external_assets("a{background:url(https://x/y.png)}")
    assert not external_assets('<a href="/participants/">')
