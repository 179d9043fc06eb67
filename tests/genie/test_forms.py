import pytest

from genie.forms import ParticipantForm
from genie.models import AgeBand, Gender
from genie.postcodes import outward_code
from tests.factories import ParticipantFactory


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("SO17 1BJ", "SO17"),
        ("so171bj", "SO17"),
        ("  so17  ", "SO17"),
        ("W1A 1AA", "W1A"),
        ("EC1V 9HQ", "EC1V"),
        ("M1", "M1"),
        ("SO17 1B", None),
        ("17SO", None),
        ("", None),
        ("<script>", None),
        ("SO17 1BJ 1BJ", None),
    ],
)
def test_outward_code(typed, district):
    assert outward_code(typed) == district


def valid_data(**overrides):
    data = {
        "reference": "REF-9",
        "first_name": "Maggie",
        "postcode": "so17 1bj",
        "age_band": AgeBand.FROM_75,
        "gender": Gender.WOMAN,
        "consent_data_use": "on",
        "consent_version": "1",
    }
    data.update(overrides)
    return data


def test_valid_form_keeps_only_the_district(organisation):
    form = ParticipantForm(valid_data(), organisation=organisation)
    assert form.is_valid(), form.errors
    assert form.participant_data()["postcode_district"] == "SO17"


def test_missing_consent_is_explained(organisation):
    data = valid_data()
    del data["consent_data_use"]
    form = ParticipantForm(data, organisation=organisation)
    assert not form.is_valid()
    assert "must agree" in form.errors["consent_data_use"][0]


def test_duplicate_reference_in_same_organisation_ignores_case(organisation, other_organisation):
    ParticipantFactory(organisation=organisation, reference="REF-9")
    form = ParticipantForm(valid_data(reference="ref-9"), organisation=organisation)
    assert not form.is_valid()
    assert "already has this reference" in form.errors["reference"][0]
    # The same reference is fine in another organisation.
    assert ParticipantForm(valid_data(), organisation=other_organisation).is_valid()


def test_over_long_and_empty_fields_are_refused(organisation):
    form = ParticipantForm(
        valid_data(reference=" ", first_name="x" * 61, postcode="y" * 500),
        organisation=organisation,
    )
    assert not form.is_valid()
    assert set(form.errors) == {"reference", "first_name", "postcode"}
