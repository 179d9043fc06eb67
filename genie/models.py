"""Organisations, users, participants and their facilitated sessions."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower

from genie.measures import LonelinessAnswer, UclaAnswer


class Organisation(models.Model):
    """A community organisation, council team or NHS service that runs Genie."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    contact_details = models.CharField(
        max_length=300,
        blank=True,
        help_text="How participants can reach the service; printed on every plan.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ConsentStatement(models.Model):
    """One version of an organisation's consent statement, as read to participants.

    Versions are never changed once published: a new wording is a new version, and
    each participant's consent records the version they agreed to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="consent_statements"
    )
    version = models.PositiveIntegerField()
    data_use = models.TextField(
        "How the participant's information is used",
        help_text="Read with the participant before they agree. A blank line starts a paragraph.",
    )
    case_study = models.TextField(
        "Anonymised case studies (optional consent)",
        help_text="What an anonymised case study is and that saying no changes nothing.",
    )
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="consent_statement_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} consent statement, version {self.version}"


class StaffManager(UserManager):
    # Every page shows the user's organisation: fetch it with the user.
    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class User(AbstractUser):
    """A member of staff. Roles are Django groups (see genie.roles)."""

    objects = StaffManager()

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Facilitators see participants of this organisation only.",
    )
    # A participant's own sign-in (the participant role): linked to exactly one
    # participant, and erased with them.
    participant = models.OneToOneField(
        "Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sign_in",
        help_text="Only for a participant's own sign-in: the one record it may see.",
    )

    class Meta:
        ordering = ["username"]


class Condition(models.Model):
    """A long-term condition on the curated list offered at the start."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Category(models.Model):
    """A taxonomy term that groups resources and that interests are scored on.

    The one list of categories: questionnaire weights (Stage 2), resource
    listings (Stage 3), dropped activities (Stage 1) and unmet demand all use it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # Kept from when categories lived in the resources app.
        db_table = "resources_category"
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class AgeBand(models.TextChoices):
    UNDER_25 = "under-25", "Under 25"
    FROM_25 = "25-44", "25 to 44"
    FROM_45 = "45-64", "45 to 64"
    FROM_65 = "65-74", "65 to 74"
    FROM_75 = "75-84", "75 to 84"
    FROM_85 = "85-plus", "85 or over"
    NOT_SAID = "not-said", "Prefer not to say"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non-binary", "Non-binary"
    OTHER = "other", "Another way"
    NOT_SAID = "not-said", "Prefer not to say"


class Participant(models.Model):
    """A person taking part. Identified by a pseudonymous reference, never the NHS number.

    Only the outward part of the postcode (the district, e.g. ``SO17``) is kept.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participants"
    )
    reference = models.CharField(max_length=40)
    first_name = models.CharField(max_length=60, blank=True)
    postcode_district = models.CharField(max_length=4)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    gender = models.CharField(max_length=12, choices=Gender.choices)
    conditions = models.ManyToManyField(Condition, blank=True, related_name="participants")
    other_conditions = models.CharField(max_length=200, blank=True)
    consent_data_use = models.BooleanField(default=False)
    consent_case_study = models.BooleanField(default=False)
    # The statement version read to the participant when consent was recorded (empty
    # for consent recorded before statements were versioned).
    consent_statement = models.ForeignKey(
        ConsentStatement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_recorded_at = models.DateTimeField()
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("reference"),
                name="participant_reference_unique_in_organisation",
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def display_name(self) -> str:
        return f"{self.first_name} ({self.reference})" if self.first_name else self.reference


class Stage(models.TextChoices):
    """The steps of a facilitated session, in order. Follow-ups start with the
    review of how the activities chosen last time went; first sessions skip it."""

    REVIEW = "review", "How it went"
    NETWORK = "network", "Your network"
    PREFERENCES = "preferences", "What you enjoy"
    OPPORTUNITIES = "opportunities", "Local opportunities"
    PLAN = "plan", "Plan"


class Session(models.Model):
    """One facilitated sitting with a participant: a baseline or a follow-up."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", "First session"
        FOLLOW_UP = "follow-up", "Follow-up"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sessions")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_sessions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BASELINE)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="For a follow-up, the session it follows up.",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NETWORK)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The wellbeing measures were answered or skipped when the session started.
    wellbeing_offered = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["participant", "-started_at"]),
            # The participant list's "Sessions in progress": a few of many sessions.
            models.Index(
                fields=["participant", "-updated_at"],
                condition=models.Q(completed_at__isnull=True),
                name="session_in_progress",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class AuditEvent(models.Model):
    """Who viewed, created, changed, exported or erased which participant (or which
    referral, before it becomes a participant), and when.

    Holds ids only, never personal content, so it can outlive an erasure as the
    record that the erasure happened.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        EXPORTED = "exported", "Exported"
        DELETED = "deleted", "Deleted"
        ERASED = "erased", "Erased"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=Action.choices)
    participant_id = models.UUIDField(null=True, blank=True, db_index=True)
    referral_id = models.UUIDField(null=True, blank=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    what = models.CharField(
        max_length=100, blank=True, help_text="Which part, e.g. “network map” (no personal data)."
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["participant_id", "-at"])]

    def __str__(self):
        return (
            f"{self.actor_username} {self.action} {self.participant_id or self.referral_id} "
            f"at {self.at:%Y-%m-%d %H:%M}"
        )


