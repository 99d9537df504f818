from django.conf import settings
from django.db import models
from django.utils import timezone

from liangxin.core.models import (
    DUPLICATE_ID_NUMBER,
    Gender,
    PersonalDataModel,
    TimeStampedModel,
    phone_digest_index,
)
from liangxin.core.pinyin import NameInitials, initials_field, initials_index
from liangxin.core.validators import validate_dates_not_in_future


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "预备"
    FULL = "full", "正式"


class FlowType(models.TextChoices):
    """丹东's four management modes."""

    REGULAR = "regular", "在职"
    INFLOW = "inflow", "流入"
    FLOATING = "floating", "流动"
    DEPARTED = "departed", "离职"


class PostLevel(models.TextChoices):
    FRONT_LINE = "front_line", "一线职工"
    TECHNICAL = "technical", "技术骨干"
    MANAGEMENT = "management", "经营管理骨干"
    EXECUTIVE = "executive", "高管"


class Education(models.TextChoices):
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中/中专"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


class MemberQuerySet(models.QuerySet):
    """What the apps below ask of the members they reach through a relation
    (``organization.members``, ``enterprise.employed_members``): they do not import
    this app, so the meaning of a status or a flow type stays here."""

    def not_departed(self):
        """Members still with their unit: 离职 (departed) ones have left it."""
        return self.exclude(flow_type=FlowType.DEPARTED)

    def full(self):
        return self.filter(status=MemberStatus.FULL)

    def employment_counts(self) -> dict:
        """Employed members (not departed) by status, and departed ones, in one aggregate."""
        departed = models.Q(flow_type=FlowType.DEPARTED)
        return self.aggregate(
            full=models.Count("id", filter=~departed & models.Q(status=MemberStatus.FULL)),
            probationary=models.Count(
                "id", filter=~departed & models.Q(status=MemberStatus.PROBATIONARY)
            ),
            departed=models.Count("id", filter=departed),
        )


class Member(NameInitials, PersonalDataModel):
    """党员 core record. Lifecycle workflows (development, transfers, dues) build on it."""

    # Events that have happened: refused ahead of today on every path (core.validators).
    dates_not_in_future = ("birth_date", "joined_on", "full_member_on")

    name = models.CharField("姓名", max_length=50)
    name_initials = initials_field()
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    birth_date = models.DateField("出生日期")
    education = models.CharField(
        "学历", max_length=10, choices=Education.choices, blank=True, default=""
    )
    joined_on = models.DateField("入党日期", null=True, blank=True)
    full_member_on = models.DateField("转正日期", null=True, blank=True)
    status = models.CharField("党员状态", max_length=14, choices=MemberStatus.choices)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,  # member_org_status_idx starts with the organization
    )
    employer = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="工作单位",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employed_members",
        db_index=False,  # member_employer_idx starts with the employer
    )
    post_level = models.CharField(
        "岗位层级", max_length=12, choices=PostLevel.choices, blank=True, default=""
    )
    is_investor = models.BooleanField("是否出资人", default=False)
    flow_type = models.CharField(
        "管理类型", max_length=10, choices=FlowType.choices, default=FlowType.REGULAR
    )
    # Members abroad are contacted at least every 6 months instead of every quarter.
    abroad = models.BooleanField("在国（境）外", default=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        ordering = ["name", "id"]
        # As for Enterprise: each index is paid for on every imported row; the name's is
        # a Meta index so that PostgreSQL adds no LIKE-prefix twin no search uses.
        indexes = [
            models.Index(fields=["name"], name="member_name_idx"),
            initials_index("member_initials_idx"),
            models.Index(fields=["organization", "status"], name="member_org_status_idx"),
            models.Index(fields=["employer", "flow_type", "status"], name="member_employer_idx"),
            phone_digest_index("member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                name="member_id_number_unique",
                violation_error_message="该公民身份号码已登记为党员",
                violation_error_code=DUPLICATE_ID_NUMBER,
            ),
            models.CheckConstraint(
                condition=models.Q(full_member_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(full_member_on__gt=models.F("joined_on")),
                name="member_full_after_joined",
                violation_error_message="转正日期应晚于入党日期",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="probationary") | models.Q(full_member_on__isnull=True),
                name="member_probationary_not_full",
                violation_error_message="预备党员不应有转正日期",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        validate_dates_not_in_future(self)

    @property
    def party_age_years(self) -> int | None:
        """Party age counts from full membership (RULES.md, "Party age")."""
        from liangxin.members.party_age import party_age

        return party_age(self.full_member_on, timezone.localdate())


class ConflictSource(models.TextChoices):
    FORM = "form", "页面登记"
    API = "api", "API"
    IMPORT = "import", "台账导入"
    DEVELOPMENT = "development", "发展党员登记"


class ConflictHolder(models.TextChoices):
    MEMBER = "member", "党员"
    DEVELOPMENT_CASE = "development_case", "发展党员记录"


class IdentityConflict(TimeStampedModel):
    """An ID number someone tried to register that is already held outside their scope.

    The user is told only that the number cannot be registered (members.conflicts);
    this row carries the collision to a district admin who sees both sides and
    resolves it. The number is kept as the blind index and the masked form only:
    the plaintext is on the record that holds it, so it is not stored a second time.
    """

    id_number_digest = models.CharField("公民身份号码索引", max_length=64, editable=False)
    id_number_masked = models.CharField("公民身份号码", max_length=18, editable=False)
    source = models.CharField("登记途径", max_length=12, choices=ConflictSource.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    attempts = models.PositiveIntegerField("尝试次数", default=1)
    last_reported_at = models.DateTimeField("最近一次尝试", default=timezone.now)
    attempted_name = models.CharField("拟登记姓名", max_length=50, blank=True, default="")
    attempted_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="拟登记党组织",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attempted_region = models.ForeignKey(
        "regions.Region",
        verbose_name="拟登记区域",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    holder_kind = models.CharField("已有记录类型", max_length=16, choices=ConflictHolder.choices)
    holder_public_id = models.UUIDField("已有记录编号")
    holder_region = models.ForeignKey(
        "regions.Region",
        verbose_name="已有记录所在区域",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核处人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField("核处时间", null=True, blank=True)
    resolution_note = models.CharField("核处说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "身份号码冲突"
        verbose_name_plural = "身份号码冲突"
        ordering = ["-last_reported_at", "-id"]
        indexes = [
            models.Index(fields=["id_number_digest"], name="identity_conflict_digest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True) | ~models.Q(resolution_note=""),
                name="identity_conflict_resolved_with_note",
                violation_error_message="核处时请填写核处说明",
            ),
        ]

    def __str__(self):
        return f"身份号码冲突 {self.id_number_masked}"
