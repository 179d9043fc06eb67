"""Reading the signed-in user on each request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models.expressions import RawSQL

from genie import roles


def _role_list() -> RawSQL:
    """The user's role names, comma-separated (role names hold no commas).

    Written as SQL because the ORM's subquery costs more to compile, on every
    request, than the second query it saves."""
    user = get_user_model()
    through = user.groups.through._meta
    group = user.groups.field.related_model._meta
    aggregate = "GROUP_CONCAT" if connection.vendor == "sqlite" else "STRING_AGG"
    names = ", ".join(["%s"] * len(roles.ROLES))
    return RawSQL(  # noqa: S611 (table names from the models, role names as parameters)
        f"SELECT {aggregate}(g.name, ',') FROM {group.db_table} g"  # noqa: S608 (no user input)
        f" JOIN {through.db_table} ug ON ug.group_id = g.id"
        f" WHERE ug.user_id = {user._meta.db_table}.id AND g.name IN ({names})",
        roles.ROLES,
    )


class StaffBackend(ModelBackend):
    """Django's ModelBackend, reading the user, their organisation and their roles
    in one query: every signed-in request needs all three (the layout shows the
    organisation; the menu and every access check need the roles)."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(genie_role_list=_role_list())
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        roles.remember(user, (user.genie_role_list or "").split(","))
        return user
