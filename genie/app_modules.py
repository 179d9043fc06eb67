"""How the core reaches the apps built on it without importing them."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_modules(name: str) -> list:
    """Each installed app's module ``name`` (e.g. ``privacy``), in INSTALLED_APPS
    order: how the core reaches the apps built on it without importing them."""
    found = []
    for config in apps.get_app_configs():
        if config.name == "genie":
            continue
        dotted = f"{config.name}.{name}"
        if find_spec(dotted):
            found.append(import_module(dotted))
    return found
