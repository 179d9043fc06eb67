from django.apps import AppConfig


class GenieConfig(AppConfig):
    name = "genie"
    verbose_name = "Genie: participants and sessions"
