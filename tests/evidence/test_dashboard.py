import re

import pytest
from django.urls import reverse

from evidence.facts.queue import process_pending
from evidence.panels import PANELS
from genie.models import WellbeingMeasures
from tests.evidence.conftest import area_code, build_groups, seed_sessions, table_rows


def test_dashboard_shows_headline_and_every_panel(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6)
    seed_sessions(organisation, district="SO50", count=2, follow_ups=False)
    build_groups(minimum=5)
    response = commissioner_client.get(reverse("evidence_home"))
    assert response.status_code == 200
    page = response.content.decode()
    for panel in PANELS:
        assert panel.title in page
        assert reverse("evidence_csv", args=[panel.slug]) in page
    assert "10</span>" in page  # 8 people took part: rounded to the nearest 5
    # SO50 has 2 participants: never on its own, merged with its neighbour.
    assert "SO17, SO50" in page
    assert "<svg" in page and "style=" not in page
    assert "rounded to the nearest 5" in page


@pytest.mark.parametrize("role_user", ["facilitator_user", "admin", "commissioner_user"])
def test_only_commissioners_and_admins_see_evidence(client, request, role_user):
    user = request.getfixturevalue(role_user)
    client.force_login(user)
    expected = 403 if role_user == "facilitator_user" else 200
    assert client.get(reverse("evidence_home")).status_code == expected
    assert client.get(reverse("evidence_csv", args=["age"])).status_code == expected


def test_filter_by_area_group_and_csv_keeps_filters(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6)
    seed_sessions(organisation, district="SO18", count=7)
    seed_sessions(organisation, district="PO1", count=9)
    build_groups(minimum=6)
    code = area_code("SO18")
    response = commissioner_client.get(reverse("evidence_home"), {"area": code})
    page = response.content.decode()
    assert f"area={code}" in page
    assert "area SO18 ·" in page

    response = commissioner_client.get(reverse("evidence_csv", args=["areas"]), {"area": code})
    assert response["Content-Disposition"] == 'attachment; filename="genie-areas.csv"'
    assert table_rows(response) == [["Area", "Participants"], ["SO18", "5"], ["Total", "5"]]


def test_every_csv_starts_with_its_filters_period_rule_and_date(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6)
    build_groups()
    query = {"from_month": "2026-02", "to_month": "2026-05", "organisation": organisation.pk}
    for panel in PANELS:
        response = commissioner_client.get(reverse("evidence_csv", args=[panel.slug]), query)
        text = response.content.decode()
        lines = text.splitlines()
        assert lines[0] == f"Organisation,{organisation.name}"
        assert lines[1] == "Area,All areas"
        # Widened to whole quarters, and said so.
        assert lines[2] == "Period,January 2026 to June 2026"
        assert lines[3].startswith("Rule,") and "nearest 5" in lines[3]
        assert lines[4].startswith("Produced at,")


def test_counts_are_rounded_and_small_ones_hidden(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=6)
    seed_sessions(organisation, district="SO17", count=3, follow_ups=False)
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["sessions"])))
    assert rows[0] == ["Session", "Completed", "Not completed", "Total"]
    assert rows[1] == ["First sessions", "10", "0", "10"]  # 9
    assert rows[2] == ["Follow-ups", "5", "0", "5"]  # 6
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["wellbeing"])))
    # 9 answers: a count is shown (rounded), the average is not (fewer than 10).
    assert rows[1][:3] == ["Life satisfaction (0 to 10)", "10", "not enough answers"]


def test_averages_need_ten_answers(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=9, follow_ups=False)
    seed_sessions(organisation, district="SO17", count=3)
    life = table_rows(commissioner_client.get(reverse("evidence_csv", args=["wellbeing"])))[1]
    # 12 first sessions answering 4, 5 and 6: 5.0.
    # The 3 follow-ups are too few a group to take part at all.
    assert life[1:] == ["10", "5.0", "0", "no answers"]
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
    assert "Select an area from the list" in page
    assert "<script>" not in page
    response = commissioner_client.get(reverse("evidence_csv", args=["age"]), {"area": "SO17"})
    assert response.status_code == 400
    assert commissioner_client.get("/evidence/nonsense.csv").status_code == 404


