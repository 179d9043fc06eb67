"""Stage 2: the preference questionnaire as versioned data, its answers and the
participant's practical constraints.

A questionnaire version that has answers is never edited in place: admins copy it
to a new version (``services.questionnaire_revise``), so old answers keep their meaning.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from genie.models import Category, Session

WORDING_NOTE = (
    "The official Genie wording is not public: the default items are our own plain-English "
    "wording, not the validated Genie questionnaire. Load the real wording as a new version "
    "if you have it."
)


class Questionnaire(models.Model):
    """One version of the preference questionnaire. Exactly one version is active."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True, help_text=WORDING_NOTE)
    is_active = models.BooleanField(
        default=False,
        editable=False,
        help_text="New sessions answer the active version. Use the “Make active” action.",
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            # At most one active row; services keep it at exactly one.
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_questionnaire"
            )
        ]

    def __str__(self):
        return f"{self.title} (version {self.version}{', active' if self.is_active else ''})"


class Item(models.Model):
    """One question, shown on its own page."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(help_text="Questions are asked in this order.")
    text = models.CharField(max_length=300, help_text="The question, read out to the participant.")
    hint = models.CharField(max_length=300, blank=True, help_text="Examples shown under it.")

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"], name="item_order_unique")
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"


class AnswerOption(models.Model):
    """One point on an item's answer scale. Higher value = more interest."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    value = models.PositiveSmallIntegerField(
        help_text="Scored relative to the item's lowest and highest values."
    )

    class Meta:
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="answer_option_order_unique")
        ]

    def __str__(self):
        return self.label


class ItemWeight(models.Model):
    """How strongly an item's answer counts towards a resource category."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="weights")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="item_weights")
    weight = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(-1.0), MaxValueValidator(1.0)],
        help_text="From -1 to 1. Negative: a higher answer means less interest.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "category"], name="item_weight_unique")
        ]

    def __str__(self):
        return f"{self.category}: {self.weight:+.2f}"


class Response(models.Model):
    """A participant's answer to one item in one session, or that they skipped it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="responses")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="responses")
    option = models.ForeignKey(
        AnswerOption, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    skipped = models.BooleanField(default=False)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="response_once_per_item"),
            models.CheckConstraint(
                condition=Q(skipped=True, option__isnull=True)
                | Q(skipped=False, option__isnull=False),
                name="response_option_or_skipped",
            ),
        ]

    def __str__(self):
        return f"Response to item {self.item_id}"


class PracticalConstraints(models.Model):
    """What limits where and when the participant can go; Stage 3 filters on it."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, primary_key=True, related_name="practical_constraints"
    )
    max_distance_km = models.FloatField(null=True, blank=True, help_text="Empty: no limit.")
    travel_modes = models.JSONField(default=list, blank=True)
    free_only = models.BooleanField(default=False)
    step_free = models.BooleanField(default=False)
    days = models.JSONField(default=list, blank=True, help_text="RFC 5545 codes; empty: any day.")
    times_of_day = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "practical constraints"

    def __str__(self):
        return f"Practical constraints for session {self.session_id}"
