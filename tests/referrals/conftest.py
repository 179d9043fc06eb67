import pytest

from tests.factories import UserFactory
from tests.referrals.factories import ReferralFactory


@pytest.fixture
def referral(organisation, facilitator_user):
    # facilitator_user makes the organisation one that takes referrals.
    return ReferralFactory(organisation=organisation)


@pytest.fixture
def referrer_user(db):
    return UserFactory(username="rita", role="referrer")


def valid_form(**changes):
    data = {
        "form_token": "token-1",
        "first_name": "Doreen",
        "phone": "07700 900123",
        "email": "",
        "best_times": "Weekday mornings",
        "postcode": "SO17 1BJ",
        "reasons": ["condition", "loneliness"],
        "other_reason": "",
        "source": "gp",
        "referrer_name": "Dr Patel",
        "referrer_organisation": "Portswood Surgery",
        "consent_to_contact": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
