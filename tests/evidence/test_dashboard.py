import csv
import io

import pytest
from django.urls import reverse

from evidence.panels import PANELS
from genie.models import WellbeingMeasures
from tests.evidence.conftest import seed_sessions


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_dashboard_shows_headline_and_every_panel(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6)
    seed_sessions(organisation, district="SO50", count=2, follow_ups=False)
    response = commissioner_client.get(reverse("evidence_home"))
    assert response.status_code == 200
    page = response.content.decode()
    for panel in PANELS:
        assert panel.title in page
        assert reverse("evidence_csv", args=[panel.slug]) in page
    assert "8</span>" in page  # 8 people took part
    # SO50 has 2 participants: never named, grouped instead.
    assert "SO50" not in page
    assert "Other districts" in page
    assert "<svg" in page and "style=" not in page


@pytest.mark.parametrize("role_user", ["facilitator_user", "admin", "commissioner_user"])
def test_only_commissioners_and_admins_see_evidence(client, request, role_user):
    user = request.getfixturevalue(role_user)
    client.force_login(user)
    expected = 403 if role_user == "facilitator_user" else 200
    assert client.get(reverse("evidence_home")).status_code == expected
    assert client.get(reverse("evidence_csv", args=["age"])).status_code == expected


def test_filter_by_area_and_csv_keeps_filters(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6)
    seed_sessions(organisation, district="SO18", count=7)
    seed_sessions(organisation, district="PO1", count=9)
    response = commissioner_client.get(reverse("evidence_home"), {"area": "so1*"})
    page = response.content.decode()
    assert "SO17" in page and "SO18" in page and "PO1" not in page
    assert "area=so1%2A" in page or "area=so1*" in page

    response = commissioner_client.get(
        reverse("evidence_csv", args=["areas"]), {"area": "SO17, PO1"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="genie-areas.csv"'
    assert csv_rows(response) == [
        ["Postcode district", "Participants"],
        ["PO1", "9"],
        ["SO17", "6"],
        ["Total", "15"],
    ]


def test_csv_writes_small_counts_as_fewer_than_5(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6)
    seed_sessions(organisation, district="SO17", count=3, follow_ups=False)
    rows = csv_rows(commissioner_client.get(reverse("evidence_csv", args=["sessions"])))
    assert rows[0] == ["Session", "Completed", "Not completed", "Total"]
    assert rows[1] == ["First sessions", "9", "0", "9"]
    assert rows[2] == ["Follow-ups", "6", "0", "6"]
    rows = csv_rows(commissioner_client.get(reverse("evidence_csv", args=["wellbeing"])))
    assert rows[1][:3] == ["Life satisfaction (0 to 10)", "9", "5.0"]


def test_small_groups_suppress_counts_and_means(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6, follow_ups=False)
    seed_sessions(organisation, district="SO17", count=3)
    response = commissioner_client.get(reverse("evidence_csv", args=["wellbeing"]))
    life = csv_rows(response)[1]
    assert life[1:] == ["9", "5.0", "fewer than 5", "not enough answers"]
    page = commissioner_client.get(reverse("evidence_home")).content.decode()
    assert "fewer than 5" in page


def test_filters_with_bad_input_explain_the_problem(commissioner_client, db):
    response = commissioner_client.get(
        reverse("evidence_home"),
        {"from_month": "2026-07", "to_month": "2026-01", "area": "<script>", "organisation": "x"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Headline figures" not in page
    assert "The last month must be the same as or after the first" in page
    assert "Enter postcode districts like SO17" in page
    assert "<script>" not in page
    response = commissioner_client.get(reverse("evidence_csv", args=["age"]), {"area": "!!"})
    assert response.status_code == 400
    assert commissioner_client.get("/evidence/nonsense.csv").status_code == 404


def test_period_filter_counts_months_inclusively(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=5, month=(2026, 1))
    seed_sessions(organisation, district="SO18", count=6, month=(2026, 3))
    query = {"from_month": "2026-03", "to_month": "2026-03"}
    rows = csv_rows(commissioner_client.get(reverse("evidence_csv", args=["areas"]), query))
    assert rows[1:] == [["SO18", "6"], ["Total", "6"]]
    rows = csv_rows(
        commissioner_client.get(
            reverse("evidence_csv", args=["sessions-by-month"]), {"to_month": "2026-02"}
        )
    )
    assert rows[1:] == [["January 2026", "5", "5", "10"], ["Total", "5", "5", "10"]]


def test_htmx_request_gets_the_fragment(commissioner_client, organisation):
    seed_sessions(organisation, count=5)
    response = commissioner_client.get(
        reverse("evidence_home"), {"area": "SO17"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert '<div id="evidence"' in page
    assert "<html" not in page
    assert 'hx-swap-oob="true"' in page


def test_query_count_is_constant_in_sessions(
    commissioner_client, organisation, other_organisation, django_assert_max_num_queries
):
    seed_sessions(organisation, count=5)
    with django_assert_max_num_queries(40) as small:
        commissioner_client.get(reverse("evidence_home"))
    seed_sessions(organisation, district="SO18", count=30)
    seed_sessions(other_organisation, district="SO19", count=30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        commissioner_client.get(reverse("evidence_home"))


def test_lonely_share_is_hidden_when_either_part_is_small(commissioner_client, organisation):
    seed_sessions(organisation, count=8, follow_ups=False)  # all "some of the time"
    rows = csv_rows(commissioner_client.get(reverse("evidence_csv", args=["wellbeing"])))
    assert rows[-1][1:3] == ["8", "100%"]
    WellbeingMeasures.objects.filter(pk__in=WellbeingMeasures.objects.values("pk")[:2]).update(
        direct_loneliness="never"
    )
    rows = csv_rows(commissioner_client.get(reverse("evidence_csv", args=["wellbeing"])))
    assert rows[-1][1:3] == ["8", "not enough answers"]


def test_months_without_sessions_show_as_zero(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=5, month=(2025, 11))
    seed_sessions(organisation, district="SO18", count=5, month=(2026, 2))
    rows = csv_rows(commissioner_client.get(reverse("evidence_csv", args=["sessions-by-month"])))
    assert [row[0] for row in rows[1:-1]] == [
        "November 2025",
        "December 2025",
        "January 2026",
        "February 2026",
    ]
    assert rows[2][1:] == ["0", "0", "0"]


def test_dashboard_tables_are_cached_per_filter(
    client, commissioner_user, organisation, settings, django_assert_max_num_queries
):
    settings.EVIDENCE_CACHE_SECONDS = 300
    client.force_login(commissioner_user)
    client.get(reverse("evidence_home"))
    # The second view of the same filter reads the tables from the cache: only the
    # sign-in, the headline's follow-up count and the filter form's lists remain.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("evidence_home"))
    assert "recalculated every 5 minutes" in response.content.decode()
