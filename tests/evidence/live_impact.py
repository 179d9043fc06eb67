"""Dashboard reads about what sessions led to: networks at first sessions and
follow-ups, interests, the activities chosen and how they went.

Like evidence.selectors, each returns a suppressed ShownTable and runs a
fixed number of queries whatever the number of sessions; counts are made in
the database (network types need their rules applied to per-network counts,
which are themselves counted in the database)."""

import uuid

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Abs, Coalesce

from evidence import disclosure
from evidence.tables import ShownTable
from genie.models import Category, Session
from mapping.feedback import (
    COMMUNITY_KINDS,
    FAMILY_KINDS,
    FREQUENT_CONTACT,
    FRIEND_KINDS,
    PEOPLE_GROUPS,
    NetworkMetrics,
    network_type,
)
from mapping.models import NetworkMember, NetworkSnapshot, Support
from questionnaire.models import AnswerOption, Response
from questionnaire.scoring import TOP_INTEREST_THRESHOLD, normalise
from resources.models import ActivityOutcome, ChosenActivity, OutcomeReason, OutcomeStatus
from tests.evidence.live_selectors import (
    FOLLOW_UP,
    KIND_LABELS,
    SESSION_BLOCK,
    EvidenceFilter,
    session_blocks,
    session_units,
    sessions_in_scope,
)

KINDS = list(KIND_LABELS)
KIND_COLUMNS = list(KIND_LABELS.values())

# --- Networks ------------------------------------------------------------------

# (upper bound, label); the last band has none.
SIZE_BANDS = [(0, 4, "0 to 4"), (5, 9, "5 to 9"), (10, 14, "10 to 14"), (15, None, "15 or more")]
NETWORK_TYPES = [
    ("restricted", "A small, close network"),
    ("diverse", "A diverse network"),
    ("family-centred", "A family-centred network"),
    ("friend-centred", "A friend-centred network"),
    ("wider-ties", "A network of wider ties"),
]
SUPPORT_FIELDS = {
    Support.ILLNESS: "gives_illness_support",
    Support.EVERYDAY: "gives_everyday_support",
    Support.EMOTIONAL: "gives_emotional_support",
}


def _snapshots(evidence_filter: EvidenceFilter) -> QuerySet[NetworkSnapshot]:
    """Network maps in scope, each with its session's block (evidence.disclosure)."""
    return session_blocks(
        NetworkSnapshot.objects.filter(session__in=sessions_in_scope(evidence_filter)), "session__"
    )


def _by_kind_and_value(rows) -> dict:
    """{(session kind, value): count} over the blocks that take part, from
    (*block, value, count) rows: the kind is the block's last field."""
    return disclosure.categorical(
        (tuple(block), (block[-1], value), n) for *block, value, n in rows
    )


