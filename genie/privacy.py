"""Subject access: everything Genie holds about one participant, as plain data.

Each installed app that stores participant data contributes a section through
its ``privacy.export_participant(*, participant)``: the core finds them by name,
so it never imports the apps above it.
"""

from django.utils import timezone

from genie.app_modules import app_modules
from genie.measures import FIELDS
from genie.models import ConsentStatement, Participant, WellbeingMeasures


def _wellbeing(participant: Participant) -> list[dict]:
    records = WellbeingMeasures.objects.filter(session__participant=participant).order_by(
        "session__started_at"
    )
    return [
        {
            "session": str(record.session_id),
            **{field: getattr(record, field) for field in FIELDS},
            "ucla3_total": record.ucla3_total,
            "recorded_at": record.recorded_at.isoformat(),
        }
        for record in records
    ]


def _statement(statement: ConsentStatement | None) -> dict | None:
    if statement is None:
        return None
    return {
        "version": statement.version,
        "published_at": statement.published_at.isoformat(),
        "data_use": statement.data_use,
        "case_study": statement.case_study,
    }


def participant_export(*, participant: Participant) -> dict:
    sessions = participant.sessions.select_related("facilitator").order_by("started_at")
    data = {
        "exported_at": timezone.now().isoformat(),
        "participant": {
            "id": str(participant.pk),
            "organisation": participant.organisation.name,
            "reference": participant.reference,
            "first_name": participant.first_name,
            "postcode_district": participant.postcode_district,
            "age_band": participant.get_age_band_display(),
            "gender": participant.get_gender_display(),
            "conditions": [c.name for c in participant.conditions.all()],
            "other_conditions": participant.other_conditions,
            "consent": {
                "data_use": participant.consent_data_use,
                "case_study": participant.consent_case_study,
                "recorded_at": participant.consent_recorded_at.isoformat(),
                "recorded_by": participant.consent_recorded_by.get_username(),
                # The statement as it was read to the participant (None: consent
                # recorded before statements were versioned).
                "statement": _statement(participant.consent_statement),
            },
            "created_at": participant.created_at.isoformat(),
        },
        "sessions": [
            {
                "id": str(session.pk),
                "kind": session.get_kind_display(),
                "facilitator": session.facilitator.get_username(),
                "started_at": session.started_at.isoformat(),
                "completed_at": session.completed_at.isoformat() if session.completed_at else None,
                "stage": session.get_stage_display(),
            }
            for session in sessions
        ],
    }
    data["wellbeing_measures"] = _wellbeing(participant)
    for module in app_modules("privacy"):
        data.update(module.export_participant(participant=participant))
    return data
