"""Per-block totals of the facts, the "cube" (issue #18).

evidence.models.BlockCell holds, per area group, organisation, month and kind
of session, what every published figure needs of its units (how many, how
many completed, answered, have a network..., and each wellbeing measure's
answers, sum, smallest and largest), and CellValue, per block (the same
with the quarter for the month), how many of them have each value of a
figure, with the block's count of that figure's units and of its values
(so a panel judges each block from its own rows). The dashboard reads these
(evidence.facts.read) instead of the facts, so its work grows with the number
of blocks, not of sessions.

Rows are recomputed from the facts, never adjusted by a difference: a row is
exactly the totals of the facts with its key, whoever wrote them. Whenever the
facts of some blocks change (evidence.facts.build), ``refresh`` recomputes
those person blocks' rows (every month and kind) in the same transaction;
``rebuild`` recomputes every row. Writers of facts first take the facts'
stamp row's lock (``lock``), so two transactions never recompute a block each
without seeing the other's facts.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from evidence.models import CUBE_MEASURES, BlockCell, CellValue, FactValue, SessionFact
from genie.models import Session

# A BlockCell's key (its quarter follows from its month), and a block's.
KEY = ("organisation_id", "area", "month", "kind")
CELL = ("organisation_id", "area", "month", "quarter", "kind")
BLOCK = ("organisation_id", "area", "quarter", "kind")
CHUNK = 1_000  # keys per statement (four parameters each)

# Figures of the facts' own fields: (figure, field, which facts count).
FIELD_FIGURES = [
    ("age_band", "age_band", Q(first_of_person=True)),
    ("gender", "gender", Q(first_of_person=True)),
    ("network_size", "network_size", Q(has_network=True)),
    ("network_type", "network_type", Q(has_network=True)),
]
# Figures of FactValue facets: (facet, of people's first sessions only).
FACET_FIGURES = [
    (FactValue.Facet.CONDITION, True),
    (FactValue.Facet.UNMET, True),
    (FactValue.Facet.INTEREST, False),
    (FactValue.Facet.CHOSEN, False),
    (FactValue.Facet.OUTCOME, False),
]
PREVIOUS = "previous"  # a follow-up's previous follow-up month, "" if none
PERSON_FIGURES = {"age_band", "gender", FactValue.Facet.CONDITION, FactValue.Facet.UNMET}


Key = tuple  # (organisation id, area group, month, kind)


def values_of_facts(facts: QuerySet[SessionFact], values: QuerySet[FactValue], figure: str):
    """A figure's CellValue rows (block fields, ``value`` and ``n``) made from
    these facts (or their values) instead: one row per unit, n = 1."""
    one = Value(1, output_field=IntegerField())
    for name, field, which in FIELD_FIGURES:
        if name == figure:
            return facts.filter(which).annotate(value=F(field), n=one)
    if figure == PREVIOUS:
        return facts.filter(kind=Session.Kind.FOLLOW_UP).annotate(
            value=Coalesce(Cast("previous_follow_up", CharField()), Value("")), n=one
        )
    person = dict(FACET_FIGURES)[figure]
    rows = values.filter(facet=figure)
    if person:
        rows = rows.filter(fact__first_of_person=True)
    return rows.annotate(
        **{field: F(f"fact__{field}") for field in BLOCK},
        n=one,
    )


def _keys_where(table: str, keys: list[tuple], names=KEY) -> tuple[str, list]:
    """``(key columns of table) IN (VALUES ...)``: matched by the database in
    one hash or index lookup, where an OR of each key's conditions is not."""
    fields = [SessionFact._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(table)}.{quote(field.column)}" for field in fields)
    params = [
        field.get_db_prep_value(value, connection)
        for key in keys
        for field, value in zip(fields, key, strict=True)
    ]
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    return f"({columns}) IN (VALUES {rows})", params


def _cells(facts: QuerySet[SessionFact]) -> QuerySet:
    """The facts grouped into BlockCell rows (columns named as the model's)."""
    unmet = FactValue.objects.filter(fact=OuterRef("pk"), facet=FactValue.Facet.UNMET)
    networks = Q(has_network=True)
    return (
        facts.annotate(has_unmet=Exists(unmet))
        .values(*CELL)
        .annotate(
            sessions=Count("pk"),
            completed=Count("pk", filter=Q(completed=True)),
            people=Count("pk", filter=Q(first_of_person=True)),
            answered=Count("pk", filter=Q(answered=True)),
            networks=Count("pk", filter=networks),
            lacks_illness=Count("pk", filter=networks & Q(lacks_illness=True)),
            lacks_everyday=Count("pk", filter=networks & Q(lacks_everyday=True)),
            lacks_emotional=Count("pk", filter=networks & Q(lacks_emotional=True)),
            unmet_people=Count("pk", filter=Q(first_of_person=True, has_unmet=True)),
            **{
                f"{measure}_{part}": aggregate
                for measure in CUBE_MEASURES
                for part, aggregate in (
                    ("n", Count(measure)),
                    ("sum", Coalesce(Sum(measure), 0)),
                    ("min", Min(measure)),
                    ("max", Max(measure)),
                )
            },
        )
        .order_by()
    )


