"""This app's part of a participant's subject access export (see genie/privacy.py)."""

from resources.models import ActivityOutcome, ChosenActivity, OwnActivityReport


def export_participant(*, participant) -> dict:
    choices = ChosenActivity.objects.filter(session__participant=participant).order_by(
        "session__started_at", "created_at"
    )
    return {
        "chosen_activities": [
            {
                "session": str(choice.session_id),
                "activity": choice.name,
                "who_might_come_along": choice.companion_label,
                "chosen_at": choice.created_at.isoformat(),
            }
            for choice in choices
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
        # What the participant said from their own sign-in (#20).
        "own_activity_reports": [
            {
                "activity": report.chosen_activity.name,
                "status": report.status,
                "reason": report.reason,
                "recorded_at": report.recorded_at.isoformat(),
            }
            for report in OwnActivityReport.objects.filter(
                chosen_activity__session__participant=participant
            )
            .select_related("chosen_activity")
            .order_by("recorded_at")
        ],
    }
