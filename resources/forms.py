from django import forms

from genie.units import KM, distance_unit, from_km, to_km, unit_label
from resources.models import OutcomeReason, OutcomeStatus, OwnReportStatus

# Distances offered in the site's unit (genie.units): the values are in that unit too.
DISTANCE_STEPS = {"miles": [1, 2, 3, 5, 10, 20], KM: [1, 2, 5, 10, 20, 30]}
MAX_DISTANCE_KM = 35.0


def distance_choices() -> list[tuple[str, str]]:
    return [(f"{step:g}", unit_label(step)) for step in DISTANCE_STEPS[distance_unit()]]


class OpportunityFilterForm(forms.Form):
    """The filters above the list and map. Sent by GET, so a filtered view can be
    bookmarked and works without JavaScript; bad values fall back to defaults."""

    category = forms.ChoiceField(label="Type of activity", required=False)
    distance = forms.TypedChoiceField(
        label="Distance from home", choices=[], coerce=float, required=False
    )
    free = forms.BooleanField(label="Free only", required=False)
    step_free = forms.BooleanField(label="Step-free access only", required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All types")] + [
            (category.code, category.name) for category in categories
        ]
        self.fields["distance"].choices = distance_choices()
        if self.is_bound:
            # The distance offered from Stage 2's answer (say 1.5 km of walking)
            # comes back with every later filter change, so it must stay a valid choice.
            self._offer_distance(self.data.get("distance", ""))

    def _offer_distance(self, distance: str) -> None:
        try:
            value = float(distance)
        except ValueError:
            return
        choices = self.fields["distance"].choices
        if 0 < to_km(value) <= MAX_DISTANCE_KM and distance not in dict(choices):
            self.fields["distance"].choices = sorted(
                [*choices, (distance, unit_label(value))], key=lambda c: float(c[0])
            )

    def start_from(self, criteria):
        """Show the criteria the page used before any filtering (from the constraints)."""
        distance = f"{round(from_km(criteria.radius_km), 1):g}"
        self._offer_distance(distance)  # e.g. walking distance from Stage 2
        self.initial = {
            "distance": distance,
            "free": criteria.free_only,
            "step_free": criteria.step_free,
        }


class ChooseForm(forms.Form):
    service_at_location = forms.UUIDField(widget=forms.HiddenInput)


class CompanionForm(forms.Form):
    """Who from the participant's network might come along to a chosen activity."""

    companion = forms.ChoiceField(label="Who might come along?", required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {member.id: member for member in members}
        self.fields["companion"].choices = [("", "No one yet")] + [
            (member.id, f"{member.label} ({member.kind})" if member.kind else member.label)
            for member in members
        ]

    def member(self):
        """The chosen MemberSummary, or None for "no one"."""
        return self.members.get(self.cleaned_data["companion"])


class ReviewForm(forms.Form):
    """How each activity chosen last time went: one fieldset per activity.

    Fields are named by the chosen activity's id, so a form left open in another
    tab still saves against the right activities."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            key, name = item.activity.pk, item.activity.name
            outcome = item.outcome
            # Nothing recorded here yet: start from what the participant said (#20).
            said = item.said if outcome is None else None
            self.fields[f"{key}-status"] = forms.ChoiceField(
                label=f"Did the participant try {name}?",
                choices=OutcomeStatus.choices,
                widget=forms.RadioSelect,
                initial=outcome.status if outcome else (said.review_status if said else None),
                error_messages={
                    "required": f"Select whether {name} was tried",
                    "invalid_choice": f"Select whether {name} was tried",
                },
            )
            self.fields[f"{key}-reason"] = forms.ChoiceField(
                label="If not, what got in the way?",
                choices=OutcomeReason.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=outcome.reason if outcome else (said.review_reason if said else None),
                error_messages={"invalid_choice": f"Select what got in the way of {name}"},
            )
            self.fields[f"{key}-note"] = forms.CharField(
                label="Anything to add (optional)",
                required=False,
                max_length=200,
                initial=outcome.note if outcome else "",
                error_messages={"max_length": "Keep the note to 200 characters or fewer"},
            )

    def fieldsets(self):
        return [
            (
                item,
                self[f"{item.activity.pk}-status"],
                self[f"{item.activity.pk}-reason"],
                self[f"{item.activity.pk}-note"],
            )
            for item in self.items
        ]

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            key = item.activity.pk
            status = cleaned.get(f"{key}-status")
            if status == OutcomeStatus.NOT_TRIED and not cleaned.get(f"{key}-reason"):
                self.add_error(
                    f"{key}-reason", f"Select what got in the way of {item.activity.name}"
                )
        return cleaned

    def outcomes(self) -> list[dict]:
        outcomes = []
        for item in self.items:
            key = item.activity.pk
            status = self.cleaned_data[f"{key}-status"]
            outcomes.append(
                {
                    "activity": item.activity,
                    "status": status,
                    # A reason only means something for an activity not tried.
                    "reason": self.cleaned_data[f"{key}-reason"]
                    if status == OutcomeStatus.NOT_TRIED
                    else "",
                    "note": self.cleaned_data[f"{key}-note"],
                }
            )
        return outcomes


class OwnReportForm(forms.Form):
    """The participant says how one activity went (their own sign-in)."""

    status = forms.ChoiceField(
        label="Did you go?",
        choices=OwnReportStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select I went, not yet or not for me",
            "invalid_choice": "Select I went, not yet or not for me",
        },
    )
    reason = forms.ChoiceField(
        label="If not, what got in the way? (optional)",
        choices=OutcomeReason.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select what got in the way, or leave it blank"},
    )

    def report(self) -> dict:
        status = self.cleaned_data["status"]
        # A reason only means something for an activity not (yet) gone to.
        reason = self.cleaned_data["reason"] if status != OwnReportStatus.WENT else ""
        return {"status": status, "reason": reason}
