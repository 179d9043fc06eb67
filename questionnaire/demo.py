"""Demo data for the questionnaire app, loaded by `manage.py load_demo` (see genie/demo.py)."""

from questionnaire import selectors, services

# DEMO-001 (Maggie) likes being outdoors, singing and meeting people; she would
# rather not say about faith. Answer positions count from 0 ("Not at all").
DEMO_ANSWERS = [2, 3, 3, 1, 3, 1, 2, 0, 1, None, 2, 0, 1]
DEMO_CONSTRAINTS = {
    "max_distance_km": 4.8,
    "travel_modes": ["walk", "bus"],
    "free_only": True,
    "step_free": False,
    "days": ["TU", "WE", "TH"],
    "times_of_day": ["morning", "afternoon"],
}


def load(*, organisations, users, participants):
    """Answer every item for DEMO-001's session, if that session exists. Idempotent."""
    participant = participants.get("DEMO-001")
    session = participant and participant.sessions.filter(completed_at__isnull=True).first()
    if session is None:
        return  # the sessions are created by another app's demo; nothing to answer
    questions = selectors.session_progress(session=session).questions
    for question, position in zip(questions, DEMO_ANSWERS, strict=False):
        if question.answered:
            continue
        option = None if position is None else question.options[position]
        services.response_record(session=session, item=question.item, option=option)
    if selectors.session_practical_constraints(session=session) is None:
        services.constraints_save(session=session, data=DEMO_CONSTRAINTS)
