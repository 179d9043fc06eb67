"""Published counts in SQL (issue #18, item 1).

The block rule of evidence.disclosure, applied inside the database, so a
panel's query returns only its few published figures instead of one row per
block (at 40,000 sessions most blocks hold one to three people, so the
Python functions received tens of thousands of rows per panel). Each function here
gives exactly what its reference in evidence.disclosure gives for the same
rows (tests/evidence/test_published.py checks it on random facts):

- ``categorical``: counts by value over the blocks with at least the threshold
  number of units and at least two distinct values (``disclosure.categorical``);
- ``binary``: counts of units with each attribute over the blocks with at
  least the threshold number of units of which some but not all have it
  (``disclosure.binary``), and ``flags`` for attributes that are yes/no
  columns of the units themselves;
- ``averages``: averages by measure over the blocks with at least the
  threshold number of units and at least two distinct answers to that measure
  (``disclosure.averages``).

Every function takes querysets of the rows (the filter stays the ORM's) and
the names of their block fields, has the ORM write their SQL (grouped by
block where that is the first step), and wraps it in one outer query with
common table expressions: plain SQL that PostgreSQL and SQLite (3.25 or later,
for window functions) both run. A row is one unit (a fact), or holds how many
units it counts (a row of the cube of per-block totals, evidence.facts.cube,
which the dashboard reads): the ``weight`` arguments say which.
docs/performance.md ("Published counts in SQL", "The cube") has the timings
and query plans behind each shape.
"""

from collections.abc import Sequence

from django.db import connections
from django.db.models import Aggregate, Count, F, Max, Min, Q, QuerySet, Sum

from evidence.disclosure import Average
from evidence.suppression import threshold


def _fields(names: str | Sequence[str]) -> tuple[str, ...]:
    return (names,) if isinstance(names, str) else tuple(names)


def _table(name: str, grouped: QuerySet, prefix: str = "c") -> tuple[str, list, list[str]]:
    """``name(c0, c1, ...) AS (the queryset's SQL)``, its parameters and column
    names: c0, c1... (or another prefix) for the selected fields (model fields
    or lookups across relations, never annotations), then the annotations'
    own names."""
    sql, params = grouped.query.sql_with_params()
    columns = [f"{prefix}{i}" for i in range(len(grouped.query.values_select))]
    columns += list(grouped.query.annotation_select)
    return f"{name}({', '.join(columns)}) AS ({sql})", list(params), columns


def _counted(name: str, rows: QuerySet, fields: Sequence[str], weight: Aggregate | None = None):
    """Rows grouped by ``fields`` (each once), with n = ``weight`` (how many
    units each group holds: COUNT(*) of rows that are units, SUM of a count
    of the cube); and which column holds each field."""
    unique = list(dict.fromkeys(fields))
    grouped = rows.values_list(*unique).annotate(n=weight or Count("pk")).order_by()
    table, params, columns = _table(name, grouped, prefix=name[0])
    return table, params, dict(zip(unique, columns, strict=False))


def _fetch(rows: QuerySet, sql: str, params: list) -> list[tuple]:
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _per_block(table: str, by: str, sums: str) -> str:
    """Sums by ``by`` over the rows of ``cells`` (one a block) with enough units."""
    return (
        f"WITH {table} SELECT {by}, {sums} FROM cells"  # noqa: S608 (names only)
        f" WHERE units >= %s GROUP BY {by}"
    )


def _key(row: Sequence, width: int):
    return row[0] if width == 1 else tuple(row[:width])


def categorical(
    rows: QuerySet,
    block: Sequence[str],
    value: str | Sequence[str],
    weight: Aggregate | None = None,
) -> dict:
    """``disclosure.categorical`` of ``rows`` counted by block and value: {value: n}
    (a tuple of values if several fields are given; they may repeat block fields).
    Each row is a unit, or holds ``weight`` units (groups with none left out)."""
    value = _fields(value)
    table, params, column = _counted("cells", rows, [*block, *value], weight)
    blocks = ", ".join(column[field] for field in block)
    keys = ", ".join(column[field] for field in value)
    sql = (
        f"WITH {table}, judged AS ("  # noqa: S608 (names only; values are parameters)
        f" SELECT {keys}, n, SUM(n) OVER (PARTITION BY {blocks}) AS units,"
        f" COUNT(*) OVER (PARTITION BY {blocks}) AS kinds FROM cells WHERE n > 0)"
        f" SELECT {keys}, SUM(n) FROM judged WHERE units >= %s AND kinds >= 2 GROUP BY {keys}"
    )
    found = _fetch(rows, sql, [*params, threshold()])
    return {_key(row, len(value)): int(row[-1]) for row in found}


