"""Tables as a commissioner sees them: labels and already-suppressed cells."""

from dataclasses import dataclass, field, replace
from functools import cached_property

from evidence.disclosure import rounded_cell
from evidence.suppression import Cell, protecting


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    total: Cell | None = None


@dataclass(frozen=True)
class ShownTable:
    row_heading: str
    columns: list[str]
    rows: list[Row]
    column_totals: list[Cell] = field(default_factory=list)
    grand_total: Cell | None = None

    @classmethod
    def from_counts(cls, *, row_heading, columns, rows, counts, totals=True) -> "ShownTable":
        """Publish ``counts``: each count and each total rounded on its own
        (evidence.disclosure), so no hidden count can be worked out from the
        totals and the cells beside it.

        Without ``totals`` (rows that overlap, such as conditions) there are none.
        """
        counts = counts or [[0] * len(columns)]
        multi_column = len(columns) > 1
        table_rows = [
            Row(
                label=label,
                cells=[rounded_cell(count) for count in row],
                total=rounded_cell(sum(row)) if totals and multi_column else None,
            )
            for label, row in zip(rows, counts, strict=False)
        ]
        if not totals:
            return cls(row_heading=row_heading, columns=columns, rows=table_rows)
        column_sums = [sum(row[c] for row in counts) for c in range(len(columns))]
        return cls(
            row_heading=row_heading,
            columns=columns,
            rows=table_rows,
            column_totals=[rounded_cell(n) for n in column_sums],
            grand_total=rounded_cell(sum(column_sums)),
        )

    @property
    def has_totals(self) -> bool:
        return self.grand_total is not None

    @cached_property  # the template asks on every row
    def has_row_totals(self) -> bool:
        return any(row.total is not None for row in self.rows)

    def hiding(self, *, grand_total=False, row_totals=(), column_totals=()) -> "ShownTable":
        """A copy with more margins hidden (hiding more never reveals more)."""
        rows = [
            replace(row, total=protecting()) if i in row_totals and row.total else row
            for i, row in enumerate(self.rows)
        ]
        columns = [
            protecting() if j in column_totals and not cell.is_hidden else cell
            for j, cell in enumerate(self.column_totals)
        ]
        grand = self.grand_total
        if grand_total and grand is not None and not grand.is_hidden:
            grand = protecting()
        if len(self.columns) == 1 and grand is not self.grand_total:
            columns = [grand]  # one column: its total is the grand total
        return replace(self, rows=rows, column_totals=columns, grand_total=grand)

    def csv_rows(self) -> list[list[str]]:
        header = [self.row_heading, *self.columns]
        if self.has_row_totals:
            header.append("Total")
        lines = [header]
        for row in self.rows:
            line = [row.label, *(cell.text for cell in row.cells)]
            if self.has_row_totals:
                line.append(row.total.text if row.total else "")
            lines.append(line)
        if self.has_totals:
            line = ["Total"]
            line += [cell.text for cell in self.column_totals] if len(self.columns) > 1 else []
            line.append(self.grand_total.text)
            lines.append(line)
        return lines
