from django.contrib.auth.models import AbstractUser
from django.db import models

from liangxin.accounts.roles import Role


class User(AbstractUser):
    """A login with one role and a data scope (region and/or organization subtrees)."""

    role = models.CharField("角色", max_length=20, choices=Role.choices)
    display_name = models.CharField("姓名", max_length=50, blank=True, default="")
    regions = models.ManyToManyField(
        "regions.Region", verbose_name="管辖区域", blank=True, related_name="+"
    )
    organizations = models.ManyToManyField(
        "organizations.PartyOrganization", verbose_name="所属党组织", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""
