"""Chart labels are never cut off, and every chart keeps its table."""

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from evidence.charts import LABEL_CHARACTERS, LINE_HEIGHT, ChartSpec, bar_chart, wrap
from evidence.tables import ShownTable
from tests.evidence.conftest import build_groups, seed_sessions

words = st.text(alphabet="abcdefghij,()", min_size=1, max_size=30)


@given(st.lists(words, min_size=1, max_size=12))
def test_wrapped_labels_keep_every_character_within_the_width(parts):
    label = " ".join(parts)
    lines = wrap(label)
    assert all(len(line) <= LABEL_CHARACTERS for line in lines)
    rejoined = "".join(line[:-1] if line.endswith("-") else line for line in lines)
    assert rejoined.replace(" ", "") == label.replace(" ", "")


def test_long_labels_take_more_lines_and_push_the_next_row_down():
    long = "SO14 to SO53 (8 districts): Peer and condition support"
    table = ShownTable.from_counts(
        row_heading="Row", columns=["Participants"], rows=[long, "Short"], counts=[[10], [20]]
    )
    chart = bar_chart(table, ChartSpec())
    first, second = chart.rows
    assert " ".join(line.text for line in first.lines) == long
    assert len(first.lines) >= 3
    last_line_y = float(first.label_y) + LINE_HEIGHT * (len(first.lines) - 1)
    assert float(second.label_y) > last_line_y + LINE_HEIGHT
    assert chart.height > float(second.label_y)


def test_dashboard_draws_whole_labels_beside_tables(commissioner_client, organisation):
    seed_sessions(organisation, count=12)
    build_groups()
    page = commissioner_client.get(reverse("evidence_home")).content.decode()
    assert "…" not in page
    # The scale stays with its label (it used to be dropped to fit).
    assert '">Life satisfaction</tspan><tspan x="142" dy="16">(0 to 10)</tspan>' in page
    assert page.count('class="genie-chart"') <= page.count("<table")
