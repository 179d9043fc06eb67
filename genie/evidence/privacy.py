"""The wellbeing measures in a participant's subject access export (genie/privacy.py)."""

from genie.measures import FIELDS
from genie.models import WellbeingMeasures


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
        ]
    }
