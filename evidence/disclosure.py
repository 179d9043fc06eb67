"""Disclosure control that survives differencing (issue #18).

Every figure on the dashboard, its charts, map and CSVs is built the same way:

1. **Fixed blocks.** Sessions and participants fall into blocks: an area group
   (fixed, evidence.areas), an organisation and a calendar quarter (for
   sessions also the kind of session). Filters choose whole blocks only, so two
   filters never differ by less than a block.
2. **Blocks that say nothing about anyone.** For each attribute reported (an
   age band, a condition, a wellbeing score, a network type...), a block takes
   part only if it holds at least the threshold number of people *and* they do
   not all share the same value. Then, whatever set of filters is compared, any
   one person's value could have been another's in the same block (swap their
   records: every figure stays the same), or, in a block left out, anything
   else (change them all: the block is still left out). No one's attribute can
   be inferred. tests/evidence/test_differencing.py checks this with an exact
   solver.
3. **Rounding and small counts**, as NHS England and the ONS publish: counts
   from 1 to threshold−1 are shown as "fewer than N", others rounded to the
   nearest ``EVIDENCE_ROUNDING`` (5); totals are rounded on their own, so they
   need not add up. Averages only where at least ``EVIDENCE_AVERAGE_MINIMUM``
   (10) answers are counted.

Counts of activity (sessions held, by month, people by area) are about the
service, not any one person's attributes: they are rounded and small ones
hidden, but no block is left out of them.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.conf import settings

from evidence.suppression import Cell, Hidden, shown, small, threshold

Block = tuple  # (area group, organisation id, quarter[, session kind])


def rounding() -> int:
    return max(int(getattr(settings, "EVIDENCE_ROUNDING", 5)), 1)


def average_minimum() -> int:
    return max(int(getattr(settings, "EVIDENCE_AVERAGE_MINIMUM", 10)), 1)


def rounded(count: int) -> int:
    base = rounding()
    return (count + base // 2) // base * base


def rounded_cell(count: int) -> Cell:
    """A count as published: 0, "fewer than N", or rounded to the nearest 5."""
    limit = threshold()
    if 0 < count < limit:
        return small(limit)
    return shown(rounded(count))


def rule_text() -> str:
    limit, base = threshold(), rounding()
    return (
        f"Counts are rounded to the nearest {base}; a count from 1 to {limit - 1} is shown as "
        f"“fewer than {limit}”, and totals are rounded on their own, so they may not add up. "
        f"Averages are shown only where at least {average_minimum()} people answered. "
        f"Areas are fixed groups of neighbouring postcode districts, periods are whole "
        f"quarters, and a group of people (an area, an organisation and a quarter) "
        f"with fewer than {limit} people, or in which everyone gave the same answer, "
        f"is left out of that figure, so no one's answers can be worked out by comparing filters."
    )


def _blocks_taking_part(units: dict[Block, int], values: dict[Block, set]) -> set[Block]:
    limit = threshold()
    return {block for block, n in units.items() if n >= limit and len(values.get(block, ())) >= 2}


def categorical(counts: Iterable[tuple[Block, Hashable, int]]) -> dict[Hashable, int]:
    """Counts by value, from (block, value, count) with every unit's value
    (including "none" values such as "no condition"), over the blocks that take part."""
    units: dict[Block, int] = {}
    values: dict[Block, set] = {}
    rows = list(counts)
    for block, value, n in rows:
        if n:
            units[block] = units.get(block, 0) + n
            values.setdefault(block, set()).add(value)
    taking_part = _blocks_taking_part(units, values)
    found: dict[Hashable, int] = {}
    for block, value, n in rows:
        if block in taking_part:
            found[value] = found.get(value, 0) + n
    return found


def binary(units: dict[Block, int], hits: Iterable[tuple[Block, Hashable, int]]):
    """Counts of units with each of several yes/no attributes (a condition, an
    interest...): ``hits`` is (block, attribute, how many have it). Each
    attribute is judged on its own, so a block where everyone or no one has it
    is left out of that attribute's count."""
    limit = threshold()
    found: dict[Hashable, int] = {}
    for block, attribute, n in hits:
        size = units.get(block, 0)
        if size >= limit and 0 < n < size:
            found[attribute] = found.get(attribute, 0) + n
    return found


@dataclass(frozen=True)
class Average:
    n: int
    total: float

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None


def averages(answers: Iterable[tuple[Block, Hashable, float, int]], units: dict[Block, int]):
    """Averages by measure from (block, measure, value, how many gave it),
    over the blocks that take part for that measure."""
    by_measure: dict[Hashable, dict[Block, dict[float, int]]] = {}
    for block, measure, value, n in answers:
        if value is None or not n:
            continue
        by_measure.setdefault(measure, {}).setdefault(block, {})[value] = n
    limit = threshold()
    found: dict[Hashable, Average] = {}
    for measure, blocks in by_measure.items():
        n = total = 0
        for block, values in blocks.items():
            if units.get(block, 0) >= limit and len(values) >= 2:
                n += sum(values.values())
                total += sum(value * count for value, count in values.items())
        found[measure] = Average(n, total)
    return found


def average_cells(average: Average | None, *, decimals: int = 1) -> tuple[Cell, Cell]:
    """(answers counted, average) as published."""
    if average is None or not average.n:
        return shown(0), Cell(value=None, text="no answers")
    count = rounded_cell(average.n)
    if average.n < average_minimum():
        return count, Cell(value=None, hidden=Hidden.SMALL, text="not enough answers")
    mean = round(average.mean, decimals)
    return count, shown(mean, f"{mean:.{decimals}f}")
