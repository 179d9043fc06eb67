import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from genie import two_factor
from genie.models import AccountEvent
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


# --- The enrolment bypass (#14 finding 1): a password alone must never replace or
# add an authenticator for a user who already has one.


def attempt_enrolment_with_password_only(client):
    """What an attacker with the password tries: open set-up, add their own app, confirm."""
    client.get(reverse("two_factor_setup"))
    client.get(reverse("two_factor_qr"))
    attacker_device = TOTPDevice.objects.filter(confirmed=False).first()
    if attacker_device is not None:
        client.post(reverse("two_factor_setup"), {"code": code_for(attacker_device)})
    return attacker_device


@pytest.mark.parametrize(
    ("username", "protected_url"),
    [("cara", "/evidence/"), ("alex", "/admin/genie/participant/")],
)
def test_password_alone_cannot_enrol_over_an_existing_authenticator(
    client, commissioner_user, admin, username, protected_url
):
    user = {"cara": commissioner_user, "alex": admin}[username]
    real_device = TOTPDevice.objects.create(user=user, name="Real phone", confirmed=True)
    sign_in(client, username)

    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 302
    assert setup["Location"] == reverse("two_factor_verify")
    assert client.get(reverse("two_factor_qr")).status_code == 302

    attempt_enrolment_with_password_only(client)
    assert client.get(protected_url).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exclude(pk=real_device.pk).exists()
    # The real user's own code still works, in a fresh sign-in.
    real_device.refresh_from_db()
    assert real_device.confirmed
    other = Client()
    sign_in(other, username)
    other.post(reverse("two_factor_verify"), {"code": code_for(real_device)})
    assert other.get(protected_url).status_code == 200


def test_the_refused_attempt_is_audited(client, commissioner_user):
    TOTPDevice.objects.create(user=commissioner_user, confirmed=True)
    sign_in(client, "cara")
    page = client.get(reverse("two_factor_setup"), follow=True)
    assert "You already have two-factor sign-in" in page.content.decode()
    event = AccountEvent.objects.get(action=AccountEvent.Action.ENROL_REFUSED)
    assert event.user == commissioner_user


def enrol(client, user):
    """First set-up from a fresh sign-in; returns the confirmed device and recovery codes."""
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response["Location"] == reverse("two_factor_recovery")
    page = client.get(reverse("two_factor_recovery")).content.decode()
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page)
    device.refresh_from_db()
    return device, codes


def test_recovery_codes_are_offered_once_at_set_up_and_work_once_each(client, admin):
    sign_in(client, "alex")
    _device, codes = enrol(client, admin)
    assert len(codes) == 10
    again = client.get(reverse("two_factor_recovery")).content.decode()
    assert "were shown once" in again
    assert not re.findall(r"<code>", again)
    assert AccountEvent.objects.filter(user=admin, action="2fa-enrolled").exists()

    # A later sign-in without the phone: a recovery code (any spacing or case) gets in.
    other = Client()
    sign_in(other, "alex")
    response = other.post(
        reverse("two_factor_verify"), {"code": f" {codes[0].upper()} "}, follow=True
    )
    page = response.content.decode()
    assert "You used a recovery code: 9 left" in page
    assert reverse("two_factor_setup") in page  # a way to replace the lost phone
    assert other.get(reverse("participant_list")).status_code == 200
    assert AccountEvent.objects.filter(action="2fa-recovery-used", what="9 left").exists()
    # Used up: the same code does not get in again.
    third = Client()
    sign_in(third, "alex")
    response = third.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert "did not match" in response.content.decode()
    assert third.get(reverse("participant_list")).status_code == 302


def test_a_verified_session_can_replace_the_authenticator(client, admin):
    sign_in(client, "alex")
    old, _codes = enrol(client, admin)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Set up a new authenticator app" in page
    new = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(new)})
    assert response["Location"] == reverse("two_factor_recovery")
    assert list(TOTPDevice.objects.filter(user=admin)) == [new]
    assert AccountEvent.objects.filter(
        user=admin, action="2fa-enrolled", what="replaced the authenticator app"
    ).exists()
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_enrolment_attempts_are_throttled_and_audited(client, admin):
    sign_in(client, "alex")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": "000000"})
    # Straight after a wrong code, even the right one waits (django-otp's throttling).
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("participant_list")).status_code == 302
    failures = AccountEvent.objects.filter(user=admin, action="2fa-enrol-failed")
    assert sorted(failures.values_list("what", flat=True)) == ["throttled", "wrong code"]


def test_an_admin_reset_is_audited_and_the_user_is_told_at_next_sign_in(
    client, commissioner_user, admin
):
    TOTPDevice.objects.create(user=commissioner_user, confirmed=True)
    StaticDevice.objects.create(user=commissioner_user, name="Recovery codes", confirmed=True)
    admin_client = Client()
    sign_in(admin_client, "alex")
    enrol(admin_client, admin)
    response = admin_client.post(
        reverse("admin:genie_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [commissioner_user.pk]},
        follow=True,
    )
    assert "Reset two-factor sign-in for 1 user" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=commissioner_user).exists()
    assert not StaticDevice.objects.filter(user=commissioner_user).exists()
    event = AccountEvent.objects.get(action="2fa-reset")
    assert (event.user, event.actor) == (commissioner_user, admin)

    sign_in(client, "cara")
    page = client.get(reverse("evidence_home"), follow=True).content.decode()
    assert "An administrator reset your two-factor sign-in" in page
    assert "Set up two-factor sign-in" in page  # first set-up again, with the password
    # Told once only.
    later = Client()
    sign_in(later, "cara")
    assert (
        "An administrator reset"
        not in later.get(reverse("evidence_home"), follow=True).content.decode()
    )


def test_a_session_whose_device_was_reset_is_sent_to_set_up(client, commissioner_user, admin):
    device = TOTPDevice.objects.create(user=commissioner_user, confirmed=True)
    sign_in(client, "cara")
    two_factor.two_factor_reset(actor=admin, user=commissioner_user)
    device.delete()
    response = client.get(reverse("two_factor_verify"), follow=True)
    assert "Set up two-factor sign-in" in response.content.decode()


def test_admins_cannot_read_or_add_devices_behind_the_users_back(client, admin):
    client.force_login(admin)
    page = client.get(reverse("admin:index")).content.decode()
    assert "TOTP devices" not in page and "Static devices" not in page
    for name in ("otp_totp_totpdevice", "otp_static_staticdevice"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{name}_add")
