import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import facilitator


@pytest.fixture(autouse=True)
def require_two_factor(settings):
    settings.REQUIRE_TWO_FACTOR = True


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, username):
    return client.post(
        reverse("login"), {"username": username, "password": "correct-horse-battery"}
    )


def test_admin_must_set_up_an_authenticator_then_reaches_pages(client, admin):
    sign_in(client, "alex")
    response = client.get(reverse("participant_list"))
    assert response["Location"] == reverse("two_factor_setup")

    page = client.get(reverse("two_factor_setup"))
    assert "Scan this QR code" in page.content.decode()
    qr = client.get(reverse("two_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert "no-store" in qr["Cache-Control"]

    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "did not match" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows guessing; a person would wait a moment
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("participant_list")).status_code == 200


def test_commissioner_with_authenticator_must_enter_a_code(client, commissioner_user):
    device = TOTPDevice.objects.create(user=commissioner_user, confirmed=True)
    sign_in(client, "cara")
    assert client.get(reverse("evidence_home"))["Location"] == reverse("two_factor_verify")

    response = client.post(reverse("two_factor_verify"), {"code": "12ab"})
    assert "Enter the 6 digits" in response.content.decode()
    assert client.get(reverse("evidence_home")).status_code == 302

    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert client.get(reverse("evidence_home")).status_code == 200


def test_facilitator_without_authenticator_is_not_asked(client, organisation):
    facilitator(username="fran", organisation=organisation)
    sign_in(client, "fran")
    assert client.get(reverse("participant_list")).status_code == 200


def test_facilitator_who_opted_in_is_asked_for_a_code(client, facilitator_user):
    TOTPDevice.objects.create(user=facilitator_user, confirmed=True)
    sign_in(client, "faye")
    assert client.get(reverse("participant_list"))["Location"] == reverse("two_factor_verify")


def test_demo_mode_can_switch_it_off(client, admin, settings):
    settings.REQUIRE_TWO_FACTOR = False
    sign_in(client, "alex")
    assert client.get(reverse("participant_list")).status_code == 200
