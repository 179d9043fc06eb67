"""Fixed area groups: the only areas the evidence is filtered or reported by.

A free list of districts let a commissioner subtract one filter from another
and read off the one participant in between (issue #18). Groups are built once
(``manage.py evidence_area_groups``, see evidence.services.area_groups_build)
and then stay put, so no two choices differ by fewer than a group.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from evidence.models import AreaDistrict

OTHER_CODE = "other"
OTHER_NAME = "Other districts"


def _natural(district: str) -> tuple:
    """SO2 before SO14; SO14 before SO14A: the order neighbours mostly follow."""
    match = re.match(r"^([A-Z]+)(\d+)(.*)$", district)
    if not match:
        return (district, 0, "")
    letters, number, rest = match.groups()
    return (letters, int(number), rest)


def group_for_districts(counts: dict[str, int], *, minimum: int) -> list[list[str]]:
    """Districts merged with their neighbours into groups of at least ``minimum``.

    Neighbours are districts next to each other in postcode order within a
    postcode area (SO14, SO15, SO16...), which are mostly next to each other on
    the ground. A group is closed once it holds ``minimum`` participants; a
    short last group is merged into the one before it. A postcode area with
    fewer than ``minimum`` participants in all is left out: its districts are
    reported as "other districts", never named.
    """
    by_area: dict[str, list[str]] = {}
    for district in sorted(counts, key=_natural):
        by_area.setdefault(_natural(district)[0], []).append(district)
    groups: list[list[str]] = []
    for districts in by_area.values():
        if sum(counts[district] for district in districts) < minimum:
            continue
        area_groups: list[list[str]] = []
        running: list[str] = []
        total = 0
        for district in districts:
            running.append(district)
            total += counts[district]
            if total >= minimum:
                area_groups.append(running)
                running, total = [], 0
        if running:
            area_groups[-1].extend(running)
        groups.extend(area_groups)
    return groups


def group_name(districts: list[str]) -> str:
    ordered = sorted(districts, key=_natural)
    if len(ordered) <= 3:
        return ", ".join(ordered)
    return f"{ordered[0]} to {ordered[-1]} ({len(ordered)} districts)"


_reading: ContextVar[list | None] = ContextVar("evidence_area_groups", default=None)


def _rows() -> list[tuple[str, str, str]]:
    """(district, group code, group name) of every grouped district."""
    rows = _reading.get()
    if rows is None:
        rows = list(AreaDistrict.objects.values_list("district", "group_code", "group_name"))
    return rows


@contextmanager
def one_reading():
    """Read the groups once for everything inside (one page or one CSV)."""
    token = _reading.set(_rows())
    try:
        yield
    finally:
        _reading.reset(token)


def area_group_choices() -> list[tuple[str, str]]:
    """(code, name) of every group, in postcode order, then "other districts"."""
    seen: dict[str, str] = {}
    for _district, code, name in sorted(_rows(), key=lambda row: row[1]):
        seen.setdefault(code, name)
    return [*seen.items(), (OTHER_CODE, OTHER_NAME)] if seen else []


def area_group_name(code: str) -> str:
    return dict(area_group_choices()).get(code, OTHER_NAME)


def districts_in(code: str) -> list[str]:
    return [district for district, group, _name in _rows() if group == code]


def grouped_districts() -> list[str]:
    return [district for district, _group, _name in _rows()]


def district_groups() -> dict[str, str]:
    return {district: group for district, group, _name in _rows()}


def area_group_expression(district_field: str) -> Coalesce:
    """SQL: the group code of the district in ``district_field`` ("other" for a
    district in no group).

    A lookup in the groups' own table (its key is the district): a CASE over
    every group was as right, but at hundreds of groups Django took ~100 ms to
    write each query that used it (issue #18)."""
    group = AreaDistrict.objects.filter(district=OuterRef(district_field)).values("group_code")
    return Coalesce(Subquery(group[:1]), Value(OTHER_CODE), output_field=CharField())
