"""The outcome of a chosen activity now lives with Stage 3 (resources.ActivityOutcome).

State only: the table genie_activityoutcome and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("genie", "0006_category_from_resources"),
        ("resources", "0006_layers_category_and_outcomes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ActivityOutcome")],
            database_operations=[],
        ),
    ]
