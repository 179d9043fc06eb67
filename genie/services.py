"""Writes for participants and sessions. Each is one transaction."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from genie import roles
from genie.audit import audit_record
from genie.measures import ucla3_total
from genie.models import (
    AccountEvent,
    AuditEvent,
    ConsentStatement,
    ErasureRequest,
    Organisation,
    Participant,
    Session,
    SignInCode,
    Stage,
    User,
    WellbeingMeasures,
)
from genie.privacy import participant_export
from genie.selectors import consent_statement_current


class ConsentStatementChanged(Exception):
    """The statement read to the participant is no longer the organisation's current one."""


def _consent_statement_agreed(statement: ConsentStatement) -> ConsentStatement:
    """The saved statement the participant agreed to (Genie's default is saved as the
    organisation's version 1 the first time). Raises ConsentStatementChanged when an
    admin has published a newer version since it was shown."""
    # Lock the organisation so a version published meanwhile is seen, not missed.
    Organisation.objects.select_for_update().filter(pk=statement.organisation_id).first()
    latest = (
        ConsentStatement.objects.filter(organisation_id=statement.organisation_id)
        .order_by("-version")
        .first()
    )
    if latest is None and statement._state.adding and statement.version == 1:
        statement.save()
        return statement
    if latest is None or latest.version != statement.version:
        raise ConsentStatementChanged
    return latest


class SessionFinished(ValidationError):
    """A write to a finished session: it is read-only until its facilitator reopens it."""

    MESSAGE = (
        "This session is finished, so nothing in it can be changed. "
        "Its facilitator can reopen it from the participant's page."
    )

    def __init__(self, message: str = MESSAGE):
        super().__init__(message, code="finished")


def session_lock_open(*, session_id) -> None:
    """Lock a session's row for this transaction and refuse if it is finished.

    Every write to a session's content (its map, answers, limits, choices,
    outcomes, measures) calls this first, inside its transaction. The row lock
    also serialises the writes of one session, so limits counted before an
    insert (150 members, three choices) hold under concurrent requests, and a
    write racing with "Finish" either lands first or is refused.
    """
    completed_at = (
        Session.objects.select_for_update()
        .filter(pk=session_id)
        .values_list("completed_at", flat=True)
        .first()
    )
    if completed_at is not None:
        raise SessionFinished()


@transaction.atomic
def consent_statement_ensure(*, organisation: Organisation) -> ConsentStatement:
    """The organisation's current statement, saving Genie's default as version 1 if it
    has none yet (new organisations, the demo)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    statement = consent_statement_current(organisation=organisation)
    if statement._state.adding:
        statement.save()
    return statement


@transaction.atomic
def consent_statement_publish(
    *, user, organisation: Organisation, data_use: str, case_study: str
) -> ConsentStatement:
    """A new version of the organisation's statement; earlier versions stay as they were.

    Until an organisation publishes its own, participants are shown Genie's default as
    version 1: it is saved as such first, so the admin's wording is version 2."""
    latest = consent_statement_ensure(organisation=organisation)
    return ConsentStatement.objects.create(
        organisation=organisation,
        version=latest.version + 1,
        data_use=data_use,
        case_study=case_study,
        published_by=user,
    )


@transaction.atomic
def participant_create(*, user, data: dict, consent_statement: ConsentStatement) -> Participant:
    conditions = data.pop("conditions", [])
    participant = Participant.objects.create(
        organisation=user.organisation,
        consent_statement=_consent_statement_agreed(consent_statement),
        consent_recorded_at=timezone.now(),
        consent_recorded_by=user,
        **data,
    )
    participant.conditions.set(conditions)
    audit_record(user=user, participant=participant, action=AuditEvent.Action.CREATED)
    return participant


@transaction.atomic
def participant_update(
    *, user, participant: Participant, data: dict, consent_statement: ConsentStatement
) -> Participant:
    """Change the details. A change of consent records the statement read this time."""
    conditions = data.pop("conditions", None)
    # Compared with the stored row: a ModelForm has already copied its values onto
    # ``participant`` when it validated.
    stored = Participant.objects.select_for_update().get(pk=participant.pk)
    consent_changed = any(
        getattr(stored, field) != data.get(field, getattr(stored, field))
        for field in ("consent_data_use", "consent_case_study")
    )
    for field, value in data.items():
        setattr(participant, field, value)
    if consent_changed:
        participant.consent_statement = _consent_statement_agreed(consent_statement)
        participant.consent_recorded_at = timezone.now()
        participant.consent_recorded_by = user
    participant.save()
    if conditions is not None:
        participant.conditions.set(conditions)
    audit_record(
        user=user, participant=participant, action=AuditEvent.Action.CHANGED, what="details"
    )
    return participant


