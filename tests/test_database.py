import os

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.mark.skipif(not IN_CI, reason="CI runs the suite on PostgreSQL; locally SQLite is fine")
def test_ci_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"
