"""Reading the signed-in user on each request."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models.expressions import RawSQL

from genie import roles
from genie.statements import compiled, fetch_one

# Stands for the user's id while the ORM writes the query; no user has it.
_ANY_ID = -7_301_205


def _role_list(vendor: str) -> RawSQL:
    """The user's role names, comma-separated (role names hold no commas)."""
    user = get_user_model()
    through = user.groups.through._meta
    group = user.groups.field.related_model._meta
    aggregate = "GROUP_CONCAT" if vendor == "sqlite" else "STRING_AGG"
    names = ", ".join(["%s"] * len(roles.ROLES))
    return RawSQL(  # noqa: S611 (table names from the models, role names as parameters)
        f"SELECT {aggregate}(g.name, ',') FROM {group.db_table} g"  # noqa: S608 (no user input)
        f" JOIN {through.db_table} ug ON ug.group_id = g.id"
        f" WHERE ug.user_id = {user._meta.db_table}.id AND g.name IN ({names})",
        roles.ROLES,
    )


@dataclass(frozen=True)
class _UserStatement:
    """The ORM's query for a user with their organisation and roles, written once
    (genie.statements) and run with the id in its place; the row becomes a user,
    their organisation and the role list as the ORM's own iterator would."""

    sql: str
    params: tuple
    id_at: int
    user: tuple  # (first column, attribute names)
    organisation: tuple
    roles_at: int
    converters: dict

    @classmethod
    def compile(cls, connection):
        queryset = (
            get_user_model()
            ._default_manager.annotate(genie_role_list=_role_list(connection.vendor))
            .filter(pk=_ANY_ID)
            .order_by()  # one row: the model's ordering would only cost planning
        )
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        (organisation,) = compiler.klass_info["related_klass_infos"]
        if organisation["field"].name != "organisation" or list(params).count(_ANY_ID) != 1:
            raise RuntimeError("the user's query is not the one genie.backends expects")

        def columns(info):
            fields = info["select_fields"]
            names = tuple(compiler.select[i][0].target.attname for i in fields)
            return fields[0], names

        return cls(
            sql=sql,
            params=tuple(params),
            id_at=list(params).index(_ANY_ID),
            user=columns(compiler.klass_info),
            organisation=columns(organisation),
            roles_at=compiler.annotation_col_map["genie_role_list"],
            converters=compiler.get_converters([column for column, _, _ in compiler.select]),
        )

    def read(self, connection, user_id):
        params = list(self.params)
        params[self.id_at] = user_id
        row = fetch_one(connection, self.sql, params)
        if row is None:
            return None
        row = list(row)
        for at, (functions, expression) in self.converters.items():
            for function in functions:
                row[at] = function(row[at], expression, connection)
        user_model = get_user_model()
        user = self._build(user_model, self.user, row, connection)
        organisation_field = user_model._meta.get_field("organisation")
        organisation = self._build(
            organisation_field.related_model, self.organisation, row, connection
        )
        organisation_field.set_cached_value(user, organisation)
        user.genie_role_list = row[self.roles_at]
        return user

    @staticmethod
    def _build(model, columns, row, connection):
        start, names = columns
        values = row[start : start + len(names)]
        if values[0] is None:  # no organisation: the join found nothing
            return None
        return model.from_db(connection.alias, names, values)


class StaffBackend(ModelBackend):
    """Django's ModelBackend, reading the user, their organisation and their roles
    in one query: every signed-in request needs all three (the layout shows the
    organisation; the menu and every access check need the roles)."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        connection, statement = compiled(model, "genie_user_statement", _UserStatement.compile)
        user = statement.read(connection, user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        roles.remember(user, (user.genie_role_list or "").split(","))
        return user
