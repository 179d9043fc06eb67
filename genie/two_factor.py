"""Setting up and checking a TOTP authenticator (django-otp)."""

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from genie.middleware import HAS_AUTHENTICATOR


@transaction.atomic
def two_factor_device_pending(*, user) -> TOTPDevice:
    """The user's not-yet-confirmed authenticator, created on first request."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def two_factor_device_confirm(*, request, token: str) -> bool:
    """Confirm the pending authenticator with a code from it; sign the session in with it."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session[HAS_AUTHENTICATOR] = True
    return True


def two_factor_verify(*, request, token: str) -> bool:
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
