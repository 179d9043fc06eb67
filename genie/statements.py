"""The two queries every signed-in request makes (its session, its user), written
by the ORM once per database connection and, on PostgreSQL, prepared.

Profiled (docs/performance.md, #21): writing those queries (Django's compiler)
cost more CPU in the web process than running them, and planning them cost the
database server more than executing them. So the ORM writes each once per
connection (`compiled`), and `fetch_one` runs it through a server-side binding
cursor, which psycopg prepares from the fifth use on that connection (the
prepare_threshold genie.settings sets; GENIE_DB_PREPARE=false turns it off).
"""

import psycopg
from django.db import connections, router


def compiled(model, name, build):
    """The database connection for reading ``model`` and the statement ``build``
    writes for it, kept on that connection (each thread has its own)."""
    connection = connections[router.db_for_read(model)]
    statement = getattr(connection, name, None)
    if statement is None:
        statement = build(connection)
        setattr(connection, name, statement)
    return connection, statement


def fetch_one(connection, sql, params):
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    # Django's own cursors bind on the client, so the database plans the query
    # anew each time; this one binds on the server, and Django's wrapper (what
    # its own cursor() returns, made by the same private method) still logs it
    # and translates errors as for any other query.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection._prepare_cursor(psycopg.Cursor(connection.connection)) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if connection.queries_logged:
        # Django reads a logged query's text with its values off client-binding cursors only.
        connection.queries_log[-1]["sql"] = connection.ops.compose_sql(sql, params)
    return row
