"""Categories now live in the core (genie.Category); the outcome of a chosen
activity moves here from the core (resources.ActivityOutcome).

State only: tables, columns and rows stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("genie", "0006_category_from_resources"),
        ("resources", "0005_merge_curation_and_plan"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="service",
                    name="categories",
                    field=models.ManyToManyField(
                        blank=True, related_name="services", to="genie.category"
                    ),
                ),
                migrations.AlterField(
                    model_name="categorymapping",
                    name="category",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mappings",
                        to="genie.category",
                    ),
                ),
                migrations.CreateModel(
                    name="ActivityOutcome",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("tried", "Tried it"),
                                    ("ongoing", "Tried it and still going"),
                                    ("not-tried", "Not tried"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("cost", "Cost"),
                                    ("transport", "Getting there"),
                                    ("health", "Health"),
                                    ("confidence", "Confidence"),
                                    ("timing", "The day or time"),
                                    ("not-for-me", "Not for me"),
                                    ("other", "Something else"),
                                ],
                                help_text="When not tried.",
                                max_length=12,
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200)),
                        ("recorded_at", models.DateTimeField(auto_now=True)),
                        (
                            "chosen_activity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outcomes",
                                to="resources.chosenactivity",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outcomes",
                                to="genie.session",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "genie_activityoutcome",
                        "ordering": ["chosen_activity__created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("session", "chosen_activity"),
                                name="activity_outcome_unique",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
