"""The second factor (django-otp): an authenticator app (TOTP) and single-use
recovery codes (django-otp static tokens).

A password alone may set up the first authenticator (right after a first sign-in);
adding or replacing one needs a session already verified with a second factor, or
an admin's reset. Every attempt is recorded (genie.audit.account_event_record).
"""

from base64 import b32encode
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from genie.audit import account_event_record
from genie.models import AccountEvent

# The session remembers, from sign-in, whether the user has a second factor.
HAS_AUTHENTICATOR = "genie_has_authenticator"
# New recovery codes wait here (server-side session) until shown, once.
RECOVERY_CODES_TO_SHOW = "genie_recovery_codes"
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"

CONFIRMED = "confirmed"
WRONG = "wrong"
THROTTLED = "throttled"
REFUSED = "refused"


@dataclass
class Outcome:
    result: str
    recovery_codes: list[str] = field(default_factory=list)
    recovery_codes_left: int | None = None

    @property
    def ok(self) -> bool:
        return self.result == CONFIRMED


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def enrolment_allowed(*, request) -> bool:
    """First set-up needs only the password; adding or replacing needs a verified session."""
    return request.user.is_verified() or not has_confirmed_device(request.user)


def _record(request, action, what=""):
    account_event_record(actor=request.user, user=request.user, action=action, what=what)


def enrolment_refused_record(*, request) -> None:
    _record(request, AccountEvent.Action.ENROL_REFUSED, what=request.method)


@transaction.atomic
def two_factor_device_pending(*, request) -> TOTPDevice | None:
    """The user's not-yet-confirmed authenticator, created on first request.

    None when the session may not enrol (the user already has a second factor and
    this session has not used it).
    """
    if not enrolment_allowed(request=request):
        return None
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def _lock_user(user) -> None:
    # Two confirmations at once cannot both pass the checks below.
    users = get_user_model().objects.select_related(None)  # no outer join to lock
    users.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def two_factor_device_confirm(*, request, token: str) -> Outcome:
    """Confirm the pending authenticator with a code from it and sign the session in
    with it. A replacement (from a verified session) removes the old authenticator.
    New recovery codes are issued either way."""
    user = request.user
    _lock_user(user)
    if not enrolment_allowed(request=request):
        enrolment_refused_record(request=request)
        return Outcome(REFUSED)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        _record(request, AccountEvent.Action.ENROL_FAILED, what="no set-up in progress")
        return Outcome(WRONG)
    if not device.verify_is_allowed()[0]:
        _record(request, AccountEvent.Action.ENROL_FAILED, what="throttled")
        return Outcome(THROTTLED)
    if not device.verify_token(token):  # counts the failure (django-otp's throttling)
        _record(request, AccountEvent.Action.ENROL_FAILED, what="wrong code")
        return Outcome(WRONG)
    replaced, _ = TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session[HAS_AUTHENTICATOR] = True
    _record(
        request,
        AccountEvent.Action.ENROLLED,
        what="replaced the authenticator app" if replaced else "first set-up",
    )
    return Outcome(CONFIRMED, recovery_codes=recovery_codes_issue(request=request))


@transaction.atomic
def recovery_codes_issue(*, request) -> list[str]:
    """A new set of single-use recovery codes; any earlier ones stop working.

    Only for a verified session (the caller has just verified or confirmed)."""
    if not request.user.is_verified():
        raise PermissionError("Recovery codes are issued only to a verified session.")
    device, _ = StaticDevice.objects.get_or_create(
        user=request.user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    _record(request, AccountEvent.Action.RECOVERY_ISSUED)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def normalise_recovery_code(value: str) -> str:
    return "".join(value.split()).replace("-", "").lower()


def is_authenticator_code(value: str) -> bool:
    return value.isdigit() and len(value) == 6


@transaction.atomic
def two_factor_verify(*, request, token: str) -> Outcome:
    """Check a code from the authenticator app, or a recovery code (used up once accepted)."""
    user = request.user
    recovery = not is_authenticator_code(token)
    if recovery:
        token = normalise_recovery_code(token)
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    throttled = False
    for device in devices:
        if not device.verify_is_allowed()[0]:
            throttled = True
            continue
        if device.verify_token(token):
            otp_login(request, device)
            if not recovery:
                return Outcome(CONFIRMED)
            left = device.token_set.count()
            _record(request, AccountEvent.Action.RECOVERY_USED, what=f"{left} left")
            return Outcome(CONFIRMED, recovery_codes_left=left)
    _record(
        request,
        AccountEvent.Action.VERIFY_FAILED,
        what=("recovery code" if recovery else "authenticator code")
        + (", throttled" if throttled else ""),
    )
    return Outcome(THROTTLED if throttled else WRONG)


@transaction.atomic
def two_factor_reset(*, actor, user) -> None:
    """An admin removes a user's authenticator and recovery codes (a lost phone).

    The user sets up again at next sign-in, and is told that an admin reset it."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    account_event_record(
        actor=actor, user=user, action=AccountEvent.Action.RESET, notice_pending=True
    )


@transaction.atomic
def reset_notices_take(*, user) -> list[AccountEvent]:
    """Resets the user has not been told about yet; they count as told from now."""
    pending = list(
        AccountEvent.objects.select_for_update().filter(
            user=user, action=AccountEvent.Action.RESET, notice_pending=True
        )
    )
    AccountEvent.objects.filter(pk__in=[event.pk for event in pending]).update(notice_pending=False)
    return pending


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
