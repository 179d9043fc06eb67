"""Facts kept as things happen (issue #18).

evidence is the top layer: the apps below it know nothing of it. Here it
listens to their models' saves and deletes (Django signals, connected from
EvidenceConfig.ready) and queues what changed in FactsPending, in the same
transaction as the change, so a change that is rolled back queues nothing.
When a session starts, moves stage, finishes or is reopened, or a participant's
record changes, the queue is worked through right after the commit
(transaction.on_commit). A facilitator's many small changes inside a stage (a
member added, a question answered, an activity chosen) only queue: writing the
facts after every click would cost each click a dozen queries (#21); they are
written at the session's next stage change. Any read of the dashboard first
finishes whatever is still queued (small changes, a worker that died between
commit and callback, or changes made by tests that never commit), so the
figures always follow the records.

Bulk writes (QuerySet.update, bulk_create) send no signals: whoever makes
them rebuilds the facts (``manage.py evidence_rebuild``, as seed_scale does).

A deleted session's fact goes with it by a cascade (an erasure's too): the
cube's row it was in (evidence.facts.cube) is noted before the delete and
recomputed after it, in the deletion's own transaction, so the dashboard never
counts a deleted or erased session.
"""

import threading

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from evidence.models import FactsPending, FactsStamp, SessionFact
from genie.models import Participant, Session, WellbeingMeasures
from mapping.models import NetworkMember, NetworkSnapshot
from questionnaire.models import PracticalConstraints, Response
from resources.models import ActivityOutcome, ChosenActivity

_erasing = threading.local()  # sessions and snapshots of a participant being deleted


def _being_erased() -> set:
    if not hasattr(_erasing, "keys"):
        _erasing.keys = set()
    return _erasing.keys


def queue(key: str, *, now: bool = False) -> None:
    """Queue ``key``'s facts; ``now``: and write the queue right after the commit."""
    if key in _being_erased():
        return
    FactsPending.objects.bulk_create([FactsPending(key=key)], ignore_conflicts=True)
    if now:
        # Robust: a failure is logged and the work stays queued for the next read.
        # After the first, each callback finds the queue empty (one query).
        transaction.on_commit(_after_commit, robust=True)


def _after_commit() -> None:
    process_pending()


def stamp_bump() -> None:
    updated = FactsStamp.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        FactsStamp.objects.get_or_create(pk=1, defaults={"version": 1})


def stamp() -> int:
    return FactsStamp.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def _participants(keys: list[str]) -> set:
    by_kind: dict[str, list[str]] = {}
    for key in keys:
        kind, _sep, pk = key.partition(":")
        by_kind.setdefault(kind, []).append(pk)
    ids = set(by_kind.get("p", []))
    if by_kind.get("s"):
        ids |= set(
            Session.objects.filter(pk__in=by_kind["s"]).values_list("participant_id", flat=True)
        )
    if by_kind.get("n"):
        ids |= set(
            NetworkSnapshot.objects.filter(pk__in=by_kind["n"]).values_list(
                "session__participant_id", flat=True
            )
        )
    return ids


def process_pending(*, limit: int = 500) -> int:
    """Write the facts of everything queued. Returns how many items were done.

    Each item is locked while it is done (skipped if another process has it),
    so two workers never write the same participant's facts at once."""
    from evidence.facts.build import facts_write

    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                FactsPending.objects.select_for_update(skip_locked=True).values_list("pk", "key")[
                    :limit
                ]
            )
            if not rows:
                return done
            facts_write(participant_ids=_participants([key for _pk, key in rows]))
            FactsPending.objects.filter(pk__in=[pk for pk, _key in rows]).delete()
            stamp_bump()
            done += len(rows)


# --- Signal receivers --------------------------------------------------------------


def _session_changed(sender, instance, **kwargs):
    queue(f"s:{instance.session_id}")


def _session_saved(sender, instance, **kwargs):
    queue(f"s:{instance.pk}", now=True)


def _deleting_keys() -> set:
    if not hasattr(_erasing, "cube_keys"):
        _erasing.cube_keys = set()
    return _erasing.cube_keys


def _session_deleting(sender, instance, **kwargs):
    """A session's fact goes with it (a cascade, which sends nothing): note
    the cube row it was in, to recompute once it has gone."""
    from evidence.facts import cube

    _deleting_keys().update(cube.keys_of(SessionFact.objects.filter(session_id=instance.pk)))


def _session_deleted(sender, instance, **kwargs):
    from evidence.facts import cube

    keys = _deleting_keys()
    if keys:
        cube.lock()
        cube.refresh(keys)  # in the deletion's transaction
        keys.clear()
    queue(f"p:{instance.participant_id}", now=True)


def _member_changed(sender, instance, **kwargs):
    queue(f"n:{instance.snapshot_id}")


def _participant_saved(sender, instance, **kwargs):
    queue(f"p:{instance.pk}", now=True)


def _conditions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Participant):
        queue(f"p:{instance.pk}", now=True)
    else:
        for pk in pk_set or ():
            queue(f"p:{pk}", now=True)


def _participant_erasing(sender, instance, **kwargs):
    """Erasure: the facts go with the sessions (they cascade); nothing about the
    person is queued, and anything already queued for them is removed."""
    sessions = [
        str(pk) for pk in Session.objects.filter(participant=instance).values_list("pk", flat=True)
    ]
    snapshots = [
        str(pk)
        for pk in NetworkSnapshot.objects.filter(session__participant=instance).values_list(
            "pk", flat=True
        )
    ]
    keys = {f"p:{instance.pk}", *(f"s:{pk}" for pk in sessions), *(f"n:{pk}" for pk in snapshots)}
    _being_erased().update(keys)
    FactsPending.objects.filter(key__in=keys).delete()


def _participant_erased(sender, instance, **kwargs):
    keys = _being_erased()
    FactsPending.objects.filter(key__in=keys).delete()
    keys.clear()


SESSION_PARTS = [
    WellbeingMeasures,
    NetworkSnapshot,
    Response,
    PracticalConstraints,
    ChosenActivity,
    ActivityOutcome,
]


def connect() -> None:
    uid = "evidence.facts"
    post_save.connect(_participant_saved, sender=Participant, dispatch_uid=uid)
    pre_delete.connect(_participant_erasing, sender=Participant, dispatch_uid=uid)
    post_delete.connect(_participant_erased, sender=Participant, dispatch_uid=uid)
    conditions = Participant.conditions.through
    m2m_changed.connect(_conditions_changed, sender=conditions, dispatch_uid=uid)
    post_save.connect(_session_saved, sender=Session, dispatch_uid=uid)
    pre_delete.connect(_session_deleting, sender=Session, dispatch_uid=uid)
    post_delete.connect(_session_deleted, sender=Session, dispatch_uid=uid)
    for model in SESSION_PARTS:
        post_save.connect(_session_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_session_changed, sender=model, dispatch_uid=uid)
    post_save.connect(_member_changed, sender=NetworkMember, dispatch_uid=uid)
    post_delete.connect(_member_changed, sender=NetworkMember, dispatch_uid=uid)
