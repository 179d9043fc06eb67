"""Bar charts drawn on the server as SVG geometry for a template to render.

No JavaScript and no style attributes (the Content-Security-Policy forbids
inline styles): colours come from classes in static/scss/_evidence.scss. Every
chart sits next to the table of its numbers, which is what screen readers use.
"""

from dataclasses import dataclass

from evidence.tables import ShownTable

# Sized to draw at about 1:1 in half the page width, so its text reads at 14px.
LABEL_WIDTH = 150
PLOT_WIDTH = 220
VALUE_WIDTH = 100  # room for "fewer than 5" beside the longest bar
WIDTH = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
BAR_HEIGHT = 20
BAR_GAP = 3
ROW_GAP = 14
LEGEND_HEIGHT = 30
LEGEND_SPACING = 140
HIDDEN_STUB = 12  # a hidden count is drawn as a short dashed outline, never to scale
LABEL_CHARACTERS = 18  # per line of a label, at 14px in LABEL_WIDTH
LINE_HEIGHT = 16


@dataclass(frozen=True)
class ChartSpec:
    """Which columns are plotted as series (default: all) and against what scale."""

    columns: tuple[int, ...] | None = None
    rows: int | None = None  # plot only the first N rows
    skip_empty: bool = False  # leave out rows of zeros (the table still lists them)
    maximum: float | None = None
    series_labels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Bar:
    series: str  # a class suffix: "only", or the series number
    x: str
    y: str
    width: str
    text: str
    text_x: str
    text_y: str
    hidden: bool


@dataclass(frozen=True)
class LabelLine:
    text: str
    dy: str  # from the line before (the first: from label_y)


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: str
    bars: list[Bar]
    lines: list[LabelLine] = ()


@dataclass(frozen=True)
class LegendItem:
    series: int
    label: str
    x: str
    text_x: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_x: int
    bar_height: int
    rows: list[ChartRow]
    legend: list[LegendItem]
    baseline_x: int
    plot_top: int
    plot_bottom: int


def wrap(label: str, width: int = LABEL_CHARACTERS) -> list[str]:
    """The whole label on as many lines as it needs, broken between words
    (a word longer than a line is broken with a hyphen): never cut off."""
    lines: list[str] = []
    line = ""
    for word in label.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines or [""]


def _number(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(table: ShownTable, spec: ChartSpec) -> Chart | None:
    """Horizontal bars, one group per table row and one bar per series."""
    columns = spec.columns if spec.columns is not None else tuple(range(len(table.columns)))
    rows = table.rows[: spec.rows] if spec.rows else table.rows
    if spec.skip_empty:
        rows = [row for row in rows if any(row.cells[c].value != 0 for c in columns)]
    if not rows:
        return None
    values = [row.cells[c].value for row in rows for c in columns if not row.cells[c].is_hidden]
    maximum = spec.maximum or max([v for v in values if v is not None] or [0]) or 1
    labels = spec.series_labels or tuple(table.columns[c] for c in columns)
    legend_height = LEGEND_HEIGHT if len(columns) > 1 else 0
    group_height = len(columns) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    chart_rows = []
    top = legend_height + ROW_GAP // 2
    for row in rows:
        lines = wrap(row.label)
        height = max(group_height, len(lines) * LINE_HEIGHT)
        bars_top = top + (height - group_height) / 2
        bars = []
        for series, c in enumerate(columns):
            cell = row.cells[c]
            y = bars_top + series * (BAR_HEIGHT + BAR_GAP)
            if cell.is_hidden or cell.value is None:
                width = HIDDEN_STUB if cell.is_hidden else 0
            else:
                width = PLOT_WIDTH * cell.value / maximum
            bars.append(
                Bar(
                    series=str(series) if len(columns) > 1 else "only",
                    x=str(LABEL_WIDTH),
                    y=_number(y),
                    width=_number(width),
                    text=cell.text,
                    text_x=_number(LABEL_WIDTH + width + 6),
                    text_y=_number(y + BAR_HEIGHT - 5),
                    hidden=cell.is_hidden,
                )
            )
        first_y = top + height / 2 + 5 - (len(lines) - 1) * LINE_HEIGHT / 2
        chart_rows.append(
            ChartRow(
                label=row.label,
                label_y=_number(first_y),
                bars=bars,
                lines=[
                    LabelLine(text=text, dy="0" if i == 0 else str(LINE_HEIGHT))
                    for i, text in enumerate(lines)
                ],
            )
        )
        top += height + ROW_GAP
    legend = (
        [
            LegendItem(
                series=i,
                label=label,
                x=str(LEGEND_SPACING * i),
                text_x=str(LEGEND_SPACING * i + 20),
            )
            for i, label in enumerate(labels)
        ]
        if len(columns) > 1
        else []
    )
    return Chart(
        width=WIDTH,
        height=int(top),
        label_x=LABEL_WIDTH - 8,
        bar_height=BAR_HEIGHT,
        rows=chart_rows,
        legend=legend,
        baseline_x=LABEL_WIDTH,
        plot_top=legend_height,
        plot_bottom=int(top - ROW_GAP // 2),
    )
