"""Categories now live in the core: drop them from this app's state, and move
the content types of both moved models so permissions and admin history follow."""

from django.db import migrations

MOVES = [("resources", "genie", "category"), ("genie", "resources", "activityoutcome")]


def _move(apps, moves):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old, new, model in moves:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _move(apps, MOVES)


def backwards(apps, schema_editor):
    _move(apps, [(new, old, model) for old, new, model in MOVES])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("genie", "0007_activity_outcome_to_resources"),
        ("mapping", "0003_category_in_genie"),
        ("questionnaire", "0003_category_in_genie"),
        ("resources", "0006_layers_category_and_outcomes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Category")],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
