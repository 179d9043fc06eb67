"""Stage 1: the participant's personal network, drawn on three circles around "Me"."""

import uuid

from django.db import models

from genie.models import Category, Session


class MemberKind(models.Model):
    """What a network member is: a friend, a pet, a walking group... Kept as data.

    ``group`` decides the sector of the map a member is drawn in; ``shape`` and
    ``symbol`` tell kinds apart without relying on colour.
    """

    class Group(models.TextChoices):
        # The order here is the order of the sectors around the map.
        FAMILY = "family", "Family"
        PEOPLE = "people", "Friends, neighbours and colleagues"
        SERVICES = "services", "Professionals and services"
        COMMUNITY = "community", "Groups and activities"
        THINGS = "things", "Pets, places and things"

    class Shape(models.TextChoices):
        CIRCLE = "circle", "Circle"
        SQUARE = "square", "Square"
        DIAMOND = "diamond", "Diamond"
        TRIANGLE = "triangle", "Triangle"
        HEXAGON = "hexagon", "Hexagon"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60, unique=True)
    group = models.CharField(max_length=20, choices=Group.choices)
    shape = models.CharField(max_length=20, choices=Shape.choices)
    symbol = models.CharField(
        max_length=2, help_text="One or two letters drawn inside the shape, e.g. “Fr”."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def group_order(self) -> int:
        return list(self.Group.values).index(self.group)


class Circle(models.TextChoices):
    INNER = "inner", "Inner circle"
    MIDDLE = "middle", "Middle circle"
    OUTER = "outer", "Outer circle"


CIRCLE_ORDER = list(Circle.values)


class ContactFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    LESS_OFTEN = "less-often", "Less often"


class Support(models.TextChoices):
    """The three kinds of support work in Genie (Kennedy et al. 2016, Table 1)."""

    ILLNESS = "illness", "Help with health"
    EVERYDAY = "everyday", "Everyday help"
    EMOTIONAL = "emotional", "Emotional support"


SUPPORT_FIELDS = {
    Support.ILLNESS: "gives_illness_support",
    Support.EVERYDAY: "gives_everyday_support",
    Support.EMOTIONAL: "gives_emotional_support",
}


class NetworkSnapshot(models.Model):
    """The network as drawn in one session. A follow-up's snapshot starts as a copy."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="network_snapshot"
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text="The earlier snapshot this one started from (follow-ups).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Network of {self.session}"


class NetworkMember(models.Model):
    """Someone or something that matters to the participant, on one circle."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    snapshot = models.ForeignKey(NetworkSnapshot, on_delete=models.CASCADE, related_name="members")
    # The same member across snapshots keeps its lineage, so a follow-up can be compared.
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    label = models.CharField(max_length=60)
    kind = models.ForeignKey(MemberKind, on_delete=models.PROTECT, related_name="+")
    circle = models.CharField(max_length=10, choices=Circle.choices)
    contact = models.CharField(max_length=12, choices=ContactFrequency.choices)
    gives_illness_support = models.BooleanField(default=False)
    gives_everyday_support = models.BooleanField(default=False)
    gives_emotional_support = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)
    # Set from the add form: a second submit of the same form adds nothing.
    add_token = models.UUIDField(null=True, blank=True, editable=False)
    # Bumped on every change, so an edit made from an out-of-date form is caught.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Removal is soft so that "Undo" can bring a member back; a removed member is
    # left out of the map, the feedback, other stages and exports.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "add_token"], name="network_member_add_once"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def supports(self) -> list[str]:
        return [support for support, field in SUPPORT_FIELDS.items() if getattr(self, field)]

    @property
    def closer(self) -> str | None:
        """The circle one step nearer "Me", if any."""
        index = CIRCLE_ORDER.index(self.circle)
        return CIRCLE_ORDER[index - 1] if index > 0 else None

    @property
    def further(self) -> str | None:
        index = CIRCLE_ORDER.index(self.circle)
        return CIRCLE_ORDER[index + 1] if index < len(CIRCLE_ORDER) - 1 else None


class DroppedActivity(models.Model):
    """Something the participant used to enjoy but has stopped; Stage 3 can use its tags."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="dropped_activities"
    )
    description = models.CharField(max_length=200)
    categories = models.ManyToManyField(Category, blank=True, related_name="dropped_activities")
    created_at = models.DateTimeField(auto_now_add=True)
    # Marked at a follow-up: the participant does it again. It is no longer looked for
    # in Stage 3, nor carried to the next follow-up.
    taken_up_again_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "dropped activities"

    def __str__(self):
        return self.description


class OwnMap(models.Model):
    """The participant's own redraw of their map between sessions (#20), made from
    their own sign-in. The facilitator sees it, compared with the last session's
    map, at the next follow-up."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        "genie.Participant", on_delete=models.CASCADE, related_name="own_maps"
    )
    based_on = models.ForeignKey(
        NetworkSnapshot, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Own map of {self.participant_id} ({self.created_at:%Y-%m-%d})"


class OwnMapMember(models.Model):
    """Someone on the participant's own redraw: the same lineage as on the map it
    started from, so the facilitator sees who moved, came or went."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    own_map = models.ForeignKey(OwnMap, on_delete=models.CASCADE, related_name="members")
    lineage = models.UUIDField(default=uuid.uuid4)
    label = models.CharField(max_length=60)
    kind = models.ForeignKey(MemberKind, on_delete=models.PROTECT, related_name="+")
    circle = models.CharField(max_length=10, choices=Circle.choices)
    contact = models.CharField(max_length=12, choices=ContactFrequency.choices)
    gives_illness_support = models.BooleanField(default=False)
    gives_everyday_support = models.BooleanField(default=False)
    gives_emotional_support = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.label

    @property
    def supports(self) -> list[str]:
        return [support for support, field in SUPPORT_FIELDS.items() if getattr(self, field)]
