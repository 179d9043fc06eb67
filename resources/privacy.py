"""This app's part of a participant's subject access export (see genie/privacy.py)."""

from resources.models import ChosenActivity


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
        ]
    }
