"""The dashboard's panels: a registry, so panels for later stages (network
change, activities, barriers, unmet demand) plug in by adding a Panel.

Each panel has a selector returning a suppressed table, an optional chart, and
may declare margins it shares with other panels (the same total shown in two
places): a margin hidden in one panel is hidden in all, or the hidden figure
could be read off the other panel.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from evidence import areas, demand, referrals
from evidence.charts import Chart, ChartSpec, bar_chart
from evidence.disclosure import average_minimum, rounded_cell, rounding
from evidence.facts import queue, read
from evidence.selectors import EvidenceFilter
from evidence.suppression import Cell, shown, threshold
from evidence.tables import ShownTable

GRAND, ROWS, COLUMNS = "grand", "rows", "columns"


@dataclass(frozen=True)
class Panel:
    slug: str
    title: str
    description: str
    selector: Callable[[EvidenceFilter], ShownTable]
    chart: ChartSpec | None = field(default_factory=ChartSpec)
    # (name of a shared figure, where it sits in this table: GRAND, ROWS or COLUMNS)
    margins: tuple[tuple[str, str], ...] = ()
    wide: bool = False  # a table too wide to sit beside its chart
    map_url_name: str = ""  # a Folium map of the panel, embedded by an iframe


PANELS: list[Panel] = [
    Panel(
        "sessions",
        "Sessions held",
        "First sessions and follow-ups started in the period, and how many were completed.",
        read.sessions_held,
        margins=(("sessions", GRAND), ("kinds", ROWS)),
    ),
    Panel(
        "sessions-by-month",
        "Sessions by month",
        "When sessions started.",
        read.sessions_by_month,
        margins=(("sessions", GRAND), ("kinds", COLUMNS)),
    ),
    Panel(
        "age",
        "Participants by age",
        "People whose first session was in the period.",
        read.participants_by_age,
        margins=(("participants", GRAND),),
    ),
    Panel(
        "gender",
        "Participants by gender",
        "People whose first session was in the period.",
        read.participants_by_gender,
        margins=(("participants", GRAND),),
    ),
    Panel(
        "conditions",
        "Participants by long-term condition",
        "People may have more than one condition, so these do not add up to the total.",
        read.participants_by_condition,
        chart=ChartSpec(skip_empty=True),
    ),
    Panel(
        "areas",
        "Participants by area",
        "People whose first session was in the period, by fixed area: neighbouring postcode "
        "districts grouped so each area is large enough that no one can be picked out.",
        read.participants_by_area,
        margins=(("participants", GRAND),),
    ),
    Panel(
        "wellbeing",
        "Wellbeing at first sessions and follow-ups",
        "Averages of everyone who answered: ONS personal wellbeing (0 to 10; for anxiety "
        "lower is better) and loneliness. The two groups overlap but are not the same people.",
        read.wellbeing_change,
        chart=ChartSpec(
            columns=(1, 3), rows=4, maximum=10, series_labels=("First sessions", "Follow-ups")
        ),
        wide=True,
    ),
    Panel(
        "network-size",
        "Network size",
        "How many people, groups and things were on each network map, at first sessions "
        "and at follow-ups.",
        read.network_sizes,
        margins=(("networks", COLUMNS),),
    ),
    Panel(
        "network-type",
        "Network type",
        "The kind of network each map shows, by the same rules the facilitator sees.",
        read.network_types,
        margins=(("networks", COLUMNS),),
    ),
    Panel(
        "support-gaps",
        "Support gaps",
        "Network maps on which no one gives each kind of support. A map can lack more than one.",
        read.support_gaps,
    ),
    Panel(
        "interests",
        "Interests",
        "Interest profiles with a strong interest (a score of at least half) in each kind of "
        "activity. A profile can have several.",
        read.interests,
        chart=ChartSpec(skip_empty=True),
    ),
    Panel(
        "activities-chosen",
        "Activities chosen",
        "Sessions in which an activity of each kind was chosen to try. A listing can be of "
        "more than one kind.",
        read.activities_chosen,
        chart=ChartSpec(skip_empty=True),
    ),
    Panel(
        "uptake",
        "Uptake at follow-up and what got in the way",
        "At follow-ups, whether each activity chosen earlier was tried, and if not, why not.",
        read.uptake,
        chart=ChartSpec(skip_empty=True),
    ),
    Panel(
        "referrals",
        "Referrals",
        "Referrals received in the period, by who made them, and how many of those became "
        "participants. People may be referred by more than one route over time.",
        referrals.referrals_by_source,
        chart=ChartSpec(skip_empty=True),
    ),
    Panel(
        "referral-contact",
        "Time to first contact",
        "For referrals received in the period that were contacted: the average number of "
        "days from the referral arriving to the first contact.",
        referrals.time_to_first_contact,
        chart=None,
    ),
    Panel(
        "unmet-demand",
        "Unmet demand: what to commission next",
        "People whose first session was in the period with a strong interest in a kind of "
        "activity that no active listing offers within their travel range (from their latest "
        "completed session), by area.",
        demand.unmet_demand,
        chart=ChartSpec(rows=10),
        map_url_name="evidence_unmet_demand_map",
        wide=True,
    ),
]
PANELS_BY_SLUG = {panel.slug: panel for panel in PANELS}


def register(panel: Panel) -> None:
    """Add a panel (for apps that provide evidence of their own)."""
    if panel.slug not in PANELS_BY_SLUG:
        PANELS.append(panel)
        PANELS_BY_SLUG[panel.slug] = panel


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    table: ShownTable
    chart: Chart | None


def _margin_cells(table: ShownTable, where: str) -> list[Cell]:
    if where == GRAND:
        return [table.grand_total]
    if where == ROWS:
        return [row.total for row in table.rows]
    return list(table.column_totals)


def _align_margins(built: dict[str, ShownTable]) -> dict[str, ShownTable]:
    hidden: dict[str, set[int]] = {}
    for slug, table in built.items():
        for name, where in PANELS_BY_SLUG[slug].margins:
            cells = _margin_cells(table, where)
            hidden.setdefault(name, set()).update(
                i for i, cell in enumerate(cells) if cell is not None and cell.is_hidden
            )
    for slug, table in built.items():
        for name, where in PANELS_BY_SLUG[slug].margins:
            indices = hidden.get(name, set())
            if not indices:
                continue
            if where == GRAND:
                table = table.hiding(grand_total=True)
            elif where == ROWS:
                table = table.hiding(row_totals=indices)
            else:
                table = table.hiding(column_totals=indices)
        built[slug] = table
    return built


@dataclass(frozen=True)
class Evidence:
    """Every figure of one filter, computed together: a page or a CSV never
    mixes figures of two moments (tables from the cache beside live counts)."""

    tables: dict[str, ShownTable]
    headline: dict
    produced_at: datetime


def _compute(evidence_filter: EvidenceFilter) -> Evidence:
    tables = _align_margins({panel.slug: panel.selector(evidence_filter) for panel in PANELS})
    return Evidence(
        tables=tables,
        headline=headline(evidence_filter, tables),
        produced_at=timezone.now(),
    )


def build_evidence(evidence_filter: EvidenceFilter) -> Evidence:
    """Every panel's table and the headline, computed together from the fact
    tables and kept together for settings.EVIDENCE_CACHE_SECONDS in the shared
    cache (every worker sees the same figures). The key holds the facts'
    version, so a page is all of one moment, and the rules, so changing them
    recomputes."""
    queue.process_pending()  # anything a commit did not get to yet
    seconds = settings.EVIDENCE_CACHE_SECONDS
    if seconds <= 0:
        return _compute(evidence_filter)
    key = (
        "genie:evidence:"
        + hashlib.sha256(
            f"{evidence_filter!r}:{queue.stamp()}:{threshold()}:{rounding()}:"
            f"{average_minimum()}:{areas.area_group_choices()!r}".encode()
        ).hexdigest()
    )
    return cache.get_or_set(key, lambda: _compute(evidence_filter), seconds)


def build_tables(evidence_filter: EvidenceFilter) -> dict[str, ShownTable]:
    return build_evidence(evidence_filter).tables


def shown_panels(tables: dict[str, ShownTable]) -> list[ShownPanel]:
    return [
        ShownPanel(
            panel=panel,
            table=tables[panel.slug],
            chart=bar_chart(tables[panel.slug], panel.chart) if panel.chart else None,
        )
        for panel in PANELS
    ]


COMPLETION_MINIMUM = 20  # sessions: below this a rate says little


def headline(evidence_filter: EvidenceFilter, tables: dict[str, ShownTable]) -> dict:
    """The figures a board reads first: counts of activity, rounded like every
    count, and the completion rate wherever at least COMPLETION_MINIMUM
    sessions are counted."""
    sessions = tables["sessions"]
    counted = read.sessions_counted(evidence_filter)
    completion = None
    if counted["total"] >= COMPLETION_MINIMUM:
        rate = round(100 * counted["completed"] / counted["total"])
        completion = shown(rate, f"{rate}%")
    return {
        "participants": rounded_cell(read.participants_total(evidence_filter)),
        "followed_up": read.participants_followed_up(evidence_filter),
        "sessions": sessions.grand_total,
        "follow_ups": sessions.rows[1].total,
        "completion": completion,
        "completion_minimum": COMPLETION_MINIMUM,
    }


# The board report: the figures a board needs, on 2 to 4 A4 pages.
REPORT_PANELS = ["sessions", "wellbeing", "network-type", "uptake", "unmet-demand"]
REPORT_ROWS = 8  # rows of a long list (unmet demand, most first) in the report; the CSV has all


def report_panels(tables: dict[str, ShownTable]) -> list[ShownPanel]:
    shown = []
    for slug in REPORT_PANELS:
        panel = PANELS_BY_SLUG[slug]
        table = tables[slug]
        if len(table.rows) > REPORT_ROWS and not table.has_totals:
            table = replace(table, rows=table.rows[:REPORT_ROWS])
        shown.append(
            ShownPanel(
                panel=panel,
                table=table,
                chart=bar_chart(table, panel.chart) if panel.chart else None,
            )
        )
    return shown
