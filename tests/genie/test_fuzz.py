"""Arbitrary input to the participant form never causes a 500 or an invalid saved row."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genie.models import AgeBand, Gender, Participant
from genie.postcodes import OUTWARD

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
field_values = st.one_of(text, st.sampled_from(["", " ", "SO17 1BJ", "so17", "<script>", "`${x}`"]))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reference=field_values,
    first_name=field_values,
    postcode=field_values,
    age_band=st.one_of(st.sampled_from(AgeBand.values), text),
    gender=st.one_of(st.sampled_from(Gender.values), text),
    other_conditions=field_values,
    consent=st.sampled_from(["on", "", "yes", "\u202e"]),
)
def test_participant_form_never_fails_or_saves_bad_rows(
    facilitator_client, reference, first_name, postcode, age_band, gender, other_conditions, consent
):
    response = facilitator_client.post(
        reverse("participant_create"),
        {
            "reference": reference,
            "first_name": first_name,
            "postcode": postcode,
            "age_band": age_band,
            "gender": gender,
            "other_conditions": other_conditions,
            "consent_data_use": consent,
            "consent_version": "1",
            "conditions": [reference[:5]],
        },
    )
    assert response.status_code in (200, 302)
    for participant in Participant.objects.all():
        assert participant.reference.strip() and len(participant.reference) <= 40
        assert OUTWARD.match(participant.postcode_district)
        assert participant.age_band in AgeBand.values and participant.gender in Gender.values
        assert participant.consent_data_use
    Participant.objects.all().delete()
