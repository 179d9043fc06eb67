"""The shared category list moves from the resources app to the core.

State only: the table keeps its name (resources_category) and every row."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("genie", "0005_follow_up_review"),
        ("resources", "0005_merge_curation_and_plan"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Category",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("code", models.SlugField(unique=True)),
                        ("name", models.CharField(max_length=100, unique=True)),
                        ("description", models.CharField(blank=True, max_length=300)),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "resources_category",
                        "ordering": ["order", "name"],
                        "verbose_name_plural": "categories",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