def _member_count(**conditions) -> Coalesce:
    """How many current members of the outer snapshot match ``conditions``."""
    members = (
        NetworkMember.objects.filter(snapshot=OuterRef("pk"), removed_at__isnull=True, **conditions)
        .order_by()
        .values("snapshot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), 0)


def network_sizes(evidence_filter: EvidenceFilter) -> ShownTable:
    bands = Case(
        *[When(size__lte=high, then=Value(label)) for _low, high, label in SIZE_BANDS[:-1]],
        default=Value(SIZE_BANDS[-1][2]),
    )
    found = _by_kind_and_value(
        _snapshots(evidence_filter)
        .annotate(size=_member_count())
        .annotate(band=bands)
        .values_list(*SESSION_BLOCK, "band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ShownTable.from_counts(
        row_heading="Members on the map",
        columns=KIND_COLUMNS,
        rows=[label for _low, _high, label in SIZE_BANDS],
        counts=[[found.get((kind, label), 0) for kind in KINDS] for *_b, label in SIZE_BANDS],
    )


def network_types(evidence_filter: EvidenceFilter) -> ShownTable:
    """The network type (mapping.feedback's rules) of every map, from counts per map."""
    rows = (
        _snapshots(evidence_filter)
        .annotate(
            size=_member_count(),
            family=_member_count(kind__code__in=FAMILY_KINDS),
            friends=_member_count(kind__code__in=FRIEND_KINDS),
            community=_member_count(kind__code__in=COMMUNITY_KINDS),
            people=_member_count(kind__group__in=PEOPLE_GROUPS),
            frequent=_member_count(contact__in=FREQUENT_CONTACT),
            kinds=Coalesce(
                Subquery(
                    NetworkMember.objects.filter(snapshot=OuterRef("pk"), removed_at__isnull=True)
                    .order_by()
                    .values("snapshot")
                    .annotate(n=Count("kind", distinct=True))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .values_list(
            *SESSION_BLOCK, "size", "family", "friends", "community", "people", "frequent", "kinds"
        )
        .order_by()
    )
    counted: dict = {}
    for *block, size, family, friends, community, people, frequent, kinds in rows:
        metrics = NetworkMetrics(
            size=size,
            per_circle={},
            per_kind=[],
            per_contact={},
            kinds=kinds,
            family=family,
            friends=friends,
            community=community,
            people=people,
            frequent_share=frequent / size if size else 0.0,
        )
        key = (tuple(block), network_type(metrics).code)
        counted[key] = counted.get(key, 0) + 1
    found = _by_kind_and_value((*block, code, n) for (block, code), n in counted.items())
    return ShownTable.from_counts(
        row_heading="Network type",
        columns=KIND_COLUMNS,
        rows=[label for _code, label in NETWORK_TYPES],
        counts=[[found.get((kind, code), 0) for kind in KINDS] for code, _l in NETWORK_TYPES],
    )


def support_gaps(evidence_filter: EvidenceFilter) -> ShownTable:
    """Maps on which no one gives each kind of support. A map can lack several."""
    has = {
        support: Exists(
            NetworkMember.objects.filter(
                snapshot=OuterRef("pk"), removed_at__isnull=True, **{field: True}
            )
        )
        for support, field in SUPPORT_FIELDS.items()
    }
    snapshots = _snapshots(evidence_filter).annotate(
        **{f"has_{support}": exists for support, exists in has.items()}
    )
    units = {
        tuple(block): n
        for *block, n in snapshots.values_list(*SESSION_BLOCK).annotate(n=Count("pk")).order_by()
    }
    hits = []
    for row in (
        snapshots.values(*SESSION_BLOCK)
        .annotate(
            **{
                f"lack_{support}": Count("pk", filter=Q(**{f"has_{support}": False}))
                for support in has
            }
        )
        .order_by()
    ):
        block = tuple(row[field] for field in SESSION_BLOCK)
        hits += [(block, (block[-1], support), row[f"lack_{support}"]) for support in has]
    found = disclosure.binary(units, hits)
    return ShownTable.from_counts(
        row_heading="No one gives",
        columns=KIND_COLUMNS,
        rows=[label for _support, label in Support.choices],
        counts=[
            [found.get((kind, support), 0) for kind in KINDS] for support, _label in Support.choices
        ],
        totals=False,
    )


# --- Interests and activities ----------------------------------------------------


def _normalised_option_values() -> Case:
    """Each answer option's value as a fraction of its item's scale, as SQL.

    Options are few (a dozen items of a few options per questionnaire version),
    so they are normalised here once, exactly as questionnaire.scoring does."""
    by_item: dict = {}
    for pk, item_id, value in AnswerOption.objects.values_list("pk", "item_id", "value"):
        by_item.setdefault(item_id, []).append((pk, value))
    whens = []
    for options in by_item.values():
        values = [value for _pk, value in options]
        for pk, value in options:
            fraction = normalise(value, lowest=min(values), highest=max(values))
            whens.append(When(option_id=pk, then=Value(fraction)))
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def strong_interests(sessions: QuerySet[Session]) -> QuerySet:
    """(session, kind, code) for every category a session's interest profile
    scores at least TOP_INTEREST_THRESHOLD, computed in the database with the
    weighted mean of questionnaire.scoring.interest_profile."""
    value = _normalised_option_values()
    weight = F("item__weights__weight")
    contribution = Case(
        When(item__weights__weight__gt=0, then=value),
        default=Value(1.0) - value,
        output_field=FloatField(),
    )
    return (
        Response.objects.filter(session__in=sessions, option__isnull=False)
        .filter(Q(item__weights__weight__gt=0) | Q(item__weights__weight__lt=0))
        .values(
            session_pk=F("session_id"),
            kind=F("session__kind"),
            code=F("item__weights__category__code"),
        )
        .annotate(
            weighted=Sum(Abs(weight) * contribution, output_field=FloatField()),
            weights=Sum(Abs(weight), output_field=FloatField()),
        )
        .filter(weighted__gte=TOP_INTEREST_THRESHOLD * F("weights"))
        .order_by()
    )


def categories_in_order() -> list[tuple[str, str]]:
    return list(Category.objects.order_by("order", "name").values_list("code", "name"))


def _by_category(found: dict[tuple[str, str], int]) -> ShownTable:
    """Counts keyed by (session kind, category code), one row per category.
    Rows overlap (a profile or a listing has several), so there are no totals."""
    categories = categories_in_order()
    return ShownTable.from_counts(
        row_heading="Kind of activity",
        columns=KIND_COLUMNS,
        rows=[name for _code, name in categories],
        counts=[[found.get((kind, code), 0) for kind in KINDS] for code, _name in categories],
        totals=False,
    )


def _session_block_map(sessions: QuerySet[Session]) -> dict:
    return {
        pk: tuple(block)
        for pk, *block in session_blocks(sessions).values_list("pk", *SESSION_BLOCK).order_by()
    }


def interests(evidence_filter: EvidenceFilter) -> ShownTable:
    """Interest profiles with a strong interest in each category (a profile may
    have several). Each category is a yes or no per profile (disclosure.binary)."""
    scope = sessions_in_scope(evidence_filter)
    answered = scope.filter(Exists(Response.objects.filter(session=OuterRef("pk"))))
    blocks = _session_block_map(answered)
    units: dict = {}
    for block in blocks.values():
        units[block] = units.get(block, 0) + 1
    sql, params = strong_interests(scope).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT session_pk, code FROM ({sql}) strong", params)  # noqa: S608
        strong = cursor.fetchall()
    counted: dict = {}
    for session_pk, code in strong:
        block = blocks.get(_pk(session_pk))
        if block is not None:
            counted[(block, code)] = counted.get((block, code), 0) + 1
    found = disclosure.binary(
        units, ((block, (block[-1], code), n) for (block, code), n in counted.items())
    )
    return _by_category(found)


def _pk(value):
    """A session key as the ORM gives it (raw SQL on SQLite returns a hex string)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def activities_chosen(evidence_filter: EvidenceFilter) -> ShownTable:
    """Sessions in which an activity of each kind was chosen (a listing may be of several)."""
    scope = sessions_in_scope(evidence_filter)
    hits = [
        (tuple(block), (block[-1], code), n)
        for *block, code, n in session_blocks(
            ChosenActivity.objects.filter(session__in=scope), "session__"
        )
        .values_list(*SESSION_BLOCK, "service_at_location__service__categories__code")
        .annotate(n=Count("session", distinct=True))
        .order_by()
    ]
    return _by_category(disclosure.binary(session_units(scope), hits))


UPTAKE_ROWS = [
    (OutcomeStatus.TRIED, "", "Tried it"),
    (OutcomeStatus.ONGOING, "", "Tried it and still going"),
    *(
        (OutcomeStatus.NOT_TRIED, reason, f"Not tried: {label.lower()}")
        for reason, label in OutcomeReason.choices
    ),
]


def uptake(evidence_filter: EvidenceFilter) -> ShownTable:
    """How activities chosen earlier went, asked at follow-ups, with what got in
    the way of those not tried. One table, so its total hides consistently."""
    outcomes = session_blocks(
        ActivityOutcome.objects.filter(
            session__in=sessions_in_scope(evidence_filter).filter(kind=FOLLOW_UP)
        ),
        "session__",
    )
    found = disclosure.categorical(
        (tuple(block), (status, reason), n)
        for *block, status, reason, n in outcomes.values_list(*SESSION_BLOCK, "status", "reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ShownTable.from_counts(
        row_heading="Outcome",
        columns=["Activities"],
        rows=[label for *_key, label in UPTAKE_ROWS],
        counts=[
            [found.get((status, "" if status != OutcomeStatus.NOT_TRIED else reason), 0)]
            for status, reason, _label in UPTAKE_ROWS
        ],
    )
