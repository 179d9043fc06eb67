"""The public referral form: anyone may refer someone, and nothing is lost or leaked."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from genie.models import AuditEvent
from referrals.models import Referral
from referrals.services import working_days_after
from tests.factories import OrganisationFactory, UserFactory
from tests.referrals.conftest import valid_form
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refer_url(organisation, facilitator_user):
    return reverse("refer", args=[organisation.pk])


def test_the_public_page_lists_only_services_that_run_sessions(
    client, organisation, facilitator_user
):
    practice = OrganisationFactory(name="Portswood Surgery")
    UserFactory(username="rita", organisation=practice, role="referrer")
    page = client.get(reverse("refer_choose")).content.decode()
    assert organisation.name in page
    assert "Portswood Surgery" not in page
    assert client.get(reverse("refer", args=[practice.pk])).status_code == 404


def test_anyone_can_refer_and_only_the_district_is_kept(client, refer_url, organisation):
    response = client.post(refer_url, valid_form())
    assert response.status_code == 302
    thanks = response["Location"]
    assert thanks == reverse("refer_thanks", args=[organisation.pk])
    assert "Doreen" not in thanks and "SO17" not in thanks
    referral = Referral.objects.get()
    assert referral.organisation == organisation
    assert referral.first_name == "Doreen"
    assert referral.postcode_district == "SO17"
    assert referral.reasons == ["condition", "loneliness"]
    assert referral.referred_by is None
    assert referral.first_contact_due == working_days_after(timezone.localdate(), 5)
    event = AuditEvent.objects.get(referral_id=referral.pk)
    assert (event.action, event.actor_username) == ("created", "public form")
    page = client.get(thanks).content.decode()
    assert "What happens next" in page and "within 5 working days" in page


def test_mistakes_are_listed_and_nothing_typed_is_lost(client, refer_url):
    response = client.post(
        refer_url,
        valid_form(
            phone="", email="", postcode="nowhere", consent_to_contact=None, reasons=["other"]
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a phone number or an email address" in page
    assert "Enter a real UK postcode" in page
    assert "must agree to be contacted" in page
    assert "Say what the referral is about" in page
    assert 'value="Doreen"' in page and "Weekday mornings" in page
    assert not Referral.objects.exists()


def test_an_empty_form_says_what_each_answer_needs(client, refer_url):
    page = client.post(refer_url, {"form_token": "t"}).content.decode()
    for message in (
        "Enter the first name of the person being referred",
        "Select why you are making this referral",
        "Select who is making this referral",
    ):
        assert message in page
    assert "This field is required" not in page
    assert not Referral.objects.exists()


def test_someone_else_referring_must_say_who_they_are(client, refer_url):
    page = client.post(refer_url, valid_form(referrer_name="")).content.decode()
    assert "Enter your name, so the service can reply" in page
    assert client.post(refer_url, valid_form(source="self", referrer_name="")).status_code == 302


def test_hostile_and_oversized_input_gets_messages_not_errors(client, refer_url):
    response = client.post(
        refer_url,
        valid_form(
            first_name="<script>alert(1)</script>" * 20, phone="call me; DROP TABLE", email="x@"
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "Enter a phone number, like" in page
    assert not Referral.objects.exists()


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_is_saved(client, refer_url):
    response = client.post(refer_url, valid_form(website="http://spam.example"))
    assert response.status_code == 302
    assert not Referral.objects.exists()


def test_a_double_submit_makes_one_referral(client, refer_url):
    client.post(refer_url, valid_form())
    response = client.post(refer_url, valid_form())
    assert response.status_code == 302
    assert Referral.objects.count() == 1


def test_too_many_referrals_from_one_address_are_refused_in_the_page(client, refer_url, settings):
    settings.REFERRAL_RATE = "2/h"
    for n in range(2):
        assert client.post(refer_url, valid_form(form_token=f"t{n}")).status_code == 302
    response = client.post(refer_url, valid_form(form_token="t3"))
    assert response.status_code == 429
    assert "Too many referrals" in response.content.decode()
    assert Referral.objects.count() == 2
    # Another address is not affected.
    other = client.post(refer_url, valid_form(form_token="t4"), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


def test_a_confirmation_email_names_the_service_and_not_the_person(
    client, refer_url, organisation, django_capture_on_commit_callbacks
):
    # The email goes once the referral is committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(refer_url, valid_form(email="doreen@example.org", send_confirmation="on"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["doreen@example.org"]
    assert organisation.name in message.subject
    assert "Doreen" not in message.body and "lonely" not in message.body.lower()


def test_no_email_unless_asked(client, refer_url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(refer_url, valid_form(email="doreen@example.org"))
    assert mail.outbox == []


def test_the_promise_of_contact_comes_from_real_referrals(client, refer_url, organisation):
    now = timezone.now()
    for _ in range(5):
        referral = ReferralFactory(organisation=organisation)
        Referral.objects.filter(pk=referral.pk).update(
            received_at=now - timedelta(days=10), first_contacted_at=now - timedelta(days=7)
        )
    page = client.get(reverse("refer_thanks", args=[organisation.pk])).content.decode()
    assert "usually within 3 days" in page


def test_a_signed_in_referrer_is_not_asked_who_they_are(client, refer_url, referrer_user):
    client.force_login(referrer_user)
    page = client.get(refer_url).content.decode()
    assert 'name="referrer_name"' not in page and "My referrals" in page
    data = valid_form(source=None, referrer_name=None, referrer_organisation=None)
    assert client.post(refer_url, data).status_code == 302
    referral = Referral.objects.get()
    assert referral.referred_by == referrer_user
    assert referral.referrer_name == referrer_user.get_full_name()
