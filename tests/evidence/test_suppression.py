"""Small-number suppression, checked on random tables."""

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.suppression import Hidden, count_cell, suppress, suppress_table

LIMIT = 5

# Tables of mostly small counts, so suppression has plenty to do.
counts = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=6)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


def full_table(table):
    """The table with a total column and a total row, as the dashboard shows it."""
    full = [row + [sum(row)] for row in table]
    full.append([sum(column) for column in zip(*full, strict=True)])
    return full


def lines(full):
    yield from full
    yield from (list(column) for column in zip(*full, strict=True))


def possible_values(line, hidden_line):
    """Every value each hidden cell can take, worked out the way an attacker
    would: from the visible total and cells, knowing a 'fewer than 5' cell is
    1 to 4 and a 'hidden' cell is at least 5."""
    total = line[-1]
    visible = sum(v for v, h in zip(line[:-1], hidden_line[:-1], strict=True) if h is Hidden.NO)
    rest = total - visible
    ranges = [
        range(1, LIMIT) if h is Hidden.SMALL else range(LIMIT, max(rest, LIMIT) + 1)
        for h in hidden_line[:-1]
        if h is not Hidden.NO
    ]
    result = []
    for i, own in enumerate(ranges):
        others = [r for j, r in enumerate(ranges) if j != i]
        reachable = {0}
        for r in others:
            reachable = {s + v for s in reachable for v in r if s + v <= rest}
        result.append({v for v in own if rest - v in reachable})
    return result


@settings(max_examples=400, deadline=None)
@given(tables)
def test_no_shown_count_is_small(table):
    shown = suppress_table(table, limit=LIMIT)
    every_cell = [
        *(cell for row in shown.cells for cell in row),
        *shown.row_totals,
        *shown.column_totals,
        shown.grand_total,
    ]
    for cell in every_cell:
        if cell.is_hidden:
            assert cell.value is None
            assert cell.text in {"fewer than 5", "hidden"}
        else:
            assert not 0 < cell.value < LIMIT
            assert cell.text == str(cell.value)


@settings(max_examples=400, deadline=None)
@given(tables)
def test_no_hidden_cell_follows_from_totals(table):
    hidden = suppress(table, limit=LIMIT)
    full = full_table(table)
    for line, hidden_line in zip(lines(full), lines(hidden), strict=True):
        if hidden_line[-1] is not Hidden.NO:
            continue  # the total is hidden too: the line gives nothing away
        hidden_count = sum(h is not Hidden.NO for h in hidden_line[:-1])
        assert hidden_count != 1, (table, line, hidden_line)
        for values in possible_values(line, hidden_line):
            assert len(values) > 1, (table, line, hidden_line)


@settings(max_examples=200, deadline=None)
@given(tables)
def test_suppression_hides_only_what_it_must(table):
    """Large counts in a table without small ones are all shown."""
    hidden = suppress([[max(v, LIMIT) if v else 0 for v in row] for row in table], limit=LIMIT)
    assert all(h is Hidden.NO for row in hidden for h in row)


def test_a_lone_small_count_in_a_row_takes_a_neighbour_with_it():
    shown = suppress_table([[3, 20, 30], [10, 10, 10]], limit=LIMIT)
    assert [c.text for c in shown.cells[0]] == ["fewer than 5", "hidden", "30"]
    # Column 0 now has one hidden cell of two: its other cell goes too.
    assert shown.cells[1][0].is_hidden


def test_two_ones_in_a_row_are_not_left_to_be_worked_out():
    # Row total 2 with two 'fewer than 5' cells would mean both are 1.
    hidden = suppress([[1, 1, 50]], limit=LIMIT)
    assert hidden[0][2] is not Hidden.NO or hidden[0][3] is not Hidden.NO


def test_zero_is_shown_and_a_lone_count_uses_the_threshold(settings):
    settings.SUPPRESSION_THRESHOLD = 10
    assert count_cell(0).text == "0"
    assert count_cell(9).text == "fewer than 10"
    assert count_cell(10).text == "10"
