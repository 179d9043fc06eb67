"""The curated list of long-term conditions and the three role groups."""

from django.db import migrations

CONDITIONS = [
    "Type 2 diabetes",
    "Type 1 diabetes",
    "COPD",
    "Asthma",
    "Heart disease",
    "Stroke",
    "Arthritis",
    "Chronic pain",
    "Depression or anxiety",
    "Other mental health condition",
    "Dementia or memory problems",
    "Cancer",
    "Kidney disease",
    "Sight or hearing loss",
    "Learning disability",
]
ROLES = ["facilitator", "commissioner", "admin"]


def forwards(apps, schema_editor):
    Condition = apps.get_model("genie", "Condition")
    for order, name in enumerate(CONDITIONS, start=1):
        Condition.objects.update_or_create(name=name, defaults={"order": order})
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def backwards(apps, schema_editor):
    apps.get_model("genie", "Condition").objects.filter(name__in=CONDITIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("genie", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, backwards)]