@transaction.atomic
def session_start(*, user, participant: Participant) -> Session:
    """Start a session, or return the one already in progress.

    Returning the open session makes a double click or a second tab harmless.
    """
    # Lock the participant row so two simultaneous starts cannot both create.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    open_session = participant.sessions.filter(completed_at__isnull=True).first()
    if open_session:
        return open_session
    previous = participant.sessions.filter(completed_at__isnull=False).first()
    session = Session.objects.create(
        participant=participant,
        facilitator=user,
        kind=Session.Kind.FOLLOW_UP if previous else Session.Kind.BASELINE,
        previous=previous,
        # A follow-up starts by asking how the activities chosen last time went.
        stage=Stage.REVIEW if previous else Stage.NETWORK,
    )
    audit_record(
        user=user, participant=participant, action=AuditEvent.Action.CREATED, what="session"
    )
    return session


STAGE_ORDER = list(Stage.values)


@transaction.atomic
def session_reach_stage(*, session: Session, stage: str) -> Session:
    """Record that the session has reached ``stage`` (it never moves backwards)."""
    if STAGE_ORDER.index(stage) > STAGE_ORDER.index(session.stage):
        Session.objects.filter(pk=session.pk).update(stage=stage, updated_at=timezone.now())
        session.stage = stage
    return session


@transaction.atomic
def session_complete(*, session: Session, user=None) -> Session:
    """Finish the session (``user``: who, for the audit trail; None only for demo data)."""
    if session.completed_at is None:
        session.completed_at = timezone.now()
        session.stage = Stage.PLAN
        session.save(update_fields=["completed_at", "stage", "updated_at"])
        if user is not None:
            audit_record(
                user=user,
                participant=session.participant,
                action=AuditEvent.Action.CHANGED,
                what="session finished",
            )
    return session


class SessionNotReopenable(PermissionDenied):
    pass


