"""This app's part of a participant's subject access export (see genie/privacy.py)."""

from questionnaire.constraints import describe
from questionnaire.models import PracticalConstraints, Response
from questionnaire.selectors import travel_constraints


def export_participant(*, participant) -> dict:
    """Every answer (or "prefer not to say") and the practical constraints, per session.

    The interest profile is not stored: it is computed from these answers.
    """
    responses = (
        Response.objects.filter(session__participant=participant)
        .select_related("item", "option", "questionnaire")
        .order_by("session__started_at", "item__order")
    )
    constraints = PracticalConstraints.objects.filter(session__participant=participant)
    sessions: dict[str, dict] = {}

    def section(session_id):
        return sessions.setdefault(
            str(session_id), {"session": str(session_id), "answers": [], "practical": None}
        )

    for response in responses:
        section(response.session_id)["answers"].append(
            {
                "questionnaire_version": response.questionnaire.version,
                "question": response.item.text,
                "answer": "Prefer not to say" if response.skipped else response.option.label,
                "answered_at": response.answered_at.isoformat(),
            }
        )
    for saved in constraints:
        section(saved.session_id)["practical"] = dict(describe(travel_constraints(saved)))
    return {"preferences": list(sessions.values())}
