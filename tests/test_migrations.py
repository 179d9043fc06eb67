"""An existing database migrates to the layered layout without losing a row.

The layers moved Category into the core and ActivityOutcome into resources with
state-only migrations: the tables keep their names and their rows. This fills a
database with the demo data, takes it back to the migrations that shipped before
the move (as a database of that release would be), migrates it forward again and
compares every table's row count.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_LAYERS = [
    ("genie", "0005_follow_up_review"),
    ("mapping", "0002_default_member_kinds"),
    ("questionnaire", "0002_default_questionnaire"),
    ("resources", "0005_merge_curation_and_plan"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    executor = MigrationExecutor(connection)
    return list(executor.loader.graph.leaf_nodes())


def _row_counts():
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _content_types():
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_label, model FROM django_content_type")
        return set(cursor.fetchall())


# Transactional, so the migrations run for real; like every transactional test here,
# the rows that data migrations seed are put back by tests/conftest.py.
@pytest.mark.django_db(transaction=True)
def test_demo_data_migrates_to_the_layers_without_losing_a_row(settings):
    settings.GENIE_DEMO = True
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    _migrate(BEFORE_LAYERS)
    before = _row_counts()
    assert before["resources_category"] > 0
    assert before["genie_activityoutcome"] > 0, "the demo data records follow-up outcomes"
    assert ("resources", "category") in _content_types()

    _migrate(_latest())

    after = _row_counts()
    # django_migrations gains the new migrations' rows; every other table is unchanged
    # (tables that later releases added may be filled by their own data migrations).
    assert after.pop("django_migrations") > before.pop("django_migrations")
    assert {table: after[table] for table in before} == before
    moved = _content_types()
    assert ("genie", "category") in moved and ("resources", "category") not in moved
    assert ("resources", "activityoutcome") in moved
    assert ("genie", "activityoutcome") not in moved

    # And the moved models read the rows through their new apps.
    from genie.models import Category
    from resources.models import ActivityOutcome

    assert Category.objects.count() == before["resources_category"]
    assert ActivityOutcome.objects.count() == before["genie_activityoutcome"]
