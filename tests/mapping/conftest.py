from importlib import import_module

import pytest
from django.apps import apps


@pytest.fixture
def member_kinds(db):
    """The seeded kinds of member, put back after a live-server test flushed them.

    (tests/conftest.py's serialized rollback does not restore migration data at
    the moment, so browser tests seed what they need themselves.)
    """
    import_module("mapping.migrations.0002_default_member_kinds").add_kinds(apps, None)
    import_module("resources.migrations.0002_default_categories").add_categories(apps, None)