@transaction.atomic
def session_reopen(*, user, session: Session) -> Session:
    """Reopen a finished session for changes: only its facilitator, only the
    participant's latest session, and only while no other session is open."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.completed_at is None:
        return session
    if session.facilitator_id != user.pk:
        raise SessionNotReopenable("Only the facilitator who ran this session can reopen it.")
    # Lock the participant too, as starting a session does, so a reopen and a start
    # cannot both leave a session open.
    Participant.objects.select_for_update().filter(pk=session.participant_id).first()
    others = Session.objects.filter(participant_id=session.participant_id).exclude(pk=session.pk)
    if others.filter(completed_at__isnull=True).exists():
        raise SessionNotReopenable(
            "Another session with this participant is in progress, so this one cannot be reopened."
        )
    if others.filter(started_at__gt=session.started_at).exists():
        raise SessionNotReopenable(
            "A later session follows this one, so it cannot be reopened: its record "
            "is what the follow-up compared with."
        )
    session.completed_at = None
    session.save(update_fields=["completed_at", "updated_at"])
    audit_record(
        user=user,
        participant=session.participant,
        action=AuditEvent.Action.CHANGED,
        what="session reopened",
    )
    return session


@transaction.atomic
def participant_erase(*, user, participant: Participant) -> None:
    """Erase a participant and everything recorded about them.

    Sessions, snapshots, members, answers and choices are deleted with the
    participant (foreign keys cascade). The audit trail keeps its content-free
    rows (ids, actions, times) and gains one saying the record was erased.
    """
    audit_record(user=user, participant=participant, action=AuditEvent.Action.ERASED)
    _erase(participant)


@transaction.atomic
def participant_erase_expired(*, participant: Participant) -> None:
    """Erase a participant past the retention period (the retention job, not a user)."""
    AuditEvent.objects.create(
        actor=None,
        actor_username="retention job",
        action=AuditEvent.Action.ERASED,
        participant_id=participant.pk,
        organisation_id=participant.organisation_id,
        what="past retention period",
    )
    _erase(participant)


ERASED_SIGN_IN = "participant's own sign-in (erased)"


def _erase(participant: Participant) -> None:
    """Delete the participant (everything cascades) and scrub the administration history.

    Django's admin history (LogEntry, shown as "Recent actions" and each object's
    history) names objects by their str(), which for a participant is the
    reference. The entries stay (who changed something, when) without the name.
    """
    types = ContentType.objects.get_for_models(Participant, Session)
    session_ids = [str(pk) for pk in participant.sessions.values_list("pk", flat=True)]
    for model, object_ids, name in (
        (Participant, [str(participant.pk)], "Erased participant"),
        (Session, session_ids, "Session of an erased participant"),
    ):
        LogEntry.objects.filter(content_type=types[model], object_id__in=object_ids).update(
            object_repr=name, change_message=""
        )
    # The participant's own sign-in goes with them (#20); the trail keeps what it did
    # without the username they chose, which may name them.
    own = User.objects.select_related(None).filter(participant=participant).first()
    if own is not None:
        AuditEvent.objects.filter(actor=own).update(actor_username=ERASED_SIGN_IN)
        AccountEvent.objects.filter(actor=own).update(actor_username=ERASED_SIGN_IN)
        AccountEvent.objects.filter(user=own).update(username=ERASED_SIGN_IN)
    participant.delete()


def participant_export_record(*, user, participant: Participant) -> dict:
    """The subject access export, with the export itself audited."""
    audit_record(
        user=user,
        participant=participant,
        action=AuditEvent.Action.EXPORTED,
        what="subject access export",
    )
    return participant_export(participant=participant)


STAFF_NOTE_KEYS = {"note", "notes"}


def _without_staff_notes(data):
    if isinstance(data, dict):
        return {k: _without_staff_notes(v) for k, v in data.items() if k not in STAFF_NOTE_KEYS}
    if isinstance(data, list):
        return [_without_staff_notes(item) for item in data]
    return data


def participant_export_own(*, user, participant: Participant) -> dict:
    """The participant's own download (#20): the subject access export without the
    facilitators' notes (those come with a full request to the organisation). Audited."""
    audit_record(
        user=user,
        participant=participant,
        action=AuditEvent.Action.EXPORTED,
        what="own data download",
    )
    data = _without_staff_notes(participant_export(participant=participant))
    data["own_sign_in"] = {
        "username": user.get_username(),
        "erasure_requested_at": [
            request.requested_at.isoformat() for request in participant.erasure_requests.all()
        ],
    }
    return data


@transaction.atomic
def wellbeing_record(*, user, session: Session, data: dict) -> WellbeingMeasures:
    """Save the session's answers (replacing earlier ones: a second tab or a
    double submit leaves one record, the latest)."""
    session_lock_open(session_id=session.pk)
    total = ucla3_total(data.get("lack_companionship"), data.get("left_out"), data.get("isolated"))
    measures, _created = WellbeingMeasures.objects.update_or_create(
        session=session, defaults={**data, "ucla3_total": total}
    )
    Session.objects.filter(pk=session.pk).update(wellbeing_offered=True)
    audit_record(
        user=user,
        participant=session.participant,
        action=AuditEvent.Action.CHANGED,
        what="wellbeing measures",
    )
    return measures


@transaction.atomic
def wellbeing_skip(*, session: Session) -> Session:
    """The participant would rather not answer now: the session goes on without them
    (they stay a link away in the session bar)."""
    Session.objects.filter(pk=session.pk).update(wellbeing_offered=True)
    session.wellbeing_offered = True
    return session


# --- A participant's own sign-in (#20) -----------------------------------------

# No 0/O, 1/I/L: read aloud or copied from paper without mistakes. 12 characters of
# 31 are about 59 bits; a code is also single-use, expires, and tries are limited.
SIGN_IN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SIGN_IN_CODE_LENGTH = 12
SIGN_IN_CODE_DAYS = 30


def sign_in_code_normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _sign_in_code_hash(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, sign_in_code_normalise(code).encode(), hashlib.sha256).hexdigest()


