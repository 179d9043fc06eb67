"""Django's database sessions (SESSION_ENGINE), reading the session row, the
first query of every request, as genie.statements does; saving, expiry and
clearing are Django's own."""

from django.contrib.sessions.backends import db
from django.utils import timezone

from genie.statements import compiled, fetch_one

# Stands for the session key while the ORM writes the query; no key has it.
_ANY_KEY = "genie-any-session-key"


class _SessionRead:
    def __init__(self, connection, model):
        query = model.objects.filter(
            session_key=_ANY_KEY, expire_date__gt=timezone.now()
        ).values_list("session_data")
        self.sql, params = query.query.get_compiler(connection=connection).as_sql()
        if len(params) != 2 or _ANY_KEY not in params:
            raise RuntimeError("the session query is not the one genie.sessions expects")
        self.key_at = list(params).index(_ANY_KEY)
        self.expire_date = model._meta.get_field("expire_date")

    def data(self, connection, session_key) -> str | None:
        params = [None, None]
        params[self.key_at] = session_key
        params[1 - self.key_at] = self.expire_date.get_db_prep_value(timezone.now(), connection)
        row = fetch_one(connection, self.sql, params)
        return None if row is None else row[0]


class SessionStore(db.SessionStore):
    def load(self):
        connection, read = compiled(
            self.model,
            "genie_session_read",
            lambda connection: _SessionRead(connection, self.model),
        )
        data = read.data(connection, self.session_key)
        if data is None:  # unknown or expired: a new session, as Django's own does
            self._session_key = None
            return {}
        return self.decode(data)
