"""The default category list (taxonomy terms). Admins can rename or add more."""

from django.db import migrations

CATEGORIES = [
    ("physical-activity", "Physical activity", "Walking, exercise classes, sport, dance"),
    ("outdoors-gardening", "Outdoors and gardening", "Parks, allotments, nature, gardening"),
    (
        "social-friendship",
        "Social and friendship",
        "Meeting people, clubs, coffee mornings, lunch clubs",
    ),
    ("learning-skills", "Learning and skills", "Courses, reading groups, digital skills"),
    ("arts-crafts-music", "Arts, crafts and music", "Singing, music, painting, crafts, theatre"),
    ("volunteering", "Volunteering", "Helping others, giving time"),
    (
        "peer-condition-support",
        "Peer and condition support",
        "Support groups for a condition, peer support",
    ),
    ("practical-help", "Practical help", "Money, housing, benefits, transport"),
    ("emotional-wellbeing", "Emotional wellbeing", "Talking therapies, mindfulness, befriending"),
    ("faith-culture", "Faith and culture", "Faith groups, cultural and community centres"),
    ("food-cooking", "Food and cooking", "Cooking, healthy eating, community meals"),
    ("home-online", "At home and online", "Activities by phone or online, things to do at home"),
    ("family-carers", "Family and carers", "Support for carers, family activities"),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("resources", "Category")
    for order, (code, name, description) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )


def remove_categories(apps, schema_editor):
    apps.get_model("resources", "Category").objects.filter(
        code__in=[code for code, _, _ in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(add_categories, remove_categories)]
