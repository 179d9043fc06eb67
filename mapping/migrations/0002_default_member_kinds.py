"""The default kinds of network member. Admins can rename them or add more."""

from django.db import migrations

# code, name, sector group, shape, symbol
KINDS = [
    ("family", "Family", "family", "circle", "Fa"),
    ("friend", "Friend", "people", "square", "Fr"),
    ("neighbour", "Neighbour", "people", "square", "Ne"),
    ("colleague", "Colleague", "people", "square", "Co"),
    ("professional", "Professional or service", "services", "diamond", "Pr"),
    ("group", "Group or organisation", "community", "hexagon", "Gr"),
    ("activity", "Activity", "community", "hexagon", "Ac"),
    ("pet", "Pet", "things", "triangle", "Pe"),
    ("place", "Place", "things", "triangle", "Pl"),
    ("object", "Object or tool", "things", "triangle", "Ob"),
    ("online", "Online resource", "things", "triangle", "On"),
]


def add_kinds(apps, schema_editor):
    MemberKind = apps.get_model("mapping", "MemberKind")
    for order, (code, name, group, shape, symbol) in enumerate(KINDS, start=1):
        MemberKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "shape": shape,
                "symbol": symbol,
                "order": order,
            },
        )


def remove_kinds(apps, schema_editor):
    apps.get_model("mapping", "MemberKind").objects.filter(
        code__in=[code for code, *_ in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("mapping", "0001_network")]

    operations = [migrations.RunPython(add_kinds, remove_kinds)]
