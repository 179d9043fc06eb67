"""This app's part of a participant's subject access export (see genie/privacy.py)."""


def export_participant(*, participant) -> dict:
    return {}
