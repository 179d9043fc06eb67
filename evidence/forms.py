import re

from django import forms

from genie.models import Organisation
from genie.postcodes import OUTWARD

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
