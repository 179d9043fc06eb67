"""Categories now live in the core (genie.Category). State only."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("genie", "0006_category_from_resources"),
        ("mapping", "0002_default_member_kinds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="droppedactivity",
                    name="categories",
                    field=models.ManyToManyField(
                        blank=True, related_name="dropped_activities", to="genie.category"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
