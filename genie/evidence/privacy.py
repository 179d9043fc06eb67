"""The wellbeing measures and activity outcomes in a participant's subject access
export (genie/privacy.py)."""

from genie.measures import FIELDS
from genie.models import ActivityOutcome, WellbeingMeasures


def export_participant(*, participant) -> dict:
    records = WellbeingMeasures.objects.filter(session__participant=participant).order_by(
        "session__started_at"
    )
    return {
        "wellbeing_measures": [
            {
                "session": str(record.session_id),
                **{field: getattr(record, field) for field in FIELDS},
                "ucla3_total": record.ucla3_total,
                "recorded_at": record.recorded_at.isoformat(),
            }
            for record in records
        ],
        "activity_outcomes": [
            {
                "session": str(outcome.session_id),
                "activity": outcome.chosen_activity.name,
                "status": outcome.status,
                "reason": outcome.reason,
                "note": outcome.note,
                "recorded_at": outcome.recorded_at.isoformat(),
            }
            for outcome in ActivityOutcome.objects.filter(session__participant=participant)
            .select_related("chosen_activity")
            .order_by("session__started_at", "chosen_activity__created_at")
        ],
    }