class AccountEvent(models.Model):
    """Security events on a staff account: two-factor set-up, refusals, recovery and resets.

    Kept apart from AuditEvent, which is about participants. ``notice_pending``
    marks a reset the user has not yet been told about (they are, at next sign-in).
    """

    class Action(models.TextChoices):
        ENROLLED = "2fa-enrolled", "Two-factor set up"
        ENROL_FAILED = "2fa-enrol-failed", "Two-factor set-up code refused"
        ENROL_REFUSED = "2fa-enrol-refused", "Two-factor set-up refused: not verified"
        VERIFY_FAILED = "2fa-verify-failed", "Two-factor code refused"
        RECOVERY_USED = "2fa-recovery-used", "Recovery code used"
        RECOVERY_ISSUED = "2fa-recovery-issued", "New recovery codes issued"
        RESET = "2fa-reset", "Two-factor reset by an admin"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="account_events",
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=100, blank=True)
    notice_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username}: {self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


class WellbeingMeasures(models.Model):
    """The wellbeing measures (genie.measures) answered in one session.

    Every item is optional: a participant may skip any question.
    """

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, primary_key=True, related_name="wellbeing"
    )
    life_satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    worthwhile = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    happiness = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    anxiety = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    lack_companionship = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=UclaAnswer.choices
    )
    left_out = models.PositiveSmallIntegerField(null=True, blank=True, choices=UclaAnswer.choices)
    isolated = models.PositiveSmallIntegerField(null=True, blank=True, choices=UclaAnswer.choices)
    # Stored so the dashboard can average it in the database.
    ucla3_total = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    direct_loneliness = models.CharField(
        max_length=20, blank=True, choices=LonelinessAnswer.choices
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "wellbeing measures"
        verbose_name_plural = "wellbeing measures"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(life_satisfaction__lte=10)
                & models.Q(worthwhile__lte=10)
                & models.Q(happiness__lte=10)
                & models.Q(anxiety__lte=10),
                name="wellbeing_ons4_0_to_10",
            )
        ]

    def __str__(self):
        return f"Wellbeing measures for session {self.session_id}"


class SignInCode(models.Model):
    """A one-time code a facilitator gives a participant to set up (or reset) their
    own sign-in. Only a keyed hash of the code is stored; it expires and is used once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="sign_in_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Sign-in code for {self.participant_id} ({self.created_at:%Y-%m-%d})"


class ErasureRequest(models.Model):
    """A participant asked, from their own sign-in, for their record to be erased.

    A request to the organisation, not an erasure: staff act on it (the record is
    erased from the administration), and the request goes with the record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Erasure requested for {self.participant_id} on {self.requested_at:%Y-%m-%d}"
