import pytest
from django.core import serializers
from django.db import connections, transaction

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


# Workaround for the shared browser fixtures (belongs in tests/conftest.py; see the
# report to the lead): once Playwright's sync API has started, this thread sees a new
# database connection object (asgiref's context-local storage) without the serialized
# copy that serialized rollback restores from, so rows the migrations seed
# (categories, conditions, the default questionnaire) vanish after the first browser
# test. Keep the copy from the start, and put the rows back when they are missing.
@pytest.fixture(scope="session")
def _serialized_contents(django_db_setup):
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(autouse=True)
def _restore_seeded_rows(request, _serialized_contents):
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    for alias, contents in _serialized_contents.items():
        connection = connections[alias]
        connection._test_serialized_contents = contents  # later tests restore themselves
        if not Questionnaire.objects.using(alias).exists():
            # Content types and permissions were recreated after the flush already.
            # In one transaction, as Django restores: foreign keys are checked at the end.
            with transaction.atomic(using=alias), connection.constraint_checks_disabled():
                for record in serializers.deserialize("json", contents, using=alias):
                    if record.object._meta.app_label not in {"contenttypes", "auth"}:
                        record.save(using=alias)
