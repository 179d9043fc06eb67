"""Categories now live in the core (genie.Category). State only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("genie", "0006_category_from_resources"),
        ("questionnaire", "0002_default_questionnaire"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="itemweight",
                    name="category",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="item_weights",
                        to="genie.category",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
