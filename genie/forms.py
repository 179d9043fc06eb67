import re

from django import forms
from django.contrib.auth.password_validation import validate_password

from genie import measures, two_factor
from genie.models import Condition, Participant, User
from genie.postcodes import outward_code
from genie.selectors import consent_statement_current
from genie.services import SIGN_IN_CODE_LENGTH, sign_in_code_normalise

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{3,40}")


class ParticipantForm(forms.ModelForm):
    """The start-of-session 'filter questions' and consent."""

    conditions = forms.ModelMultipleChoiceField(
        queryset=Condition.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Long-term conditions",
        help_text="Select all that apply.",
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="Only the first part (for example SO17) is kept.",
    )

    class Meta:
        model = Participant
        fields = [
            "reference",
            "first_name",
            "age_band",
            "gender",
            "conditions",
            "other_conditions",
            "consent_data_use",
            "consent_case_study",
        ]
        labels = {
            "reference": "Reference",
            "first_name": "First name (optional)",
            "age_band": "Age",
            "gender": "Gender",
            "other_conditions": "Other conditions (optional)",
            "consent_data_use": (
                "The participant agrees that their answers are stored and used to run this service"
            ),
            "consent_case_study": (
                "The participant agrees that an anonymised case study may be shared (optional)"
            ),
        }
        help_texts = {
            "reference": "A pseudonymous reference, not the NHS number.",
            "first_name": "Shown only to your organisation.",
        }
        widgets = {
            "age_band": forms.RadioSelect,
            "gender": forms.RadioSelect,
        }

    # The statement version shown with the form: consent is to what was read.
    consent_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["reference", "first_name", "postcode"]
    STATEMENT_CHANGED = (
        "The consent statement has just been updated. Read the new statement with the "
        "participant, then save again"
    )
    DUPLICATE_REFERENCE = (
        "Another participant already has this reference. Enter a different reference"
    )

    def __init__(self, *args, organisation, consent_statement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.consent_statement = consent_statement or consent_statement_current(
            organisation=organisation
        )
        if self.instance.pk:
            self.fields["postcode"].initial = self.instance.postcode_district
        self.fields["age_band"].choices = self.fields["age_band"].choices[1:]
        self.fields["gender"].choices = self.fields["gender"].choices[1:]
        self.fields["age_band"].error_messages["required"] = "Select the participant's age"
        self.fields["gender"].error_messages["required"] = "Select the participant's gender"
        self.fields["reference"].error_messages["required"] = "Enter a reference"
        self.fields["postcode"].error_messages["required"] = "Enter a postcode"

    def clean_reference(self):
        reference = " ".join(self.cleaned_data["reference"].split())
        if not reference:
            raise forms.ValidationError("Enter a reference")
        clash = Participant.objects.filter(
            organisation=self.organisation, reference__iexact=reference
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(self.DUPLICATE_REFERENCE)
        return reference

    def clean_postcode(self):
        district = outward_code(self.cleaned_data["postcode"])
        if district is None:
            raise forms.ValidationError("Enter a real UK postcode, like SO17 1BJ or SO17")
        return district

    def clean_consent_data_use(self):
        if not self.cleaned_data["consent_data_use"]:
            raise forms.ValidationError(
                "The participant must agree to their data being used before you continue"
            )
        return True

    def clean(self):
        cleaned = super().clean()
        # A new version published while the form was open: the participant has not
        # heard it yet. (A first agreement to a statement; unchanged consent is kept.)
        consent_changed = {"consent_data_use", "consent_case_study"} & set(self.changed_data)
        stale = cleaned.get("consent_version") != self.consent_statement.version
        if stale and (not self.instance.pk or consent_changed):
            self.add_error("consent_data_use", self.STATEMENT_CHANGED)
        return cleaned

    def participant_data(self) -> dict:
        """Cleaned values in the shape the participant services take."""
        data = {field: self.cleaned_data[field] for field in self.Meta.fields}
        data["postcode_district"] = self.cleaned_data["postcode"]
        return data


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by reference, name or postcode area", required=False, max_length=100
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    def search(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""

    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1


class ParticipantFindForm(forms.Form):
    """The administration's participant search: posted, so no reference is in a URL."""

    reference = forms.CharField(
        label="Reference",
        max_length=40,
        help_text="The participant's exact reference (capitals do not matter).",
        error_messages={"required": "Enter a reference"},
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app.",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits shown in your authenticator app")
        return code


class TwoFactorVerifyForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if two_factor.is_authenticator_code(code):
            return code
        recovery = two_factor.normalise_recovery_code(code)
        if len(recovery) == 8 and recovery.isalnum() and not recovery.isdigit():
            return recovery
        raise forms.ValidationError(
            "Enter the 6 digits shown in your authenticator app, or a recovery code like abcd-efgh"
        )


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


class SignInCodeEmailForm(forms.Form):
    """Optional: where the facilitator sends the participant's code (not kept)."""

    email = forms.EmailField(
        label="Or send the code by email (optional)",
        required=False,
        max_length=254,
        help_text="The address is used once to send the code, and not kept.",
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )


class SignInSetUpForm(forms.Form):
    """A participant sets up (or resets) their own sign-in with a one-time code.

    Accessible authentication (WCAG 2.2 3.3.8): no puzzle, paste and password
    managers allowed (the template gives autocomplete="new-password")."""

    code = forms.CharField(
        label="Your code",
        max_length=30,
        help_text=(
            "From your facilitator, for example ABCD-EFGH-JKMN. Capitals and spaces do not matter."
        ),
        error_messages={"required": "Enter the code from your facilitator"},
    )
    username = forms.CharField(
        label="Choose a username",
        max_length=40,
        help_text="Letters, numbers and . - _ only. You type it each time you sign in.",
        error_messages={"required": "Choose a username"},
    )
    password = forms.CharField(
        label="Choose a password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput,
        help_text="At least 12 characters. A few words you will remember works well.",
        error_messages={"required": "Choose a password"},
    )
    password_again = forms.CharField(
        label="Type the password again",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Type the password again"},
    )

    def clean_code(self):
        code = sign_in_code_normalise(self.cleaned_data["code"])
        if len(code) != SIGN_IN_CODE_LENGTH:
            raise forms.ValidationError(
                f"Enter the {SIGN_IN_CODE_LENGTH} letters and numbers of the code"
            )
        return code

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not USERNAME_PATTERN.fullmatch(username):
            raise forms.ValidationError(
                "Use only letters, numbers and . - _ in the username (3 to 40 of them)"
            )
        return username

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The two passwords are not the same")
        elif password:
            try:
                validate_password(password, user=User(username=cleaned.get("username", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
