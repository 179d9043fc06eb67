import re

from django import forms

from genie import measures
from genie.models import Organisation, OutcomeReason, OutcomeStatus
from genie.postcodes import OUTWARD

NOT_ANSWERED = ("", "Not answered")


class WellbeingForm(forms.Form):
    """The wellbeing measures; every question may be left unanswered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        score_choices = [(str(n), str(n)) for n in range(measures.ONS4_MIN, measures.ONS4_MAX + 1)]
        for scale in measures.ONS4:
            self.fields[scale.field] = forms.TypedChoiceField(
                label=scale.question,
                help_text=f"0 is {scale.low_label}, 10 is {scale.high_label}.",
                choices=[*score_choices, NOT_ANSWERED],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select a score from 0 to 10, or Not answered"},
            )
        for item in measures.UCLA3:
            self.fields[item.field] = forms.TypedChoiceField(
                label=item.question,
                choices=[*measures.UclaAnswer.choices, NOT_ANSWERED],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select an answer, or Not answered"},
            )
        self.fields["direct_loneliness"] = forms.ChoiceField(
            label=measures.DIRECT_LONELINESS_QUESTION,
            choices=[*measures.LonelinessAnswer.choices, NOT_ANSWERED],
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Select an answer, or Not answered"},
        )

    def ons4_fields(self):
        return [self[scale.field] for scale in measures.ONS4]

    def ucla3_fields(self):
        return [self[item.field] for item in measures.UCLA3]

    def measures_data(self) -> dict:
        return dict(self.cleaned_data)


# A prefix of a postcode district: area letters, optionally the first digit(s).
PREFIX = re.compile(r"^[A-Z]{1,2}[0-9]{0,2}$")
AREA_HELP = (
    "A postcode district such as SO17, several separated by commas (SO17, SO18), "
    "or the start of one followed by * for a group of districts (SO1*)."
)


def parse_area(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(districts, prefixes) from what was typed; ValueError if a part is not one."""
    districts, prefixes = [], []
    for token in re.split(r"[,\s]+", value.upper()):
        if not token:
            continue
        if token.endswith("*") and PREFIX.match(token[:-1]):
            prefixes.append(token[:-1])
        elif re.fullmatch(r"[A-Z]{1,2}", token):
            prefixes.append(token)
        elif OUTWARD.match(token):
            districts.append(token)
        else:
            raise ValueError(token)
    return tuple(dict.fromkeys(districts)), tuple(dict.fromkeys(prefixes))


def month_field(label: str, example: str, which: str) -> forms.DateField:
    # <input type="month"> sends YYYY-MM; typed by hand where browsers lack it.
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=f"Month, for example {example}.",
        error_messages={"invalid": f"Enter the {which} month as a year and month, like {example}"},
    )


class EvidenceFilterForm(forms.Form):
    from_month = month_field("From", "2026-01", "first")
    to_month = month_field("To", "2026-12", "last")
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="All organisations",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    area = forms.CharField(label="Area", required=False, max_length=200, help_text=AREA_HELP)

    def clean_area(self):
        value = self.cleaned_data["area"]
        try:
            parse_area(value)
        except ValueError as error:
            raise forms.ValidationError(
                "Enter postcode districts like SO17, separated by commas, or a group like SO1*"
                f" (“{error.args[0][:12]}” is not one)"
            ) from None
        return " ".join(value.upper().replace(",", " ").split())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_month"), cleaned.get("to_month")
        if start and end and end < start:
            self.add_error("to_month", "The last month must be the same as or after the first")
        return cleaned


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
            self.fields[f"{key}-status"] = forms.ChoiceField(
                label=f"Did the participant try {name}?",
                choices=OutcomeStatus.choices,
                widget=forms.RadioSelect,
                initial=outcome.status if outcome else None,
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
                initial=outcome.reason if outcome else None,
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
