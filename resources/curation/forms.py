from django import forms

from resources.models import ProblemReport


class ProblemReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is wrong with this listing?",
        choices=ProblemReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong with this listing"},
    )
    note = forms.CharField(
        label="Tell us more",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        help_text="For example the new phone number or address. Do not write anything "
        "about the participant.",
        error_messages={"max_length": "Keep the note under 1,000 characters"},
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["note"] = cleaned.get("note", "").strip()
        if cleaned.get("kind") == ProblemReport.Kind.OTHER and not cleaned["note"]:
            self.add_error("note", "Tell us what is wrong with this listing")
        return cleaned


class ReportCloseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (ProblemReport.Status.RESOLVED, "Resolved"),
            (ProblemReport.Status.DISMISSED, "Dismissed"),
        ]
    )


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
