"""Interest profiles scored in the database, for the facts (evidence.facts.build):
the weighted mean of questionnaire.scoring, one query for any number of sessions.
The dashboard's panels on networks, interests, choices and uptake read the
fact tables (evidence.facts.read)."""

from django.db.models import Case, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Abs

from genie.models import Category, Session
from questionnaire.models import AnswerOption, Response
from questionnaire.scoring import TOP_INTEREST_THRESHOLD, normalise


def _normalised_option_values() -> RawSQL | Value:
    """Each answer option's value as a fraction of its item's scale, as SQL.

    Options are few (a dozen items of a few options per questionnaire version),
    so they are normalised here once, exactly as questionnaire.scoring does. The
    CASE is written as SQL: as one of Django's Case(When(...)), building and
    compiling it took longer than the query it is in (facts are written after
    every change to a session, #21)."""
    by_item: dict = {}
    for pk, item_id, value in AnswerOption.objects.values_list("pk", "item_id", "value"):
        by_item.setdefault(item_id, []).append((pk, value))
    params: list = []
    for options in by_item.values():
        values = [value for _pk, value in options]
        for pk, value in options:
            params += [pk, normalise(value, lowest=min(values), highest=max(values))]
    if not params:
        return Value(0.0, output_field=FloatField())
    column = Response._meta.get_field("option").column
    whens = " ".join(["WHEN %s THEN %s"] * (len(params) // 2))
    return RawSQL(  # noqa: S611 (the column from the model; ids and fractions as parameters)
        f'CASE "{Response._meta.db_table}"."{column}" {whens} ELSE 0.0 END',
        params,
        output_field=FloatField(),
    )


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
