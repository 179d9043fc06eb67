from django import forms

from genie.models import Category
from mapping.models import SUPPORT_FIELDS, Circle, ContactFrequency, Support
from mapping.own import GONE

CIRCLE_CHOICES = [
    (Circle.INNER, "Inner circle: closest, most important"),
    (Circle.MIDDLE, "Middle circle"),
    (Circle.OUTER, "Outer circle"),
]
SUPPORT_CHOICES = [
    (Support.ILLNESS, "Help with health: medicines, symptoms, appointments"),
    (Support.EVERYDAY, "Everyday help: shopping, housework, meals, personal care"),
    (Support.EMOTIONAL, "Emotional support: comfort, company, someone to talk to"),
]


class MemberForm(forms.Form):
    """Add or edit one network member. Kinds come from the caller (one query)."""

    label = forms.CharField(
        label="Name or initials",
        max_length=60,
        help_text="First name or initials only, or what it is, such as “Walking group”.",
        error_messages={
            "required": "Enter a name or initials",
            "max_length": "Name or initials must be 60 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Who or what is it?",
        error_messages={"required": "Select who or what it is"},
    )
    circle = forms.ChoiceField(
        label="Which circle?",
        choices=CIRCLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which circle"},
    )
    contact = forms.ChoiceField(
        label="How often are they in touch?",
        choices=ContactFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often they are in touch"},
    )
    support = forms.MultipleChoiceField(
        label="What support do they give?",
        help_text="Select all that apply, or none.",
        choices=SUPPORT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "The note must be 500 characters or fewer"},
    )
    # Adding: a fresh token per form, so a double submit adds the member once.
    add_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Editing: the version the form showed, so an edit from a stale form is caught.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, kinds, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.kinds = {kind.code: kind for kind in kinds}
        # No empty choice: a new member's kind starts as the last one added (or Family).
        self.fields["kind"].choices = [(kind.code, kind.name) for kind in kinds]

    def clean(self):
        data = super().clean()
        if data.get("version" if self.editing else "add_token") is None:
            # Only a tampered or truncated form lacks these.
            raise forms.ValidationError(
                "This form was out of date. Check the details and try again."
            )
        return data

    @classmethod
    def for_member(cls, member, *, kinds):
        return cls(
            kinds=kinds,
            editing=True,
            initial={
                "label": member.label,
                "kind": member.kind.code,
                "circle": member.circle,
                "contact": member.contact,
                "support": member.supports,
                "note": member.note,
                "version": member.version,
            },
        )

    def member_data(self) -> dict:
        data = self.cleaned_data
        return {
            "label": data["label"],
            "kind": self.kinds[data["kind"]],
            "circle": data["circle"],
            "contact": data["contact"],
            "note": data["note"],
            **{field: support in data["support"] for support, field in SUPPORT_FIELDS.items()},
        }


class SeveralForm(forms.Form):
    """Add several members at once: one name per line, sharing a kind and a circle."""

    MAX_NAMES = 30
    prefix = "several"  # its fields sit on the page beside the one-member form's

    names = forms.CharField(
        label="Names, one on each line",
        widget=forms.Textarea,
        max_length=MAX_NAMES * 62,
        error_messages={
            "required": "Enter at least one name",
            "max_length": f"Enter at most {MAX_NAMES} names at a time",
        },
    )
    kind = forms.ChoiceField(label="Who or what are they?")
    circle = forms.ChoiceField(
        label="Which circle?",
        choices=CIRCLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which circle"},
    )
    contact = forms.ChoiceField(
        choices=ContactFrequency.choices, widget=forms.HiddenInput, required=False
    )
    add_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {kind.code: kind for kind in kinds}
        self.fields["kind"].choices = [(kind.code, kind.name) for kind in kinds]

    def clean_names(self):
        names = [" ".join(line.split()) for line in self.cleaned_data["names"].splitlines()]
        names = [name for name in names if name]
        if not names:
            raise forms.ValidationError("Enter at least one name")
        if len(names) > self.MAX_NAMES:
            raise forms.ValidationError(f"Enter at most {self.MAX_NAMES} names at a time")
        too_long = [name for name in names if len(name) > 60]
        if too_long:
            raise forms.ValidationError(
                f"Each name must be 60 characters or fewer: “{too_long[0][:20]}…” is longer"
            )
        return names

    def member_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": self.kinds[data["kind"]],
            "circle": data["circle"],
            "contact": data["contact"] or ContactFrequency.WEEKLY,
        }


class MoveForm(forms.Form):
    circle = forms.ChoiceField(choices=Circle.choices)
    version = forms.IntegerField(min_value=1)


class DroppedActivityForm(forms.Form):
    description = forms.CharField(
        label="An activity they used to enjoy",
        max_length=200,
        help_text="For example “Swimming” or “Choir at St Mary’s”.",
        error_messages={
            "required": "Enter the activity",
            "max_length": "The activity must be 200 characters or fewer",
        },
    )
    categories = forms.ModelMultipleChoiceField(
        label="What kind of activity is it?",
        help_text="Optional. These help find similar things nearby in stage 3.",
        queryset=Category.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class OwnRedrawForm(forms.Form):
    """The participant redraws their map: each person's circle now (or "not on my map
    now"), and up to three new people. Choices only, no dragging (WCAG 2.5.7)."""

    NEW_ROWS = 3

    def __init__(self, *args, members, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        circles = [*Circle.choices, (GONE, "Not on my map now")]
        for member in members:
            self.fields[f"m-{member.pk}"] = forms.ChoiceField(
                label=f"{member.label} ({member.kind.name.lower()})",
                choices=circles,
                initial=member.circle,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a circle for {member.label}"},
            )
        self.kinds = {str(kind.pk): kind for kind in kinds}
        for n in range(1, self.NEW_ROWS + 1):
            self.fields[f"new-{n}-label"] = forms.CharField(
                label="Name (optional)",
                max_length=60,
                required=False,
                error_messages={"max_length": "Keep the name to 60 characters or fewer"},
            )
            self.fields[f"new-{n}-kind"] = forms.ChoiceField(
                label="Who or what",
                choices=[(str(kind.pk), kind.name) for kind in kinds],
                required=False,
            )
            self.fields[f"new-{n}-circle"] = forms.ChoiceField(
                label="Which circle", choices=Circle.choices, required=False
            )

    def member_fields(self):
        return [self[f"m-{member.pk}"] for member in self.members]

    def new_rows(self):
        return [
            (self[f"new-{n}-label"], self[f"new-{n}-kind"], self[f"new-{n}-circle"])
            for n in range(1, self.NEW_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        for n in range(1, self.NEW_ROWS + 1):
            label = (cleaned.get(f"new-{n}-label") or "").strip()
            if label and not cleaned.get(f"new-{n}-circle"):
                self.add_error(f"new-{n}-circle", f"Choose a circle for {label}")
            if label and not cleaned.get(f"new-{n}-kind"):
                self.add_error(f"new-{n}-kind", f"Choose who or what {label} is")
        return cleaned

    def kept(self) -> list[dict]:
        return [
            {"id": member.pk, "circle": self.cleaned_data[f"m-{member.pk}"]}
            for member in self.members
        ]

    def added(self) -> list[dict]:
        rows = []
        for n in range(1, self.NEW_ROWS + 1):
            label = self.cleaned_data[f"new-{n}-label"].strip()
            if label:
                rows.append(
                    {
                        "label": label,
                        "kind": self.kinds[self.cleaned_data[f"new-{n}-kind"]],
                        "circle": self.cleaned_data[f"new-{n}-circle"],
                    }
                )
        return rows
