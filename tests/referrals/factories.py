from datetime import timedelta

import factory
from django.utils import timezone

from referrals.models import Referral
from tests.factories import OrganisationFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Doreen"
    phone = "07700 900123"
    best_times = "Mornings"
    postcode_district = "SO17"
    reasons = factory.LazyFunction(lambda: ["loneliness"])
    consent_to_contact = True
    source = "self"
    first_contact_due = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
