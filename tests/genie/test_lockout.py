import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse


def sign_in(client, password):
    return client.post(reverse("login"), {"username": "faye", "password": password})


def test_five_failures_lock_the_username_out_with_a_clear_message(client, facilitator_user):
    for _attempt in range(4):
        assert "There is a problem" in sign_in(client, "wrong").content.decode()
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    # Even the right password is refused until the cool-off ends.
    still_locked = sign_in(client, "correct-horse-battery")
    assert still_locked.status_code == 429
    assert client.get(reverse("participant_list")).status_code == 302


def test_lockout_is_per_username(client, facilitator_user, other_facilitator):
    for _attempt in range(5):
        sign_in(client, "wrong")
    response = client.post(
        reverse("login"), {"username": "otto", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


# --- Behind a reverse proxy (#14 finding 4): the lockout is per client, never per proxy.

PROXY = "10.0.0.1"  # the reverse proxy, as Genie sees it (REMOTE_ADDR)
CLIENT_SETTINGS = [
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "AXES_IPWARE_PROXY_ORDER",
    "AXES_IPWARE_PROXY_COUNT",
    "IPWARE_STRICT",
]


def client_address_settings(**environ):
    """The client-address settings genie/settings.py makes from these variables."""
    script = (
        "import json, genie.settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {CLIENT_SETTINGS!r}}}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"GENIE_BEHIND_PROXY"}}
    env.update({"GENIE_SECRET_KEY": "x" * 50, **environ})
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


@pytest.fixture
def use_settings(settings):
    def apply(**environ):
        for name, value in client_address_settings(**environ).items():
            if value is not None:
                setattr(settings, name, tuple(value) if isinstance(value, list) else value)

    return apply


def sign_in_from(client, password, forwarded_for=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": "faye", "password": password}, **headers)


def test_behind_a_proxy_failures_lock_out_the_client_not_the_proxy(
    client, facilitator_user, use_settings
):
    use_settings(GENIE_BEHIND_PROXY="true")
    for _attempt in range(5):
        sign_in_from(client, "wrong", forwarded_for="203.0.113.10")
    assert sign_in_from(client, "wrong", forwarded_for="203.0.113.10").status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.10"
    # The real user, elsewhere, behind the same proxy, still signs in.
    elsewhere = Client()
    assert sign_in_from(elsewhere, "correct-horse-battery", "198.51.100.7").status_code == 302


def test_behind_a_proxy_a_forged_header_does_not_escape_the_lockout(
    client, facilitator_user, use_settings
):
    use_settings(GENIE_BEHIND_PROXY="true")
    # The client sends its own X-Forwarded-For; the proxy appends the real address.
    for attempt in range(5):
        sign_in_from(client, "wrong", forwarded_for=f"192.0.2.{attempt}, 203.0.113.10")
    locked = sign_in_from(client, "correct-horse-battery", "192.0.2.99, 203.0.113.10")
    assert locked.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.10"}


def test_two_trusted_proxies_take_the_address_the_outer_one_saw(
    client, facilitator_user, use_settings
):
    use_settings(GENIE_BEHIND_PROXY="true", GENIE_TRUSTED_PROXIES="2")
    # A load balancer (10.0.0.5) in front of the proxy: client, then the load balancer.
    sign_in_from(client, "wrong", forwarded_for="192.0.2.1, 203.0.113.10, 10.0.0.5")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.10"


def test_not_behind_a_proxy_the_header_is_never_trusted(client, facilitator_user, use_settings):
    use_settings()
    # Changing X-Forwarded-For on every try does not dodge the lockout.
    for attempt in range(5):
        sign_in_from(client, "wrong", forwarded_for=f"198.51.100.{attempt}", remote="192.0.2.50")
    locked = sign_in_from(client, "correct-horse-battery", "198.51.100.99", remote="192.0.2.50")
    assert locked.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.50"}
