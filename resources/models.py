"""Local resources, named after Open Referral (HSDS 3.0 / Open Referral UK)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from genie.models import Category


class SourcedRecord(models.Model):
    """A record that may have come from an import: (source, external_id) finds it again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(
        max_length=100, blank=True, help_text="Where the record was imported from, if anywhere."
    )
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The record's id in that source."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Organization(SourcedRecord):
    """HSDS organization: who runs services."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    phone = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="organization_unique_external_id",
            )
        ]

    def __str__(self):
        return self.name


class Service(SourcedRecord):
    """HSDS service: a group, activity or form of support that people can go to."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    class Delivery(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    categories = models.ManyToManyField(Category, blank=True, related_name="services")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IN_PERSON)
    national = models.BooleanField(
        default=False, help_text="Available anywhere in the country (shown as a separate group)."
    )
    is_free = models.BooleanField(default=False)
    cost_description = models.CharField(
        max_length=255, blank=True, help_text="For example “£2 a session, first one free”."
    )
    url = models.URLField(blank=True, max_length=500)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    eligibility_description = models.CharField(max_length=500, blank=True)
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When a curator last checked this listing (HSDS assured_date).",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "national"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="service_unique_external_id",
            )
        ]

    def __str__(self):
        return self.name


class Location(SourcedRecord):
    """HSDS location with its physical address. Coordinates are WGS84, indexed for proximity."""

    class Placement(models.TextChoices):
        NEEDS_LOCATION = "needs-location", "Needs location"
        POSTCODE = "postcode", "Full postcode"
        DISTRICT = "district", "Postcode district centre"
        GEOCODER = "geocoder", "Address geocoder"
        MANUAL = "manual", "Set by hand"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations", null=True, blank=True
    )
    name = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    placement = models.CharField(
        max_length=20, choices=Placement.choices, default=Placement.NEEDS_LOCATION
    )
    step_free_access = models.BooleanField(default=False)
    accessibility_description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        # A bounding-box prefilter on this index keeps matching fast without PostGIS.
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_lat_lng")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="location_unique_external_id",
            )
        ]

    def __str__(self):
        return self.name or self.address_1 or self.postal_code or str(self.id)

    @property
    def needs_location(self) -> bool:
        return self.latitude is None or self.longitude is None


class ServiceAtLocation(SourcedRecord):
    """HSDS service_at_location: a service offered at a place. Matching ranks these."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )

    class Meta:
        verbose_name = "service at location"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="service_at_location_unique"
            )
        ]

    def __str__(self):
        return f"{self.service} at {self.location}"


class Schedule(SourcedRecord):
    """HSDS schedule (iCal-like): when a service runs, optionally at one location."""

    class Frequency(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        related_name="schedules",
        null=True,
        blank=True,
    )
    freq = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    byday = models.CharField(
        max_length=50,
        blank=True,
        help_text="RFC 5545 days, e.g. “MO,WE” or “2TU” (second Tuesday).",
    )
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["service", "byday", "opens_at"]

    def __str__(self):
        return self.description or f"{self.freq} {self.byday}"


# --- Curation: category mapping for imports, import runs, problem reports ----------


class CategoryMapping(models.Model):
    """An external taxonomy term (from an imported directory) and the Genie category it means.

    Terms equal to a category's code or name map without a row here.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    term = models.CharField(
        max_length=200,
        help_text="The term as it appears in imported files: a taxonomy code, id or name.",
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="mappings")

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                name="category_mapping_unique_term",
                violation_error_message="This term already has a mapping.",
            )
        ]

    def __str__(self):
        return f"{self.term} → {self.category}"


class ImportRun(models.Model):
    """One uploaded directory file, kept on the server between its preview and its commit."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        COMMITTED = "committed", "Imported"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(max_length=100)
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField(blank=True, help_text="Cleared once the file is imported.")
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename or 'import'} ({self.source})"


class DirectoryFeed(models.Model):
    """A council's Open Referral UK API that `manage.py sync_openreferral` keeps us in step with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    url = models.URLField(
        max_length=500,
        unique=True,
        help_text="The API's base address, for example https://directory.example.gov.uk/api/",
    )
    source = models.CharField(
        max_length=100,
        unique=True,
        help_text="The source name its listings are kept under (the same as for file imports).",
    )
    last_started_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the last committed sync began (the next run asks "
        "only for what changed since).",
    )
    last_report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source"]

    def __str__(self):
        return f"{self.source} ({self.url})"


