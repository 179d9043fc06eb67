"""Referrals on the commissioners' dashboard, under the same disclosure control."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral, Status
from tests.evidence.conftest import build_groups, seed_sessions, table_rows
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db

RECEIVED = timezone.make_aware(datetime(2026, 3, 2, 10))


def _referrals(organisation, count, *, source, joined=0, contact_days=(), district="SO17"):
    made = []
    for i in range(count):
        referral = ReferralFactory(
            organisation=organisation,
            source=source,
            postcode_district=district,
            status=Status.PARTICIPANT if i < joined else Status.NEW,
        )
        contacted = (
            RECEIVED + timedelta(days=contact_days[i % len(contact_days)]) if contact_days else None
        )
        Referral.objects.filter(pk=referral.pk).update(
            received_at=RECEIVED, first_contacted_at=contacted
        )
        made.append(referral)
    return made


def _row(rows, label):
    return next(row for row in rows if row[0] == label)


def test_referrals_by_source_and_how_many_became_participants(commissioner_client, organisation):
    seed_sessions(organisation, count=20)
    build_groups()
    _referrals(organisation, 12, source="gp", joined=6)
    _referrals(organisation, 3, source="self")
    page = commissioner_client.get(reverse("evidence_home")).content.decode()
    assert "Referrals" in page and "Time to first contact" in page
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["referrals"])))
    assert _row(rows, "A GP practice or health service")[1:] == ["10", "5"]  # rounded to 5
    # Three self-referrals: a small count, shown as such.
    assert _row(rows, "The person themselves")[1:] == ["fewer than 5", "0"]


def test_a_source_where_everyone_became_a_participant_is_not_given_away(
    commissioner_client, organisation
):
    seed_sessions(organisation, count=20)
    build_groups()
    _referrals(organisation, 10, source="community", joined=10)
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["referrals"])))
    # Every referral in the block came the same way: saying so would tell each one's route.
    assert _row(rows, "A community organisation")[1:] == ["0", "0"]
    _referrals(organisation, 5, source="gp")
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["referrals"])))
    received, joined = _row(rows, "A community organisation")[1:]
    assert received == "10"
    assert joined == "0"  # "all of them became participants" would tell about each one


def test_time_to_first_contact_needs_enough_answers(commissioner_client, organisation):
    seed_sessions(organisation, count=20)
    build_groups()
    _referrals(organisation, 6, source="gp", contact_days=(1, 3))
    few = table_rows(commissioner_client.get(reverse("evidence_csv", args=["referral-contact"])))
    assert few[1][2] == "not enough answers"
    _referrals(organisation, 6, source="gp", contact_days=(1, 3))
    enough = table_rows(commissioner_client.get(reverse("evidence_csv", args=["referral-contact"])))
    assert enough[1][1:] == ["10", "2.0"]


def test_no_names_or_contact_details_reach_the_dashboard(commissioner_client, organisation):
    seed_sessions(organisation, count=20)
    build_groups()
    _referrals(organisation, 10, source="gp", joined=3)
    page = commissioner_client.get(reverse("evidence_home")).content.decode()
    csv = commissioner_client.get(reverse("evidence_csv", args=["referrals"])).content.decode()
    for text in (page, csv):
        assert "Doreen" not in text and "07700" not in text
