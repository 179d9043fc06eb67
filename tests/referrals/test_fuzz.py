"""Arbitrary input to the public referral form: never a 500, never a half-saved referral."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genie.postcodes import OUTWARD
from referrals.models import Reason, Referral, Source

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
values = st.one_of(
    text, st.sampled_from(["", " ", "SO17 1BJ", "so17", "07700 900123", "a@b.co", "<b>x</b>"])
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first_name=values,
    phone=values,
    email=values,
    best_times=values,
    postcode=values,
    reasons=st.lists(st.one_of(st.sampled_from(Reason.values), text), max_size=5),
    other_reason=values,
    source=st.one_of(st.sampled_from(Source.values), text),
    referrer_name=values,
    consent=st.sampled_from(["on", "", "true", "\u202e"]),
    confirmation=st.sampled_from(["on", ""]),
    token=text,
)
def test_the_public_form_never_fails_or_saves_a_bad_referral(
    client, organisation, facilitator_user, first_name, phone, email, best_times, postcode,
    reasons, other_reason, source, referrer_name, consent, confirmation, token,
):  # fmt: skip
    before = Referral.objects.count()
    response = client.post(
        reverse("refer", args=[organisation.pk]),
        {
            "form_token": token,
            "first_name": first_name,
            "phone": phone,
            "email": email,
            "best_times": best_times,
            "postcode": postcode,
            "reasons": reasons,
            "other_reason": other_reason,
            "source": source,
            "referrer_name": referrer_name,
            "consent_to_contact": consent,
            "send_confirmation": confirmation,
        },
        REMOTE_ADDR=f"10.0.{len(token) % 250}.{len(first_name) % 250}",
    )
    assert response.status_code in (200, 302, 429)
    saved = Referral.objects.count() - before
    if response.status_code != 302:
        assert saved == 0
    for referral in Referral.objects.all():
        # Whatever was saved is whole and valid.
        assert referral.first_name.strip() and len(referral.first_name) <= 60
        assert OUTWARD.match(referral.postcode_district)
        assert referral.phone or referral.email
        assert referral.consent_to_contact is True
        assert referral.reasons and set(referral.reasons) <= set(Reason.values)
        assert referral.source in Source.values
