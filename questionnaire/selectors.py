"""Reads of Stage 2: the questions a session answers, its interest profile and its
practical constraints. Callers have already scoped the session through
genie.selectors.session_get."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from genie.models import Category, Session
from questionnaire import scoring
from questionnaire.constraints import TravelConstraints, describe
from questionnaire.models import (
    AnswerOption,
    Item,
    ItemWeight,
    PracticalConstraints,
    Questionnaire,
    Response,
)


@dataclass(frozen=True)
class Question:
    """One item as this session sees it: its place, its options and the answer given."""

    number: int
    item: Item
    options: list[AnswerOption]
    answered: bool
    option: AnswerOption | None  # None when skipped or not answered yet
    # A follow-up's answer carried over from the last session and not changed since.
    from_last_time: bool = False

    @property
    def skipped(self) -> bool:
        return self.answered and self.option is None


@dataclass(frozen=True)
class Progress:
    questions: list[Question]

    @property
    def total(self) -> int:
        return len(self.questions)

    def question(self, number: int) -> Question | None:
        return self.questions[number - 1] if 1 <= number <= self.total else None

    @property
    def carried_forward(self) -> bool:
        """Some answers are a follow-up's from last time (the page asks "still true?")."""
        return any(q.from_last_time for q in self.questions)

    @property
    def next_unanswered(self) -> Question | None:
        return next((q for q in self.questions if not q.answered), None)


def session_version(session: Session) -> Coalesce:
    """The questionnaire version a session answers, as an SQL expression.

    A session keeps the version it started answering, so a new active version never
    changes the meaning of its answers; before its first answer it is the active one.
    """
    answered_version = Response.objects.filter(session=session).values("questionnaire_id")[:1]
    active_version = Questionnaire.objects.filter(is_active=True).values("pk")[:1]
    return Coalesce(Subquery(answered_version), Subquery(active_version))


def _session_items(session: Session, *prefetch) -> QuerySet[Item]:
    """The items of the session's version, each with the session's answer.

    One query for items and answers, one per prefetch.
    """
    answers = Response.objects.filter(session=session, item=OuterRef("pk"))
    return (
        Item.objects.filter(questionnaire_id=session_version(session))
        .annotate(
            answered=Exists(answers),
            answer_option_id=Subquery(answers.values("option")[:1]),
            answered_at=Subquery(answers.values("answered_at")[:1]),
        )
        .prefetch_related("options", *prefetch)
        .order_by("order")
    )


def _questions(items, started_at=None) -> list[Question]:
    questions = []
    for number, item in enumerate(items, start=1):
        options = list(item.options.all())
        chosen = next((o for o in options if o.pk == item.answer_option_id), None)
        earlier = bool(started_at and item.answered_at and item.answered_at < started_at)
        questions.append(Question(number, item, options, item.answered, chosen, earlier))
    return questions


def session_progress(*, session: Session) -> Progress:
    return Progress(_questions(_session_items(session), session.started_at))


@dataclass(frozen=True)
class _ScoredItem:
    """What scoring needs of one item: its options' values and its weights."""

    values: dict  # option id -> value
    lowest: int
    highest: int
    weights: tuple  # (category id, weight) pairs


# A version with answers is locked (questionnaire_has_responses: admins edit a
# copy), so its items, options and weights never change once a profile can be
# scored on it. Each process reads them once per version, not on every Stage 3
# request (#21). Keyed by creation time as well as id, so a reused id is never
# mistaken for the version that once had it.
_VERSION_SCORING: dict[tuple, dict[int, _ScoredItem]] = {}


def _version_scoring(questionnaire_id, created_at) -> dict[int, _ScoredItem]:
    key = (questionnaire_id, created_at)
    scoring_data = _VERSION_SCORING.get(key)
    if scoring_data is None:
        values, weights = defaultdict(dict), defaultdict(list)
        options = AnswerOption.objects.filter(item__questionnaire_id=questionnaire_id)
        for item_id, option_id, value in options.values_list("item_id", "pk", "value"):
            values[item_id][option_id] = value
        item_weights = ItemWeight.objects.filter(item__questionnaire_id=questionnaire_id)
        for item_id, category_id, weight in item_weights.values_list(
            "item_id", "category_id", "weight"
        ):
            weights[item_id].append((category_id, weight))
        scoring_data = {
            item_id: _ScoredItem(
                values=values[item_id],
                lowest=min(values[item_id].values(), default=0),
                highest=max(values[item_id].values(), default=0),
                weights=tuple(weights[item_id]),
            )
            for item_id in values.keys() | weights.keys()
        }
        _VERSION_SCORING[key] = scoring_data
    return scoring_data


