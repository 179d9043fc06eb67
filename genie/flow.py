"""The stages of a session and where each lives, for the stage indicator and resuming."""

from dataclasses import dataclass

from django.urls import reverse

from genie.models import Session, Stage

# Each stage's page is provided by its app; the URL names are the contract.
STAGE_URL_NAMES = {
    Stage.REVIEW: "review",
    Stage.NETWORK: "network",
    Stage.PREFERENCES: "preferences",
    Stage.OPPORTUNITIES: "opportunities",
    Stage.PLAN: "plan",
}
STAGE_NUMBERS = {Stage.NETWORK: "1", Stage.PREFERENCES: "2", Stage.OPPORTUNITIES: "3"}
# Not a stage the session moves through: the wellbeing measures are offered when a
# session starts (genie.views.session_start), can be skipped, and can be answered
# or changed at any point from the session bar.
WELLBEING_STEP = "wellbeing"


def stage_url(session: Session, stage: str) -> str:
    return reverse(STAGE_URL_NAMES[stage], kwargs={"session_id": session.pk})


@dataclass(frozen=True)
class StageStep:
    stage: str
    number: str
    label: str
    url: str
    reached: bool
    current: bool


def session_stages(session: Session) -> list[tuple[str, str]]:
    """(stage, label) in order: only follow-ups review how the last plan went."""
    if session.kind == Session.Kind.FOLLOW_UP:
        return list(Stage.choices)
    return [(stage, label) for stage, label in Stage.choices if stage != Stage.REVIEW]


def stage_steps(session: Session, current: str) -> list[StageStep]:
    """Start (the participant's details and consent), the wellbeing measures, then the
    stages in order."""
    stages = session_stages(session)
    order = [stage for stage, _label in stages]
    reached_index = order.index(session.stage) if session.stage in order else 0
    start = StageStep(
        stage="start",
        number="",
        label="Start",
        url=reverse("participant_edit", kwargs={"participant_id": session.participant_id}),
        reached=True,
        current=current == "start",
    )
    wellbeing = StageStep(
        stage=WELLBEING_STEP,
        number="",
        label="Wellbeing",
        url=reverse("wellbeing", kwargs={"session_id": session.pk}),
        reached=True,
        current=current == WELLBEING_STEP,
    )
    return [start, wellbeing] + [
        StageStep(
            stage=stage,
            number=STAGE_NUMBERS.get(stage, ""),
            label=label,
            url=stage_url(session, stage),
            reached=index <= reached_index,
            current=stage == current,
        )
        for index, (stage, label) in enumerate(stages)
    ]