class ProblemReport(models.Model):
    """A facilitator's note that a listing looks wrong, for an admin to check."""

    class Kind(models.TextChoices):
        CLOSED = "closed", "It has closed or stopped running"
        WRONG_CONTACT = "wrong-contact", "The contact details are wrong"
        WRONG_PLACE = "wrong-place", "The place or address is wrong"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reported_at"]
        indexes = [models.Index(fields=["status", "service"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.service}"


# --- Stage 3: full postcodes and the participant's chosen activities ---------------


class PostcodeCentroid(models.Model):
    """A unit postcode's position, for installations that load full postcodes
    (`manage.py load_postcodes`). Without it, postcodes place at their district."""

    postcode = models.CharField(max_length=8, primary_key=True)  # normalised "SO17 1BJ"
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self):
        return self.postcode


class ChosenActivity(models.Model):
    """An activity the participant chose to try in a session (at most three)."""

    MAX_PER_SESSION = 3

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        "genie.Session", on_delete=models.CASCADE, related_name="chosen_activities"
    )
    # Kept if the listing is later removed, so plans and follow-ups still read.
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.SET_NULL,
        null=True,
        related_name="choices",
    )
    name = models.CharField(max_length=255, help_text="The activity's name when chosen.")
    # Who might come along: the network member's label as typed at the time, and
    # their id in the network map if they were picked from it (labels can change).
    companion_label = models.CharField(max_length=100, blank=True)
    companion_member_id = models.CharField(max_length=64, blank=True)
    # Added by the participant from their own sign-in between sessions (#20).
    added_by_participant = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "chosen activities"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "service_at_location"], name="chosen_activity_unique"
            )
        ]

    def __str__(self):
        return self.name


class OutcomeStatus(models.TextChoices):
    TRIED = "tried", "Tried it"
    ONGOING = "ongoing", "Tried it and still going"
    NOT_TRIED = "not-tried", "Not tried"


class OutcomeReason(models.TextChoices):
    COST = "cost", "Cost"
    TRANSPORT = "transport", "Getting there"
    HEALTH = "health", "Health"
    CONFIDENCE = "confidence", "Confidence"
    TIMING = "timing", "The day or time"
    NOT_FOR_ME = "not-for-me", "Not for me"
    OTHER = "other", "Something else"


class ActivityOutcome(models.Model):
    """How an activity chosen in an earlier session went, recorded at a follow-up."""

    session = models.ForeignKey("genie.Session", on_delete=models.CASCADE, related_name="outcomes")
    # RESTRICT: a choice with a recorded outcome cannot be deleted on its own (the
    # outcome would silently go with it); erasing the participant still removes both.
    chosen_activity = models.ForeignKey(
        ChosenActivity, on_delete=models.RESTRICT, related_name="outcomes"
    )
    status = models.CharField(max_length=10, choices=OutcomeStatus.choices)
    reason = models.CharField(
        max_length=12, choices=OutcomeReason.choices, blank=True, help_text="When not tried."
    )
    note = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Kept from when outcomes lived in the core app.
        db_table = "genie_activityoutcome"
        ordering = ["chosen_activity__created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "chosen_activity"], name="activity_outcome_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()} ({self.chosen_activity_id})"


class OwnReportStatus(models.TextChoices):
    """What a participant says, from their own sign-in, about a chosen activity."""

    WENT = "went", "I went"
    NOT_YET = "not-yet", "Not yet"
    NOT_FOR_ME = "not-for-me", "Not for me"


class OwnActivityReport(models.Model):
    """How a chosen activity went, in the participant's own words between sessions
    (#20). The facilitator's follow-up review starts from the latest one."""

    chosen_activity = models.OneToOneField(
        ChosenActivity, on_delete=models.CASCADE, related_name="own_report"
    )
    status = models.CharField(max_length=12, choices=OwnReportStatus.choices)
    # The same barriers as the follow-up review asks about.
    reason = models.CharField(max_length=12, choices=OutcomeReason.choices, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self):
        return f"{self.get_status_display()} ({self.chosen_activity_id})"

    @property
    def review_status(self) -> str:
        """The follow-up review's answer this starts from."""
        return (
            OutcomeStatus.TRIED if self.status == OwnReportStatus.WENT else OutcomeStatus.NOT_TRIED
        )

    @property
    def review_reason(self) -> str:
        if self.status == OwnReportStatus.WENT:
            return ""
        if self.reason:
            return self.reason
        return OutcomeReason.NOT_FOR_ME if self.status == OwnReportStatus.NOT_FOR_ME else ""