def session_interest_profile(*, session: Session, categories=None) -> dict[str, float]:
    """Interest score per category code, each in 0..1; empty before Stage 2.

    A category that no answered item weighs on (all skipped) has no score. One
    query for the session's answers (the version's scoring is read once per
    process), and one for the category codes unless ``categories`` are given.
    """
    answers = list(
        Response.objects.filter(session=session).values_list(
            "questionnaire_id", "questionnaire__created_at", "item_id", "option_id"
        )
    )
    if not answers:
        return {}
    if categories is None:
        categories = Category.objects.only("code")
    codes = {category.pk: category.code for category in categories}
    scoring_data = _version_scoring(answers[0][0], answers[0][1])
    scored = []
    for _, _, item_id, option_id in answers:
        item = scoring_data.get(item_id)
        if item is None:
            continue
        value = None
        if option_id is not None:
            value = scoring.normalise(
                item.values.get(option_id, item.lowest), lowest=item.lowest, highest=item.highest
            )
        weights = {codes[pk]: weight for pk, weight in item.weights if pk in codes}
        scored.append(scoring.ScoredAnswer(value=value, weights=weights))
    return scoring.interest_profile(scored)


@dataclass(frozen=True)
class InterestRow:
    category: Category
    score: float | None  # None: not known, every item on it was skipped or unanswered

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)

    @property
    def bar_step(self) -> int:
        """The width class for the bar: the percentage rounded to a step of 5."""
        return 5 * round((self.percent or 0) / 5)


@dataclass(frozen=True)
class InterestSummary:
    rows: list[InterestRow]  # strongest first; unknown ones last
    top: list[Category]

    @property
    def is_empty(self) -> bool:
        return all(row.score is None for row in self.rows)


def session_interest_summary(*, session: Session) -> InterestSummary:
    """The profile as facilitator and participant read it: every category, named."""
    profile = session_interest_profile(session=session)
    categories = list(Category.objects.order_by("order", "name"))
    by_code = {category.code: category for category in categories}
    rows = [InterestRow(category, profile.get(category.code)) for category in categories]
    # Strongest first, unknown last; the sort is stable, so ties keep the category order.
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0.0)))
    top = scoring.top_interests(profile, order=[c.code for c in categories])
    return InterestSummary(rows=rows, top=[by_code[code] for code in top if code in by_code])


def session_practical_constraints(*, session: Session) -> PracticalConstraints | None:
    return PracticalConstraints.objects.filter(session=session).first()


def session_constraints_to_confirm(*, session: Session) -> PracticalConstraints | None:
    """What the constraints page starts from: this session's, or at a follow-up not
    yet asked, the last session's ("still true?"), which are saved only when confirmed."""
    saved = session_practical_constraints(session=session)
    if saved is not None or session.kind != Session.Kind.FOLLOW_UP:
        return saved
    return (
        PracticalConstraints.objects.filter(
            session__participant_id=session.participant_id,
            session__started_at__lt=session.started_at,
        )
        .exclude(session=session)
        .select_related("session")
        .order_by("-session__started_at")
        .first()
    )


def session_constraints(*, session: Session) -> TravelConstraints:
    """The participant's practical constraints; defaults before they are asked."""
    saved = session_practical_constraints(session=session)
    return TravelConstraints() if saved is None else travel_constraints(saved)


def session_constraints_summary(*, session: Session) -> list[tuple[str, str]] | None:
    """The constraints in words; None before they are asked."""
    saved = session_practical_constraints(session=session)
    return None if saved is None else describe(travel_constraints(saved))


def travel_constraints(saved: PracticalConstraints) -> TravelConstraints:
    return TravelConstraints(
        max_distance_km=saved.max_distance_km,
        travel_modes=tuple(saved.travel_modes),
        free_only=saved.free_only,
        step_free=saved.step_free,
        days=tuple(saved.days),
        times_of_day=tuple(saved.times_of_day),
    )


def questionnaire_has_responses(*, questionnaire: Questionnaire) -> bool:
    """A version with answers is locked: edit a copy (services.questionnaire_revise)."""
    return Response.objects.filter(questionnaire=questionnaire).exists()


def questionnaires_editable() -> QuerySet[Questionnaire]:
    """Versions without answers, which admins may still edit in place."""
    return Questionnaire.objects.filter(
        ~Exists(Response.objects.filter(questionnaire=OuterRef("pk")))
    )
