import pytest
from django.core.management import call_command
from django.urls import reverse

from genie import roles
from genie.models import Organisation, User
from referrals.models import Referral, Status
from referrals.selectors import receiving_organisations, usual_days_to_contact

pytestmark = pytest.mark.django_db


def _load():
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_a_referrer_and_an_inbox_in_every_state(client):
    _load()
    _load()  # idempotent
    referrer = User.objects.get(username="referrer")
    assert roles.is_referrer(referrer)
    receiving = Organisation.objects.get(name__startswith="Itchen")
    referrals = Referral.objects.filter(organisation=receiving)
    assert set(referrals.values_list("status", flat=True)) >= {
        Status.NEW, Status.CONTACTED, Status.BOOKED, Status.DECLINED, Status.UNREACHABLE
    }  # fmt: skip
    assert referrals.filter(referred_by=referrer).exists()
    assert referrals.count() == Referral.objects.count()  # loaded once
    assert usual_days_to_contact(organisation=receiving) is not None
    # The GP practice refers; it does not take referrals.
    assert referrer.organisation not in receiving_organisations()

    client.force_login(User.objects.get(username="facilitator"))
    inbox = client.get(reverse("referral_inbox")).content.decode()
    assert "Overdue" in inbox and "Doreen" in inbox
    client.force_login(referrer)
    assert "Doreen" in client.get(reverse("referral_mine")).content.decode()
