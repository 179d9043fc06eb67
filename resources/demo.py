"""Demo data for the resources app, loaded by `manage.py load_demo` (see genie/demo.py)."""


def load(*, organisations, users, participants):
    """Add this app's fictional demo records. Must be idempotent."""
