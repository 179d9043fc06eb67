"""For random data, no number from 1 to 4 reaches a page or a CSV."""

import csv
import io
import re

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.panels import PANELS
from evidence.tables import ShownTable
from genie.models import Participant, Session
from tests.factories import ParticipantFactory, SessionFactory

SMALL = {"1", "2", "3", "4"}

tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(0, 12), min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_csv_value_is_a_small_count(counts):
    table = ShownTable.from_counts(
        row_heading="Row",
        columns=[f"Column {i}" for i in range(len(counts[0]))],
        rows=[f"Row {i}" for i in range(len(counts))],
        counts=counts,
    )
    for aligned in (table, table.hiding(grand_total=True, row_totals={0}, column_totals={0})):
        for line in aligned.csv_rows()[1:]:
            assert not SMALL & set(line[1:]), line


people = st.lists(
    st.tuples(st.sampled_from(["SO14", "SO15", "SO16"]), st.booleans(), st.booleans()),
    min_size=0,
    max_size=25,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people)
def test_no_rendered_or_exported_count_is_small(client, commissioner_user, organisation, people):
    Participant.objects.all().delete()
    for district, followed_up, completed in people:
        participant = ParticipantFactory(organisation=organisation, postcode_district=district)
        SessionFactory(
            participant=participant, completed_at="2026-01-05T10:00Z" if completed else None
        )
        if followed_up:
            SessionFactory(participant=participant, kind=Session.Kind.FOLLOW_UP)
    client.force_login(commissioner_user)
    page = client.get(reverse("evidence_home"), headers={"HX-Request": "true"}).content.decode()
    shown = set(re.findall(r'nhsuk-table__cell--numeric[^"]*">([^<]*)</td>', page))
    assert shown, "the dashboard showed no table cells"
    assert not SMALL & shown
    headline = set(re.findall(r'genie-headline__value[^"]*">([^<]*)<', page))
    assert not SMALL & headline
    for panel in PANELS:
        response = client.get(reverse("evidence_csv", args=[panel.slug]))
        for line in list(csv.reader(io.StringIO(response.content.decode())))[1:]:
            assert not SMALL & set(line[1:]), (panel.slug, line)