class SignInCodeInvalid(ValidationError):
    MESSAGE = (
        "That code does not work. It may be mistyped, already used or more than "
        f"{SIGN_IN_CODE_DAYS} days old. Check it, or ask your facilitator for a new one."
    )

    def __init__(self):
        super().__init__(self.MESSAGE, code="invalid_code")


class UsernameTaken(ValidationError):
    MESSAGE = "That username is already taken. Choose another."

    def __init__(self):
        super().__init__(self.MESSAGE, code="username_taken")


@transaction.atomic
def sign_in_code_issue(*, user, participant: Participant) -> tuple[str, SignInCode]:
    """A new one-time code for the participant to set up (or reset) their own sign-in.

    Any earlier unused code stops working. Returns the code as shown (in groups of
    four) and its record; only the code's keyed hash is stored."""
    now = timezone.now()
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    participant.sign_in_codes.filter(used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = "".join(secrets.choice(SIGN_IN_CODE_ALPHABET) for _ in range(SIGN_IN_CODE_LENGTH))
    record = SignInCode.objects.create(
        participant=participant,
        code_hash=_sign_in_code_hash(code),
        created_by=user,
        expires_at=now + timedelta(days=SIGN_IN_CODE_DAYS),
    )
    has_sign_in = User.objects.filter(participant=participant).exists()
    audit_record(
        user=user,
        participant=participant,
        action=AuditEvent.Action.CREATED,
        what="sign-in reset code" if has_sign_in else "sign-in invitation code",
    )
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4)), record


def sign_in_code_email(*, participant: Participant, code: str, address: str, set_up_url: str):
    """Send the code to the participant (the address is not stored). The message names
    the service, never the person; it is sent after the code is saved."""
    organisation = participant.organisation.name

    def send():
        send_mail(
            subject=f"Your Genie sign-in from {organisation}",
            message=(
                f"{organisation} has invited you to set up your own Genie sign-in, to see "
                f"your plan and map between sessions.\n\nGo to {set_up_url} and enter this "
                f"code: {code}\n\nIt works once, for {SIGN_IN_CODE_DAYS} days. If you did "
                "not expect this email, you can ignore it."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
            fail_silently=True,
        )

    transaction.on_commit(send)


@transaction.atomic
def sign_in_code_redeem(*, code: str, username: str, password: str) -> User:
    """Set up the participant's own sign-in with a code, or reset its password.

    The code is locked and used once: a double submit or a second tab finds it used.
    The caller has checked the password against the validators."""
    record = (
        SignInCode.objects.select_for_update(of=("self",))
        .select_related("participant")
        .filter(
            code_hash=_sign_in_code_hash(code),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if record is None:
        raise SignInCodeInvalid()
    participant = record.participant
    # No join to the (nullable) organisation: PostgreSQL locks no outer join.
    account = (
        User.objects.select_related(None)
        .select_for_update()
        .filter(participant=participant)
        .first()
    )
    reset = account is not None
    if account is None:
        account = User(participant=participant, organisation=None)
    if User.objects.filter(username__iexact=username).exclude(pk=account.pk).exists():
        raise UsernameTaken()
    account.username = username
    account.first_name = participant.first_name
    account.is_active = True
    account.set_password(password)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:  # the same username taken at the same moment
        raise UsernameTaken() from None
    account.groups.add(Group.objects.get_or_create(name=roles.PARTICIPANT)[0])
    record.used_at = timezone.now()
    record.save(update_fields=["used_at"])
    # A new password from their facilitator's code ends a lockout from the old one.
    axes_reset(username=account.username)
    audit_record(
        user=account,
        participant=participant,
        action=AuditEvent.Action.CHANGED,
        what="own sign-in password reset" if reset else "own sign-in set up",
    )
    return account


@transaction.atomic
def erasure_request_record(*, user, participant: Participant) -> ErasureRequest:
    """The participant asks their organisation to erase their record (not an erasure).

    Asking again while a request is open returns it (a double submit adds nothing)."""
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    existing = participant.erasure_requests.first()
    if existing:
        return existing
    request = ErasureRequest.objects.create(participant=participant, requested_by=user)
    audit_record(
        user=user, participant=participant, action=AuditEvent.Action.CREATED, what="erasure request"
    )
    return request
