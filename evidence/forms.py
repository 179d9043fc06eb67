from django import forms

from evidence.areas import area_group_choices
from genie.models import Organisation

AREA_HELP = (
    "Areas are fixed groups of neighbouring postcode districts, each large enough "
    "that no one can be picked out."
)


def month_field(label: str, example: str, which: str) -> forms.DateField:
    # <input type="month"> sends YYYY-MM; typed by hand where browsers lack it.
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=f"Month, for example {example}. Figures cover whole quarters.",
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
    area = forms.ChoiceField(
        label="Area",
        required=False,
        help_text=AREA_HELP,
        error_messages={"invalid_choice": "Select an area from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "All areas"), *area_group_choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_month"), cleaned.get("to_month")
        if start and end and end < start:
            self.add_error("to_month", "The last month must be the same as or after the first")
        return cleaned
