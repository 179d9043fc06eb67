import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.mark.skipif(not IN_CI, reason="CI runs the suite on PostgreSQL; locally SQLite is fine")
def test_ci_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


SQLITE_WRITERS = r"""
import json, os, threading, time
import django
django.setup()
from django.db import connection, transaction
from django.db.utils import OperationalError

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
    cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
connection.close()

WRITERS = 10
barrier = threading.Barrier(WRITERS)
errors = []

def write():
    # What a service does: read, then write, in one transaction.
    try:
        barrier.wait()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM counter")
                seen = cursor.fetchone()[0]
                time.sleep(0.05)
                cursor.execute("INSERT INTO counter (n) VALUES (%s)", [seen + 1])
    except OperationalError as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=write) for _ in range(WRITERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter ORDER BY n")
    values = [row[0] for row in cursor.fetchall()]
print(json.dumps({"journal_mode": journal_mode, "errors": errors, "values": values}))
"""


def test_the_embedded_sqlite_database_takes_ten_concurrent_writes(tmp_path):
    """Genie's own settings, a file database, ten requests writing at once (#14):
    each waits its turn rather than failing with "database is locked"."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="genie.settings",
        GENIE_DEBUG="true",
        GENIE_SQLITE_PATH=str(tmp_path / "genie.sqlite3"),
    )
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_WRITERS],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    # All ten written, one after another: each saw the ones before it.
    assert outcome["values"] == list(range(1, 11))
