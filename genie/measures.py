"""Free-to-use wellbeing measures asked at a baseline and at a follow-up.

- ONS4 personal wellbeing (Office for National Statistics): four questions
  answered 0 to 10, always reported separately, never summed. For anxiety a
  lower score is better.
- The UCLA 3-item loneliness scale (Hughes et al., 2004): three questions
  answered "hardly ever" (1), "some of the time" (2) or "often" (3); the total
  runs from 3 to 9, higher is lonelier, and is only scored when all three are
  answered.
- The direct loneliness question recommended by the ONS: "How often do you
  feel lonely?"

WEMWBS is deliberately absent: it is licensed.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Scale:
    field: str
    question: str
    short: str
    low_label: str
    high_label: str
    higher_is_better: bool


ONS4 = (
    Scale(
        "life_satisfaction",
        "Overall, how satisfied are you with your life nowadays?",
        "Life satisfaction",
        "not at all satisfied",
        "completely satisfied",
        True,
    ),
    Scale(
        "worthwhile",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Worthwhile",
        "not at all worthwhile",
        "completely worthwhile",
        True,
    ),
    Scale(
        "happiness",
        "Overall, how happy did you feel yesterday?",
        "Happiness yesterday",
        "not at all happy",
        "completely happy",
        True,
    ),
    Scale(
        "anxiety",
        "Overall, how anxious did you feel yesterday?",
        "Anxiety yesterday",
        "not at all anxious",
        "completely anxious",
        False,
    ),
)
ONS4_MIN, ONS4_MAX = 0, 10


class UclaAnswer(models.IntegerChoices):
    HARDLY_EVER = 1, "Hardly ever"
    SOME_OF_THE_TIME = 2, "Some of the time"
    OFTEN = 3, "Often"


@dataclass(frozen=True)
class Item:
    field: str
    question: str


UCLA3 = (
    Item("lack_companionship", "How often do you feel that you lack companionship?"),
    Item("left_out", "How often do you feel left out?"),
    Item("isolated", "How often do you feel isolated from others?"),
)
UCLA3_MIN, UCLA3_MAX = 3, 9


class LonelinessAnswer(models.TextChoices):
    OFTEN_ALWAYS = "often-always", "Often or always"
    SOME_OF_THE_TIME = "some-of-the-time", "Some of the time"
    OCCASIONALLY = "occasionally", "Occasionally"
    HARDLY_EVER = "hardly-ever", "Hardly ever"
    NEVER = "never", "Never"


DIRECT_LONELINESS_QUESTION = "How often do you feel lonely?"


def ucla3_total(lack_companionship, left_out, isolated) -> int | None:
    """The UCLA 3-item total (3 to 9), or None unless all three were answered."""
    answers = (lack_companionship, left_out, isolated)
    return None if None in answers else sum(answers)


# Every answer stored for a session, in the order the questions are asked.
FIELDS = (
    *(scale.field for scale in ONS4),
    *(item.field for item in UCLA3),
    "direct_loneliness",
)