def _part(rows: QuerySet, prefix: str, person: bool, figure: str, value) -> QuerySet:
    """One figure's CellValue rows (columns: BLOCK, figure, value, n). A
    person's figure is kept under kind "" (a person's block has no kind), so
    each person block has one row per value."""
    kind = Value("", output_field=CharField()) if person else F(f"{prefix}kind")
    return (
        rows.annotate(kind_=kind, figure_=Value(figure, output_field=CharField()), value_=value)
        .values(*(f"{prefix}{field}" for field in BLOCK[:3]), "kind_", "figure_", "value_")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _values(facts: QuerySet[SessionFact], keys: list[Key] | None) -> list[QuerySet]:
    """CellValue rows, one query per figure."""
    parts = [
        _part(facts.filter(which), "", figure in PERSON_FIGURES, figure, F(field))
        for figure, field, which in FIELD_FIGURES
    ]
    previous = Coalesce(Cast("previous_follow_up", CharField()), Value(""))
    parts.append(_part(facts.filter(kind=Session.Kind.FOLLOW_UP), "", False, PREVIOUS, previous))
    for facet, person in FACET_FIGURES:
        rows = _of_keys(FactValue.objects.filter(facet=facet), keys)
        if person:
            rows = rows.filter(fact__first_of_person=True)
        parts.append(_part(rows, "fact__", person, str(facet), F("value")))
    return parts


def _of_keys(rows: QuerySet, keys: list[Key] | None) -> QuerySet:
    """Facts (or their values, joined to them) with these keys, or all if None."""
    if keys is None:
        return rows
    where, params = _keys_where(SessionFact._meta.db_table, keys)
    return rows.extra(where=[where], params=params)  # noqa: S610 (names and parameters)


def _insert(model, columns: list[str], parts: list[QuerySet]) -> None:
    sql, params = [], []
    for part in parts:
        part_sql, part_params = part.query.sql_with_params()
        sql.append(part_sql)
        params += part_params
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({names}) "  # noqa: S608 (names only)
            + " UNION ALL ".join(sql),
            params,
        )


CELL_COLUMNS = [
    *CELL,
    *(
        field.column
        for field in BlockCell._meta.concrete_fields
        if field.column not in {"id", *CELL}
    ),
]
VALUE_COLUMNS = [*BLOCK, "figure", "value", "n"]


# Figures judged by their own values in the block (disclosure.categorical),
# and yes/no figures judged against a count of the block's units.
CATEGORICAL = ["age_band", "gender", "network_size", "network_type", FactValue.Facet.OUTCOME]
SESSION_UNITS = {FactValue.Facet.INTEREST: "answered", FactValue.Facet.CHOSEN: "sessions"}
PERSON_UNITS = [FactValue.Facet.CONDITION, FactValue.Facet.UNMET]


