import pytest

from questionnaire import selectors, services
from questionnaire.models import Questionnaire


@pytest.fixture
def questionnaire(db):
    """The default version the data migration ships, 13 items."""
    return Questionnaire.objects.get(is_active=True)


@pytest.fixture
def answer(session):
    """answer(number, position) answers question `number` with its option at `position`
    (0 = lowest), or skips it with position None."""

    def answer(number, position, *, on=None):
        target = on or session
        question = selectors.session_progress(session=target).question(number)
        option = None if position is None else question.options[position]
        services.response_record(session=target, item=question.item, option=option)
        return question

    return answer
