from django.contrib.auth.models import AbstractBaseUser, BaseUserManager
from django.db import models


class User(AbstractBaseUser):
    """Genie's user row, read as plain Django reads a user: no relations, no roles."""

    username = models.CharField(max_length=150, unique=True)
    is_active = models.BooleanField(default=True)
    objects = BaseUserManager()
    USERNAME_FIELD = "username"

    class Meta:
        managed = False
        db_table = "genie_user"
