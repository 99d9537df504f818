from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from liangxin.core.roles import Role


class User(AbstractUser):
    """A login with one role and a data scope (region and/or organization subtrees).

    An account the system admin creates in the browser has no role ("") and so
    sees nothing until the security admin gives it one (三员分立).
    """

    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True, default="")
    display_name = models.CharField("姓名", max_length=50, blank=True, default="")
    regions = models.ManyToManyField(
        "regions.Region", verbose_name="管辖区域", blank=True, related_name="+"
    )
    organizations = models.ManyToManyField(
        "organizations.PartyOrganization", verbose_name="所属党组织", blank=True, related_name="+"
    )
    password_changed_at = models.DateTimeField("密码修改时间", default=timezone.now)
    must_change_password = models.BooleanField(
        "下次登录须修改密码",
        default=False,
        help_text="管理员重置或新建账号时给出的一次性密码，登录后必须先修改。",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else "未分配角色"

    def password_expired(self, now=None) -> bool:
        """PASSWORD_MAX_AGE_DAYS (0: never) after the last change, or a one-time password."""
        if self.must_change_password:
            return True
        days = settings.PASSWORD_MAX_AGE_DAYS
        if not days:
            return False
        return (now or timezone.now()) - self.password_changed_at > timezone.timedelta(days=days)


class ApiToken(models.Model):
    """An API token, kept as a digest only: the raw token is shown once, when issued.

    Written here rather than taken from DRF's authtoken (raw keys at rest, no
    expiry) or django-rest-knox (no last-used time, its own login views): the
    whole of it is this model and ``liangxin.accounts.authentication``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    digest = models.CharField("摘要", max_length=64, editable=False)
    prefix = models.CharField("令牌前缀", max_length=8, editable=False)
    created_at = models.DateTimeField("签发时间", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        constraints = [
            models.UniqueConstraint(fields=["digest"], name="accounts_apitoken_digest_unique"),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"], name="accounts_apitoken_user_idx")]

    def __str__(self):
        return f"{self.prefix}…"

    def is_live(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return "已吊销"
        return "有效" if self.is_live() else "已过期"
