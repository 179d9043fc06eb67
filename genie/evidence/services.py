"""Writes for evidence: the wellbeing measures of a session and, at a follow-up,
how the activities chosen earlier went."""

from django.db import transaction
from django.utils import timezone

from genie.audit import audit_record
from genie.measures import ucla3_total
from genie.models import ActivityOutcome, AuditEvent, Session, Stage, WellbeingMeasures
from genie.services import session_reach_stage


@transaction.atomic
def wellbeing_record(*, user, session: Session, data: dict) -> WellbeingMeasures:
    """Save the session's answers (replacing earlier ones: a second tab or a
    double submit leaves one record, the latest)."""
    total = ucla3_total(data.get("lack_companionship"), data.get("left_out"), data.get("isolated"))
    measures, _created = WellbeingMeasures.objects.update_or_create(
        session=session, defaults={**data, "ucla3_total": total}
    )
    audit_record(
        user=user,
        participant=session.participant,
        action=AuditEvent.Action.CHANGED,
        what="wellbeing measures",
    )
    return measures


@transaction.atomic
def activity_outcomes_record(*, user, session: Session, outcomes: list[dict]) -> Session:
    """Save how each earlier activity went and move the follow-up on to Stage 1.

    One outcome per activity and session: a double submit or a second tab
    updates it rather than adding another."""
    # One INSERT ... ON CONFLICT UPDATE: two submits at once cannot both insert.
    ActivityOutcome.objects.bulk_create(
        [
            ActivityOutcome(
                session=session,
                chosen_activity=outcome["activity"],
                status=outcome["status"],
                reason=outcome["reason"],
                note=outcome["note"],
                recorded_at=timezone.now(),
            )
            for outcome in outcomes
        ],
        update_conflicts=True,
        unique_fields=["session", "chosen_activity"],
        update_fields=["status", "reason", "note", "recorded_at"],
    )
    audit_record(
        user=user,
        participant=session.participant,
        action=AuditEvent.Action.CHANGED,
        what="activity outcomes",
    )
    return session_reach_stage(session=session, stage=Stage.NETWORK)
