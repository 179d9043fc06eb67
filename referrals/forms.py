"""Forms for referring someone and for working a referral through the inbox."""

from django import forms

from genie.postcodes import outward_code
from referrals.models import OPEN_STATUSES, Reason, Source, Status


class ReferralForm(forms.Form):
    """What the receiving organisation needs to make safe contact, and no more."""

    first_name = forms.CharField(
        label="First name",
        max_length=60,
        error_messages={"required": "Enter the first name of the person being referred"},
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    best_times = forms.CharField(
        label="Best times to get in touch (optional)",
        help_text="For example: weekday mornings; not after 6pm; leave a message.",
        max_length=200,
        required=False,
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="Only the first part (for example SO17) is kept.",
        error_messages={"required": "Enter the postcode, like SO17 1BJ or SO17"},
    )
    reasons = forms.MultipleChoiceField(
        label="Why are you making this referral?",
        help_text="Select all that apply.",
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select why you are making this referral"},
    )
    other_reason = forms.CharField(
        label="Tell us a little more (optional unless you chose “Something else”)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.ChoiceField(
        label="Who is making this referral?",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is making this referral"},
    )
    referrer_name = forms.CharField(
        label="Your name (if you are referring someone else)", max_length=100, required=False
    )
    referrer_organisation = forms.CharField(
        label="Your organisation or practice (if any)", max_length=200, required=False
    )
    consent_to_contact = forms.BooleanField(
        label="The person has agreed to be contacted about Genie",
        required=True,
        error_messages={
            "required": "The person must agree to be contacted before you send a referral"
        },
    )
    send_confirmation = forms.BooleanField(
        label="Email a confirmation to the address above", required=False
    )
    # A honeypot: hidden from people (and from assistive technology), filled by bots.
    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")

    def __init__(self, *args, referrer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referrer = referrer
        if referrer is not None:
            # A signed-in referrer is known: no need to ask who they are or who referred.
            for name in ("source", "referrer_name", "referrer_organisation"):
                del self.fields[name]

    def clean_postcode(self):
        district = outward_code(self.cleaned_data["postcode"])
        if district is None:
            raise forms.ValidationError("Enter a real UK postcode, like SO17 1BJ or SO17")
        return district

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not all(ch.isdigit() or ch in " +()-" for ch in phone):
            raise forms.ValidationError("Enter a phone number, like 023 8000 0000")
        if phone and sum(ch.isdigit() for ch in phone) < 8:
            raise forms.ValidationError("Enter a phone number with at least 8 digits")
        return phone

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")) and not (
            self.has_error("phone") or self.has_error("email")
        ):
            self.add_error("phone", "Enter a phone number or an email address, or both")
        if Reason.OTHER in data.get("reasons", []) and not data.get("other_reason", "").strip():
            self.add_error("other_reason", "Say what the referral is about")
        if data.get("send_confirmation") and not data.get("email"):
            self.add_error("email", "Enter an email address to send a confirmation to")
        source = data.get("source")
        if (
            self.referrer is None
            and source
            and source != Source.SELF
            and not data.get("referrer_name", "").strip()
        ):
            self.add_error("referrer_name", "Enter your name, so the service can reply")
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def referral_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("website", "send_confirmation", "postcode"):
            data.pop(name, None)
        data["postcode_district"] = self.cleaned_data["postcode"]
        data["first_name"] = " ".join(data["first_name"].split())
        return data


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        # "Became a participant" is reached by creating the participant, not by a label.
        choices=[c for c in Status.choices if c[0] != Status.PARTICIPANT],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferralNoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReferralAssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label="Facilitator", queryset=None, required=False, empty_label="Nobody yet"
    )

    def __init__(self, *args, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = facilitators
        self.fields["assigned_to"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class InboxFilterForm(forms.Form):
    SHOW = [("open", "Open"), *Status.choices, ("all", "All")]
    show = forms.ChoiceField(label="Show", choices=SHOW, required=False)

    def statuses(self) -> tuple | None:
        show = self.cleaned_data.get("show") if self.is_valid() else ""
        if show in ("", "open"):
            return OPEN_STATUSES
        if show == "all":
            return None
        return (show,)
