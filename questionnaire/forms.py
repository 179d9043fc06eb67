from django import forms

from genie.units import KM, distance_unit, from_km, to_km
from questionnaire.constraints import (
    DAY_LABELS,
    TIME_OF_DAY_LABELS,
    TRAVEL_MODE_LABELS,
)

SKIP = "skip"
SKIP_LABEL = "Prefer not to say"


class AnswerForm(forms.Form):
    """One question: one of the item's options, or "prefer not to say"."""

    answer = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select an answer, or “Prefer not to say”",
            # A tampered or out-of-date option id lands here, never in the database.
            "invalid_choice": "Select one of the answers shown",
        },
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {str(option.pk): option for option in question.options}
        self.fields["answer"].choices = [
            *((key, option.label) for key, option in self.options.items()),
            (SKIP, SKIP_LABEL),
        ]

    def chosen_option(self):
        """The chosen AnswerOption, or None for "prefer not to say"."""
        return self.options.get(self.cleaned_data["answer"])


def answer_initial(question) -> dict:
    if question.option is not None:
        return {"answer": str(question.option.pk)}
    return {"answer": SKIP} if question.skipped else {}


# Distances are offered in miles, which people in the UK think in (or in km where
# settings.DISTANCE_UNIT says so); stored in km.
DISTANCE_CHOICES = [
    ("1", "Up to 1 mile (about 20 minutes’ walk)"),
    ("3", "Up to 3 miles"),
    ("5", "Up to 5 miles"),
    ("10", "Up to 10 miles"),
    ("any", "Distance does not matter"),
]
DISTANCE_CHOICES_KM = [
    ("2", "Up to 2 km (about 25 minutes’ walk)"),
    ("5", "Up to 5 km"),
    ("8", "Up to 8 km"),
    ("15", "Up to 15 km"),
    ("any", "Distance does not matter"),
]


def distance_choices():
    return DISTANCE_CHOICES_KM if distance_unit() == KM else DISTANCE_CHOICES


YES_NO = [("yes", "Yes"), ("no", "No")]


class PracticalConstraintsForm(forms.Form):
    distance = forms.ChoiceField(
        label="How far can you travel to an activity?",
        choices=DISTANCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how far you can travel"},
    )
    travel_modes = forms.MultipleChoiceField(
        label="How do you usually get about?",
        help_text="Select all that apply.",
        choices=list(TRAVEL_MODE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select from the ways of getting about shown"},
    )
    free_only = forms.ChoiceField(
        label="Do activities need to be free?",
        choices=[("yes", "Yes, free activities only"), ("no", "No, a small cost is fine")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether activities need to be free"},
    )
    step_free = forms.ChoiceField(
        label="Do you need step-free access?",
        help_text="For example for a wheelchair, a walking frame or difficulty with stairs.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you need step-free access"},
    )
    days = forms.MultipleChoiceField(
        label="Which days suit you?",
        help_text="Select all that apply. Leave them all empty if any day is fine.",
        choices=list(DAY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select from the days shown"},
    )
    times_of_day = forms.MultipleChoiceField(
        label="What times of day suit you?",
        help_text="Select all that apply. Leave them all empty if any time is fine.",
        choices=list(TIME_OF_DAY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select from the times shown"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["distance"].choices = distance_choices()

    def constraints_data(self) -> dict:
        data = self.cleaned_data
        miles = data["distance"]

        def in_order(name):  # as listed, whatever order the browser sent them in
            return [code for code, _label in self.fields[name].choices if code in data[name]]

        return {
            "max_distance_km": None if miles == "any" else round(to_km(int(miles)), 1),
            "travel_modes": in_order("travel_modes"),
            "free_only": data["free_only"] == "yes",
            "step_free": data["step_free"] == "yes",
            "days": in_order("days"),
            "times_of_day": in_order("times_of_day"),
        }

    @staticmethod
    def initial_from(constraints) -> dict:
        if constraints is None:
            return {}
        km = constraints.max_distance_km
        return {
            "distance": "any" if km is None else str(round(from_km(km))),
            "travel_modes": constraints.travel_modes,
            "free_only": "yes" if constraints.free_only else "no",
            "step_free": "yes" if constraints.step_free else "no",
            "days": constraints.days,
            "times_of_day": constraints.times_of_day,
        }