def binary(
    units: QuerySet,
    block: Sequence[str],
    hits: QuerySet,
    hits_block: Sequence[str],
    attribute: str | Sequence[str],
    *,
    units_weight: Aggregate | None = None,
    hits_weight: str = "",
) -> dict:
    """``disclosure.binary`` of the units counted by ``block`` and the hits
    (one row each, or ``hits_weight`` a field holding how many)
    counted by ``hits_block`` (the same blocks, named from the hits' side) and
    attribute: {attribute: n}. Only hits in blocks with enough units are
    counted at all, so the database groups few of them."""
    attribute = _fields(attribute)
    units_table, units_params, unit = _counted("units", units, block, units_weight)
    fields = list(dict.fromkeys([*hits_block, *attribute]))
    if hits_weight:
        return _binary_weighted(
            units_table,
            units_params,
            unit,
            block,
            hits,
            hits_block,
            attribute,
            fields,
            hits_weight,
        )
    rows_table, rows_params, columns = _table("rows", hits.values_list(*fields).order_by(), "r")
    row = dict(zip(fields, columns, strict=True))
    joined = " AND ".join(
        f"passing.{unit[mine]} = rows.{row[theirs]}"
        for mine, theirs in zip(block, hits_block, strict=True)
    )
    keys = ", ".join(row[field] for field in attribute)
    sql = (
        f"WITH {units_table}, {rows_table},"  # noqa: S608 (names only; values are parameters)
        " passing AS (SELECT *, ROW_NUMBER() OVER () AS id FROM units WHERE n >= %s),"
        f" hits AS (SELECT {keys}, COUNT(*) AS n, MIN(passing.n) AS units"
        f" FROM rows JOIN passing ON {joined} GROUP BY passing.id, {keys})"
        f" SELECT {keys}, SUM(n) FROM hits WHERE n < units GROUP BY {keys}"
    )
    found = _fetch(units, sql, [*units_params, *rows_params, threshold()])
    return {_key(row, len(attribute)): int(row[-1]) for row in found}


def _binary_weighted(
    units_table,
    units_params,
    unit,
    block,
    hits,
    hits_block,
    attribute,
    fields,
    weight,
):
    """``binary`` of hits that each hold ``weight`` units (rows of the cube):
    grouped by block and attribute first, then joined to the blocks with
    enough units. The cube's rows are bounded by blocks × values however many
    units they count, and once blocks fill nearly all take part, so this is a
    hash join of two bounded sets; joining first, as for facts, made
    PostgreSQL probe an index once per passing block (a nested loop it
    expected to be short), 3 to 10 times slower with blocks ten times fuller
    (docs/performance.md, "The cube")."""
    grouped = hits.values_list(*fields).annotate(hits=Sum(weight)).order_by()
    rows_table, rows_params, columns = _table("rows", grouped, "r")
    row = dict(zip(fields, columns, strict=False))
    hits_column = columns[-1]
    joined = " AND ".join(
        f"passing.{unit[mine]} = rows.{row[theirs]}"
        for mine, theirs in zip(block, hits_block, strict=True)
    )
    keys = ", ".join(f"rows.{row[field]}" for field in attribute)
    sql = (
        f"WITH {units_table}, {rows_table},"  # noqa: S608 (names only; values are parameters)
        " passing AS (SELECT * FROM units WHERE n >= %s)"
        f" SELECT {keys}, SUM(rows.{hits_column}) FROM rows JOIN passing ON {joined}"
        f" WHERE rows.{hits_column} > 0 AND rows.{hits_column} < passing.n GROUP BY {keys}"
    )
    found = _fetch(hits, sql, [*units_params, *rows_params, threshold()])
    return {_key(found_row, len(attribute)): int(found_row[-1]) for found_row in found}


