"""The default preference questionnaire, version 1: 13 items in our own words.

The official Genie wording is not public, so this is not it: each item asks, in
plain English, how much the participant would like one kind of activity or
support, and weighs onto the resource categories. Admins can load the real
wording as a new version.
"""

from django.db import migrations

SCALE = [("Not at all", 0), ("A little", 1), ("Quite a lot", 2), ("Very much", 3)]

# (question, hint, {category code: weight})
ITEMS = [
    (
        "How much would you like to be more physically active?",
        "For example walking groups, gentle exercise classes, swimming, dancing or sport.",
        {"physical-activity": 1.0, "outdoors-gardening": 0.3},
    ),
    (
        "How much would you like to spend time outdoors or in nature?",
        "For example gardening, allotments, parks, nature walks or conservation work.",
        {"outdoors-gardening": 1.0, "physical-activity": 0.3},
    ),
    (
        "How much would you like to meet new people or spend more time with others?",
        "For example coffee mornings, lunch clubs, social clubs or a community centre.",
        {"social-friendship": 1.0},
    ),
    (
        "How much would you like to learn something new?",
        "For example a course, a reading group, computer skills or a language.",
        {"learning-skills": 1.0, "home-online": 0.2},
    ),
    (
        "How much would you like to do something creative?",
        "For example singing, music, painting, crafts, knitting, writing or drama.",
        {"arts-crafts-music": 1.0, "social-friendship": 0.2},
    ),
    (
        "How much would you like to help others or give some of your time?",
        "For example volunteering for a charity, befriending, or helping at local events.",
        {"volunteering": 1.0, "social-friendship": 0.3},
    ),
    (
        "How much would you like to talk with other people who live with a condition like yours?",
        "For example a support group for your condition, in person, by phone or online.",
        {"peer-condition-support": 1.0, "emotional-wellbeing": 0.3},
    ),
    (
        "How much would you like help with practical things?",
        "For example advice on money and benefits, housing, or getting about and transport.",
        {"practical-help": 1.0},
    ),
    (
        "How much would you like support with how you are feeling?",
        "For example someone to talk to, relaxation or mindfulness, or help with worry or low mood.",
        {"emotional-wellbeing": 1.0, "peer-condition-support": 0.2},
    ),
    (
        "How much would you like to take part in faith or cultural activities?",
        "For example a place of worship, a cultural association, festivals or heritage groups.",
        {"faith-culture": 1.0, "social-friendship": 0.2},
    ),
    (
        "How much would you like to cook, eat well or share meals with others?",
        "For example cooking classes, healthy eating groups, community meals or lunch clubs.",
        {"food-cooking": 1.0, "social-friendship": 0.3},
    ),
    (
        "How much would you like things you can do from home, by phone or online?",
        "For example a phone befriending call, an online group or class, or a hobby at home.",
        {"home-online": 1.0},
    ),
    (
        "How much would you like activities or support that involve your family or someone you care for?",
        "For example family days out, groups for grandparents, or support for carers.",
        {"family-carers": 1.0},
    ),
]


def add_default_questionnaire(apps, schema_editor):
    Questionnaire = apps.get_model("questionnaire", "Questionnaire")
    Item = apps.get_model("questionnaire", "Item")
    AnswerOption = apps.get_model("questionnaire", "AnswerOption")
    ItemWeight = apps.get_model("questionnaire", "ItemWeight")
    Category = apps.get_model("resources", "Category")
    if Questionnaire.objects.exists():
        return
    categories = {category.code: category for category in Category.objects.all()}
    questionnaire = Questionnaire.objects.create(
        version=1,
        title="What you enjoy",
        notes=(
            "Default questions written for this project in plain English. The official Genie "
            "wording is not public, so these are not the validated Genie items."
        ),
        is_active=True,
    )
    for order, (text, hint, weights) in enumerate(ITEMS, start=1):
        item = Item.objects.create(questionnaire=questionnaire, order=order, text=text, hint=hint)
        AnswerOption.objects.bulk_create(
            AnswerOption(item=item, order=position, label=label, value=value)
            for position, (label, value) in enumerate(SCALE, start=1)
        )
        ItemWeight.objects.bulk_create(
            ItemWeight(item=item, category=categories[code], weight=weight)
            for code, weight in weights.items()
            if code in categories
        )


def remove_default_questionnaire(apps, schema_editor):
    apps.get_model("questionnaire", "Questionnaire").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaire", "0001_initial"),
        ("resources", "0002_default_categories"),
    ]
    operations = [migrations.RunPython(add_default_questionnaire, remove_default_questionnaire)]
