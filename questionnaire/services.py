"""Writes of Stage 2. Each is one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from genie.audit import audit_record
from genie.models import AuditEvent, Session
from genie.services import session_lock_open
from questionnaire.models import (
    AnswerOption,
    Item,
    ItemWeight,
    PracticalConstraints,
    Questionnaire,
    Response,
)
from questionnaire.selectors import session_version


@transaction.atomic
def response_record(
    *, session: Session, item: Item, option: AnswerOption | None, user=None
) -> None:
    """Save the answer to one item (``option=None``: "prefer not to say").

    Answering again replaces the answer, so a double submit or a second tab leaves
    one response per item.
    """
    session_lock_open(session_id=session.pk)
    if option is not None and option.item_id != item.pk:
        raise ValidationError("Choose one of the answers shown for this question.", code="option")
    version = Questionnaire.objects.filter(pk=session_version(session))
    if version.values_list("pk", flat=True).first() != item.questionnaire_id:
        raise ValidationError(
            "This question is from a different version of the questionnaire than the one "
            "this session answers. Go back to the questions and answer again.",
            code="version",
        )
    # One statement (INSERT ... ON CONFLICT UPDATE): a race between two submits
    # cannot create a second row.
    Response.objects.bulk_create(
        [
            Response(
                session=session,
                questionnaire_id=item.questionnaire_id,
                item=item,
                option=option,
                skipped=option is None,
                answered_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["session", "item"],
        update_fields=["option", "skipped", "answered_at"],
    )
    _audit(user, session, "questionnaire answer")


def _audit(user, session, what) -> None:
    # ``user`` is None only for demo data.
    if user is not None:
        audit_record(
            user=user, participant=session.participant, action=AuditEvent.Action.CHANGED, what=what
        )


@transaction.atomic
def responses_carry_forward(*, session: Session) -> bool:
    """A follow-up starts Stage 2 from the answers given last time ("still true?").

    Copies the latest earlier session's answers (with the version they answer and
    when they were given, so the check page can say which are from last time) into a
    follow-up that has none yet. True when it copied any. The session row is locked,
    so two tabs opening Stage 2 at once copy once.
    """
    if session.kind != Session.Kind.FOLLOW_UP or session.is_complete:
        return False
    Session.objects.select_for_update().filter(pk=session.pk).first()
    if Response.objects.filter(session=session).exists():
        return False
    last = (
        Session.objects.filter(participant_id=session.participant_id, responses__isnull=False)
        .exclude(pk=session.pk)
        .filter(started_at__lt=session.started_at)
        .order_by("-started_at")
        .first()
    )
    if last is None:
        return False
    Response.objects.bulk_create(
        Response(
            session=session,
            questionnaire_id=response.questionnaire_id,
            item_id=response.item_id,
            option_id=response.option_id,
            skipped=response.skipped,
            answered_at=response.answered_at,
        )
        for response in Response.objects.filter(session=last)
    )
    return True


@transaction.atomic
def constraints_save(*, session: Session, data: dict, user=None) -> PracticalConstraints:
    session_lock_open(session_id=session.pk)
    constraints, _ = PracticalConstraints.objects.update_or_create(session=session, defaults=data)
    _audit(user, session, "practical limits")
    return constraints


@transaction.atomic
def questionnaire_revise(*, questionnaire: Questionnaire) -> Questionnaire:
    """Copy a version (items, options, weights) into a new inactive draft to edit.

    Versions that have answers are never edited in place, so old answers and the
    profiles built from them keep their meaning.
    """
    # Two simultaneous revisions cannot share a number: version is unique.
    latest = Questionnaire.objects.aggregate(Max("version"))["version__max"]
    draft = Questionnaire.objects.create(
        version=(latest or 0) + 1,
        title=questionnaire.title,
        notes=questionnaire.notes,
        based_on=questionnaire,
    )
    items = list(questionnaire.items.prefetch_related("options", "weights"))
    copies = Item.objects.bulk_create(
        [Item(questionnaire=draft, order=i.order, text=i.text, hint=i.hint) for i in items]
    )
    AnswerOption.objects.bulk_create(
        AnswerOption(item=copy, order=o.order, label=o.label, value=o.value)
        for item, copy in zip(items, copies, strict=True)
        for o in item.options.all()
    )
    ItemWeight.objects.bulk_create(
        ItemWeight(item=copy, category_id=w.category_id, weight=w.weight)
        for item, copy in zip(items, copies, strict=True)
        for w in item.weights.all()
    )
    return draft


@transaction.atomic
def questionnaire_activate(*, questionnaire: Questionnaire) -> Questionnaire:
    """Make this the one version new sessions answer. Sessions already answering keep theirs."""
    items = list(questionnaire.items.prefetch_related("options"))
    if not items:
        raise ValidationError("A questionnaire needs at least one question before it is used.")
    for item in items:
        if len(item.options.all()) < 2:
            raise ValidationError(f"Question {item.order} needs at least two answer options.")
    # Locking the active row makes a second, simultaneous activation wait its turn.
    list(Questionnaire.objects.select_for_update().filter(is_active=True))
    Questionnaire.objects.filter(is_active=True).exclude(pk=questionnaire.pk).update(
        is_active=False
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(is_active=True)
    questionnaire.is_active = True
    return questionnaire
