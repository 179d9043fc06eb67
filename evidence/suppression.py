"""Small-number suppression for every count a commissioner sees.

Primary suppression hides any count from 1 to threshold−1 ("fewer than 5").
Totals are shown (they appear elsewhere on the dashboard anyway), so a hidden
cell could be worked out from its row or column total and the visible cells.
Secondary suppression closes that: in every line (a row or a column, with its
total) that still gives away a hidden cell, the smallest other non-zero cell is
hidden too, repeated until nothing changes.

A line "gives away" a hidden cell when, knowing the line total, the visible
cells and what each hidden cell is known to be (a primary one is 1 to
threshold−1; a secondary one is 0 or at least threshold, since only such cells
are visible), the cell can have only one value. This covers the textbook case
(one hidden cell in a line) and the interval cases (two primary cells summing
to 2 must both be 1).
"""

from dataclasses import dataclass
from enum import Enum

from django.conf import settings


class Hidden(Enum):
    NO = ""
    SMALL = "small"  # primary: 1 to threshold−1
    PROTECTING = "protecting"  # secondary: hidden so a small count elsewhere stays hidden


def threshold() -> int:
    return max(int(getattr(settings, "SUPPRESSION_THRESHOLD", 5)), 1)


def fewer_than_text(limit: int | None = None) -> str:
    return f"fewer than {threshold() if limit is None else limit}"


PROTECTING_TEXT = "hidden"


@dataclass(frozen=True)
class Cell:
    """One number as a commissioner may see it."""

    value: int | float | None  # None when hidden; never the true value then
    hidden: Hidden = Hidden.NO
    text: str = ""

    @property
    def is_hidden(self) -> bool:
        return self.hidden is not Hidden.NO

    def __str__(self) -> str:
        return self.text


def shown(value, text: str | None = None) -> Cell:
    return Cell(value=value, text=str(value) if text is None else text)


def small(limit: int) -> Cell:
    return Cell(value=None, hidden=Hidden.SMALL, text=fewer_than_text(limit))


def protecting() -> Cell:
    return Cell(value=None, hidden=Hidden.PROTECTING, text=PROTECTING_TEXT)


def count_cell(count: int, *, limit: int | None = None) -> Cell:
    """A lone count (no totals around it): primary suppression only."""
    limit = threshold() if limit is None else limit
    return small(limit) if 0 < count < limit else shown(count)


def _bounds(kind: Hidden, limit: int, line_total: int) -> tuple[int, int]:
    if kind is Hidden.SMALL:
        return 1, limit - 1
    # Only visible non-zero cells (or a visible total) are ever chosen to
    # protect, so anyone who knows this rule knows such a cell is ≥ threshold.
    return limit, max(limit, line_total)


def _line_gives_away(values, hidden, limit) -> bool:
    """True when some hidden cell of this line has only one possible value.

    ``values`` ends with the line total; ``hidden`` marks the same positions.
    A hidden total means the line pins nothing down.
    """
    if hidden[-1] is not Hidden.NO:
        return False
    cells = [(value, kind) for value, kind in zip(values[:-1], hidden[:-1], strict=True)]
    hidden_cells = [(value, kind) for value, kind in cells if kind is not Hidden.NO]
    if not hidden_cells:
        return False
    hidden_sum = values[-1] - sum(value for value, kind in cells if kind is Hidden.NO)
    bounds = [_bounds(kind, limit, hidden_sum) for _value, kind in hidden_cells]
    low_sum = sum(low for low, _high in bounds)
    high_sum = sum(high for _low, high in bounds)
    for low, high in bounds:
        # The range this cell can take given the others' ranges and the sum.
        can_low = max(low, hidden_sum - (high_sum - high))
        can_high = min(high, hidden_sum - (low_sum - low))
        if can_low >= can_high:
            return True
    return False


def _lines(rows: int, columns: int):
    """Index lists of every row and column of the table with its totals."""
    for r in range(rows + 1):
        yield [(r, c) for c in range(columns + 1)]
    for c in range(columns + 1):
        yield [(r, c) for r in range(rows + 1)]


def suppress(counts: list[list[int]], *, limit: int | None = None) -> list[list[Hidden]]:
    """Which cells of ``counts`` plus its totals must be hidden.

    Returns a (rows+1) × (columns+1) grid: the last column holds the row totals,
    the last row the column totals, the corner the grand total.
    """
    limit = threshold() if limit is None else limit
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    full = [list(row) + [sum(row)] for row in counts]
    full.append([sum(full[r][c] for r in range(rows)) for c in range(columns + 1)])
    hidden = [[Hidden.SMALL if 0 < value < limit else Hidden.NO for value in row] for row in full]
    changed = True
    while changed:
        changed = False
        for line in _lines(rows, columns):
            values = [full[r][c] for r, c in line]
            kinds = [hidden[r][c] for r, c in line]
            if not _line_gives_away(values, kinds, limit):
                continue
            # Hide the smallest visible non-zero cell (not the total); failing
            # that, the total, which stops the line pinning anything down.
            candidates = [
                (full[r][c], r, c)
                for r, c in line[:-1]
                if hidden[r][c] is Hidden.NO and full[r][c] > 0
            ]
            r, c = min(candidates)[1:] if candidates else line[-1]
            hidden[r][c] = Hidden.PROTECTING
            changed = True
    return hidden


@dataclass(frozen=True)
class SuppressedTable:
    """Cells as shown, with row totals, column totals and the grand total."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell


def _as_cell(value: int, kind: Hidden, limit: int) -> Cell:
    if kind is Hidden.SMALL:
        return small(limit)
    if kind is Hidden.PROTECTING:
        return protecting()
    return shown(value)


def suppress_table(counts: list[list[int]], *, limit: int | None = None) -> SuppressedTable:
    limit = threshold() if limit is None else limit
    hidden = suppress(counts, limit=limit)
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    row_sums = [sum(row) for row in counts]
    column_sums = [sum(counts[r][c] for r in range(rows)) for c in range(columns)]
    return SuppressedTable(
        cells=[
            [_as_cell(counts[r][c], hidden[r][c], limit) for c in range(columns)]
            for r in range(rows)
        ],
        row_totals=[_as_cell(row_sums[r], hidden[r][columns], limit) for r in range(rows)],
        column_totals=[_as_cell(column_sums[c], hidden[rows][c], limit) for c in range(columns)],
        grand_total=_as_cell(sum(row_sums), hidden[rows][columns], limit),
    )
