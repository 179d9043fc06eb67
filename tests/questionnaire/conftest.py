import pytest
from django.db import connections

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


# Workaround for the shared browser fixtures (tell the lead; belongs in tests/conftest.py):
# once Playwright's sync API has started, this thread sees a new database connection
# object (asgiref's context-local storage), which lacks the serialized copy that
# serialized rollback restores from. Migration-seeded rows (categories, the default
# questionnaire) then vanish after the first browser test. Put the copy back.
@pytest.fixture(scope="session")
def _serialized_contents(django_db_setup):
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(autouse=True)
def _restore_serialized_contents(request, _serialized_contents):
    if "live_server" in request.fixturenames:
        for alias, contents in _serialized_contents.items():
            connections[alias]._test_serialized_contents = contents
