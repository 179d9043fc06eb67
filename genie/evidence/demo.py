"""Demo wellbeing measures, loaded by `manage.py load_demo` (add "genie.evidence.demo"
to APP_DEMOS). Fictional answers for any demo sessions that have none yet;
follow-ups score a little better than first sessions so the dashboard has a
change to show. Idempotent."""

from genie.evidence import services
from genie.measures import FIELDS
from genie.models import Session, WellbeingMeasures

# In the order of genie.measures.FIELDS.
FIRST_SESSION = (4, 5, 4, 7, 3, 2, 3, "some-of-the-time")
FOLLOW_UP = (6, 7, 6, 4, 2, 1, 2, "occasionally")


def load(*, organisations, users, participants):
    sessions = (
        Session.objects.filter(participant__in=list(participants.values()))
        .exclude(pk__in=WellbeingMeasures.objects.values("session_id"))
        .select_related("participant", "facilitator")
        .order_by("started_at")
    )
    for index, session in enumerate(sessions):
        answers = FOLLOW_UP if session.kind == Session.Kind.FOLLOW_UP else FIRST_SESSION
        # A little variety between people, staying within each scale.
        shift = index % 3 - 1
        values = dict(zip(FIELDS, answers, strict=True))
        for field in ("life_satisfaction", "worthwhile", "happiness", "anxiety"):
            values[field] = min(10, max(0, values[field] + shift))
        services.wellbeing_record(user=session.facilitator, session=session, data=values)