def test_period_filter_covers_whole_quarters(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=5, month=(2025, 12))
    seed_sessions(organisation, district="SO18", count=6, month=(2026, 3))
    build_groups(minimum=5)
    query = {"from_month": "2026-03", "to_month": "2026-03"}
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["areas"]), query))
    assert rows[1:] == [["SO18", "5"], ["Total", "5"]]
    page = commissioner_client.get(reverse("evidence_home"), query).content.decode()
    assert "January 2026 to March 2026" in page
    rows = table_rows(
        commissioner_client.get(
            reverse("evidence_csv", args=["sessions-by-month"]), {"to_month": "2025-12"}
        )
    )
    assert rows[1:] == [["December 2025", "5", "5", "10"], ["Total", "5", "5", "10"]]


def test_htmx_request_gets_the_fragment(commissioner_client, organisation):
    seed_sessions(organisation, count=5)
    build_groups()
    response = commissioner_client.get(
        reverse("evidence_home"), {"area": area_code("SO17")}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert '<div id="evidence"' in page
    assert "<html" not in page
    assert 'hx-swap-oob="true"' in page


def test_query_count_is_constant_in_sessions(
    commissioner_client, organisation, other_organisation, django_assert_max_num_queries
):
    seed_sessions(organisation, count=5)
    build_groups()
    process_pending()  # the facts, as written when the changes commit
    with django_assert_max_num_queries(60) as small:
        commissioner_client.get(reverse("evidence_home"))
    seed_sessions(organisation, district="SO18", count=30)
    seed_sessions(other_organisation, district="SO19", count=30)
    process_pending()
    with django_assert_max_num_queries(len(small.captured_queries)):
        commissioner_client.get(reverse("evidence_home"))


def test_lonely_share_needs_varied_answers_in_each_group(commissioner_client, organisation):
    seed_sessions(organisation, count=12, follow_ups=False)  # half "some of the time"
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["wellbeing"])))
    assert rows[-1][1:3] == ["10", "50%"]
    for measures in WellbeingMeasures.objects.all():
        measures.direct_loneliness = "never"
        measures.save()
    # Everyone answered the same: that says what each of them answered, so not shown.
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["wellbeing"])))
    assert rows[-1][1:3] == ["0", "no answers"]


def test_months_without_sessions_show_as_zero(commissioner_client, organisation):
    seed_sessions(organisation, district="SO17", count=5, month=(2025, 11))
    seed_sessions(organisation, district="SO18", count=5, month=(2026, 2))
    rows = table_rows(commissioner_client.get(reverse("evidence_csv", args=["sessions-by-month"])))
    assert [row[0] for row in rows[1:-1]] == [
        "November 2025",
        "December 2025",
        "January 2026",
        "February 2026",
    ]
    assert rows[2][1:] == ["0", "0", "0"]


def test_completion_rate_shown_from_twenty_sessions(commissioner_client, organisation):
    seed_sessions(organisation, count=9)  # 18 sessions
    page = commissioner_client.get(reverse("evidence_home")).content.decode()
    assert "fewer than 20 sessions: no rate" in page
    seed_sessions(organisation, district="SO18", count=1, follow_ups=False)
    seed_sessions(organisation, district="SO19", count=1, follow_ups=False)
    page = commissioner_client.get(reverse("evidence_home")).content.decode()
    assert "not enough data" not in page and "no rate" not in page
    assert "100%</span>" in page
    assert "wherever at least 20 sessions are counted" in page


def test_dashboard_tables_are_cached_per_filter(
    client, commissioner_user, organisation, settings, django_assert_max_num_queries
):
    settings.EVIDENCE_CACHE_SECONDS = 300
    client.force_login(commissioner_user)
    client.get(reverse("evidence_home"))
    # The second view of the same filter reads the tables from the cache: only the
    # sign-in, the headline's counts and the filter form's lists remain.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("evidence_home"))
    assert "recalculated every 5 minutes" in response.content.decode()


def test_a_page_never_mixes_figures_of_two_moments(
    client, commissioner_user, organisation, settings
):
    settings.EVIDENCE_CACHE_SECONDS = 300
    client.force_login(commissioner_user)
    seed_sessions(organisation, count=6)
    first = client.get(reverse("evidence_home")).content.decode()
    figures = re.compile(r'genie-headline__value[^"]*">([^<]*)<')
    assert figures.findall(first) == ["5", "10", "5", "5", "fewer than 20 sessions: no rate"]
    seed_sessions(organisation, district="SO18", count=10)
    again = client.get(reverse("evidence_home")).content.decode()
    # The page's figures are cached as one unit under the facts' version: new
    # facts give a new page, headline and tables alike, never a mix of the two.
    assert figures.findall(again)[:4] == ["15", "30", "15", "15"]
    csv = client.get(reverse("evidence_csv", args=["sessions"])).content.decode()
    assert "First sessions,15,0,15" in csv
