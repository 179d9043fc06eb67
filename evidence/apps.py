from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence for commissioners"

    def ready(self):
        # Facts kept as things happen: evidence listens to the apps below it.
        from evidence.facts import queue

        queue.connect()
