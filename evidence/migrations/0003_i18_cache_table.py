"""The shared cache's table (settings.CACHES: the database cache by default)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_i18_facts")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