def _judge(months: list[Key] | None, blocks: list[tuple] | None) -> None:
    """Set each value row's block units and values (``CellValue.block_units``,
    ``block_values``) for these blocks (or all), from the rows just written."""
    table, cells = CellValue._meta.db_table, BlockCell._meta.db_table
    on = " AND ".join(
        f"{table}.{column} = t.{column}" for column in ("organisation_id", "area", "quarter")
    )
    where_cells, cells_params = ("1 = 1", []) if months is None else _keys_where("b", months)
    where_values, values_params = (
        ("1 = 1", []) if blocks is None else _keys_where("c", blocks, BLOCK)
    )
    figures = ", ".join(["%s"] * len(CATEGORICAL))
    units = " ".join(f"WHEN %s THEN t.{column}" for column in SESSION_UNITS.values())
    session_figures = ", ".join(["%s"] * len(SESSION_UNITS))
    people = ", ".join(["%s"] * len(PERSON_UNITS))
    statements = [
        (
            f"UPDATE {table} SET block_units = t.units, block_values = t.kinds FROM ("  # noqa: S608
            " SELECT organisation_id, area, quarter, kind, figure, SUM(n) AS units,"
            f" COUNT(*) AS kinds FROM {table} AS c WHERE figure IN ({figures}) AND {where_values}"
            " GROUP BY organisation_id, area, quarter, kind, figure) AS t"
            f" WHERE {on} AND {table}.kind = t.kind AND {table}.figure = t.figure",
            [*CATEGORICAL, *values_params],
        ),
        (
            f"UPDATE {table} SET block_units = CASE {table}.figure {units} END FROM ("  # noqa: S608
            " SELECT organisation_id, area, quarter, kind, SUM(answered) AS answered,"
            f" SUM(sessions) AS sessions FROM {cells} AS b WHERE {where_cells}"
            " GROUP BY organisation_id, area, quarter, kind) AS t"
            f" WHERE {on} AND {table}.kind = t.kind AND {table}.figure IN ({session_figures})",
            [*SESSION_UNITS, *cells_params, *SESSION_UNITS],
        ),
        (
            f"UPDATE {table} SET block_units = t.people FROM ("  # noqa: S608
            " SELECT organisation_id, area, quarter, SUM(people) AS people"
            f" FROM {cells} AS b WHERE {where_cells} GROUP BY organisation_id, area, quarter) AS t"
            f" WHERE {on} AND {table}.figure IN ({people})",
            [*cells_params, *PERSON_UNITS],
        ),
    ]
    with connection.cursor() as cursor:
        for sql, params in statements:
            # (Choices as their values: a driver may write an enum's name.)
            cursor.execute(sql, [str(p) if isinstance(p, str) else p for p in params])


def _write(
    facts: QuerySet[SessionFact], keys: list[Key] | None, blocks: list[tuple] | None = None
) -> None:
    """Insert the cube's rows of these facts (those with ``keys``, month keys
    of whole ``blocks``, or all)."""
    cells = _cells(facts)
    # The annotations' order is the model's, so the SELECT's columns are too.
    assert list(cells.query.annotation_select) == CELL_COLUMNS[len(CELL) :]
    _insert(BlockCell, CELL_COLUMNS, [cells])
    _insert(CellValue, VALUE_COLUMNS, _values(facts, keys))
    _judge(keys, blocks)


def _quarter(month):
    return month.replace(month=(month.month - 1) // 3 * 3 + 1)


def refresh(keys: Iterable[Key]) -> None:
    """Recompute the cube's rows of the person blocks (area group ×
    organisation × quarter: every month and kind of it, as a person's figures
    span kinds) of these keys from the facts (a block without facts any more
    loses its rows). Call inside the transaction that changed the facts,
    after ``lock``."""
    blocks = sorted({(org, area, _quarter(month)) for org, area, month, _kind in keys}, key=repr)
    kinds = Session.Kind.values
    per_block = 3 * len(kinds)  # month keys of a block
    for start in range(0, len(blocks), CHUNK // per_block):
        chunk = blocks[start : start + CHUNK // per_block]
        months = [
            (org, area, quarter.replace(month=quarter.month + i), kind)
            for org, area, quarter in chunk
            for i in range(3)
            for kind in kinds
        ]
        whole = [
            (org, area, quarter, kind) for org, area, quarter in chunk for kind in [*kinds, ""]
        ]
        with connection.cursor() as cursor:
            where, params = _keys_where(BlockCell._meta.db_table, months)
            cursor.execute(f"DELETE FROM {BlockCell._meta.db_table} WHERE {where}", params)  # noqa: S608
            where, params = _keys_where(CellValue._meta.db_table, whole, BLOCK)
            cursor.execute(f"DELETE FROM {CellValue._meta.db_table} WHERE {where}", params)  # noqa: S608
        _write(_of_keys(SessionFact.objects.all(), months), months, whole)


def rebuild() -> None:
    """Every row of the cube from the facts."""
    BlockCell.objects.all()._raw_delete(BlockCell.objects.db)
    CellValue.objects.all()._raw_delete(CellValue.objects.db)
    _write(SessionFact.objects.all(), None)


def keys_of(facts: QuerySet[SessionFact]) -> set[Key]:
    """The cube keys of these facts."""
    return set(facts.values_list(*KEY).distinct().order_by())


def lock() -> None:
    """Wait for any other transaction writing facts to finish (the facts'
    stamp row, locked until this transaction ends), so the rows this one
    recomputes see every committed fact."""
    from evidence.facts.queue import stamp_bump

    stamp_bump()