def categorical_judged(rows: QuerySet, value: str | Sequence[str]) -> dict:
    """``categorical`` of the cube's value rows of whole blocks, each carrying
    its block's units and number of values (``block_units``, ``block_values``,
    set by evidence.facts.cube): one scan, no window."""
    value = _fields(value)
    found = (
        rows.filter(block_units__gte=threshold(), block_values__gte=2)
        .values_list(*value)
        .annotate(total=Sum("n"))
        .order_by()
    )
    return {_key(row, len(value)): int(row[-1]) for row in found}


def binary_judged(rows: QuerySet, attribute: str | Sequence[str]) -> dict:
    """``binary`` of the cube's value rows of whole blocks (one a block and
    value), each carrying its block's units (``block_units``): one scan, no join."""
    attribute = _fields(attribute)
    found = (
        rows.filter(block_units__gte=threshold(), n__gt=0, n__lt=F("block_units"))
        .values_list(*attribute)
        .annotate(total=Sum("n"))
        .order_by()
    )
    return {_key(row, len(attribute)): int(row[-1]) for row in found}


def flags(
    rows: QuerySet,
    block: Sequence[str],
    flagged: dict,
    by: str,
    units: Aggregate | None = None,
) -> dict:
    """``disclosure.binary`` for yes/no fields of the units themselves, in one
    scan: ``flagged`` maps an attribute to its true field (or to the aggregate
    counting a block's units with it, ``units`` counting its units);
    {(by, attribute): n}, where ``by`` is one of the block fields."""
    grouped = (
        rows.values_list(*block)
        .annotate(
            units=units or Count("pk"),
            **{
                f"f{i}": Count("pk", filter=Q(**{field: True})) if isinstance(field, str) else field
                for i, field in enumerate(flagged.values())
            },
        )
        .order_by()
    )
    table, params, columns = _table("cells", grouped)
    column = dict(zip(block, columns, strict=False))
    sums = ", ".join(
        f"SUM(CASE WHEN f{i} > 0 AND f{i} < units THEN f{i} ELSE 0 END)"
        for i in range(len(flagged))
    )
    sql = _per_block(table, column[by], sums)
    found = {}
    for group, *counts in _fetch(rows, sql, [*params, threshold()]):
        for attribute, n in zip(flagged, counts, strict=True):
            if n:
                found[(group, attribute)] = int(n)
    return found


def _answers(measure: str) -> tuple[Aggregate, Aggregate, Aggregate, Aggregate]:
    """A block's answers to a measure (a field of the units), their sum,
    smallest and largest."""
    return Count(measure), Sum(measure), Min(measure), Max(measure)


def averages(
    rows: QuerySet,
    block: Sequence[str],
    measures: Sequence[str] | dict,
    by: str,
    units: Aggregate | None = None,
) -> dict:
    """``disclosure.averages`` of several measures (fields of the units, None
    when not answered; or a dict of each measure's four aggregates, as
    ``_answers``, with ``units`` counting a block's units) in one scan, per
    value of ``by`` (one of the block fields), the units being ``rows``
    counted by block: {by: {measure: Average}}. A block's answers to a measure
    take more than one value exactly when their smallest and largest differ."""
    if not isinstance(measures, dict):
        measures = {measure: _answers(measure) for measure in measures}
    grouped = (
        rows.values_list(*block)
        .annotate(
            units=units or Count("pk"),
            **{
                f"{name}{i}": aggregate
                for i, parts in enumerate(measures.values())
                for name, aggregate in zip(("n", "s", "lo", "hi"), parts, strict=True)
            },
        )
        .order_by()
    )
    table, params, columns = _table("cells", grouped)
    column = dict(zip(block, columns, strict=False))
    sums = ", ".join(
        f"SUM(CASE WHEN lo{i} < hi{i} THEN n{i} ELSE 0 END),"
        f" SUM(CASE WHEN lo{i} < hi{i} THEN s{i} ELSE 0 END)"
        for i in range(len(measures))
    )
    sql = _per_block(table, column[by], sums)
    found: dict = {}
    for group, *figures in _fetch(rows, sql, [*params, threshold()]):
        for i, measure in enumerate(measures):
            n, total = figures[2 * i : 2 * i + 2]
            found.setdefault(group, {})[measure] = Average(int(n or 0), int(total or 0))
    return found
