"""Writes for evidence: the wellbeing measures of a session."""

from django.db import transaction

from genie.audit import audit_record
from genie.measures import ucla3_total
from genie.models import AuditEvent, Session, WellbeingMeasures


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
