"""助企服务专员与网格连企 (WORK.md §5): specialists assigned to key enterprises, the cadences a
district configures, and the contacts they log.

A specialist is an official (县处级, 乡科级, 年轻干部) or a professional (律师, 会计师,
金融师) [L:平湖], belongs to a region (its scope) and may serve in a "点对点组团" team. An
``Assignment`` links a specialist to an enterprise for a period; each ``Contact`` is logged
against an assignment under one ``Cadence`` (每日一问诊 … 每年一回诊), which is data a
district admin edits. A phone is not kept here: specialists are reached through their unit
or their account, and a phone would need the encrypted PersonalDataModel (an ID number)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from liangxin.core.models import TimeStampedModel


class SpecialistKind(models.TextChoices):
    COUNTY = "county", "县处级"
    TOWNSHIP = "township", "乡科级"
    YOUNG = "young", "年轻干部"
    LAWYER = "lawyer", "律师"
    ACCOUNTANT = "accountant", "会计师"
    FINANCIER = "financier", "金融师"


# 平湖: "389 officials and 220 professionals" — the two groups the figures count apart.
OFFICIAL_KINDS = (SpecialistKind.COUNTY, SpecialistKind.TOWNSHIP, SpecialistKind.YOUNG)


class Frequency(models.TextChoices):
    DAILY = "daily", "每日"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季"
    YEARLY = "yearly", "每年"


class ContactMode(models.TextChoices):
    VISIT = "visit", "上门走访"
    WINDOW = "window", "窗口坐诊"
    PHONE = "phone", "电话"
    ONLINE = "online", "线上"
    MEETING = "meeting", "会商会议"


class SpecialistTeam(TimeStampedModel):
    """点对点组团: specialists of several kinds serving the same enterprises together."""

    name = models.CharField("组团名称", max_length=60)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "助企服务组团"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="specialist_team_unique_name",
                violation_error_message="该区域已有同名组团",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Specialist(TimeStampedModel):
    name = models.CharField("姓名", max_length=40)
    kind = models.CharField("类别", max_length=12, choices=SpecialistKind.choices)
    employer = models.CharField("工作单位", max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        SpecialistTeam,
        verbose_name="组团",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="specialists",
    )
    start = models.DateField("任期开始")
    end = models.DateField("任期结束", null=True, blank=True)
    # An account with a role of its own (网格员, 指导员): it then sees and logs its own.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="specialist",
    )

    class Meta:
        verbose_name = verbose_name_plural = "助企服务专员"
        ordering = ["region__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name", "employer"],
                name="specialist_unique_person",
                violation_error_message="该区域已登记同名、同单位的专员",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="specialist_end_after_start",
                violation_error_message="任期结束不能早于开始",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def is_official(self) -> bool:
        return self.kind in OFFICIAL_KINDS


class Assignment(TimeStampedModel):
    """包联: a specialist serving one key enterprise for a period."""

    specialist = models.ForeignKey(
        Specialist, verbose_name="专员", on_delete=models.PROTECT, related_name="assignments"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="specialist_assignments",
    )
    start = models.DateField("包联开始")
    end = models.DateField("包联结束", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "专员包联企业"
        ordering = ["-start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "enterprise", "start"],
                name="assignment_unique_start",
                violation_error_message="该专员已于同日起包联该企业",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="assignment_end_after_start",
                violation_error_message="包联结束不能早于开始",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.specialist.name} — {self.enterprise.name}"


class Cadence(models.Model):
    """One of the five cadences of 网格连企 [L:平湖]; what each means is data a district admin
    edits (WORK.md §5 defaults [I]), with its source."""

    key = models.SlugField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    frequency = models.CharField("频次", max_length=10, choices=Frequency.choices)
    performer = models.CharField("由谁开展", max_length=100)
    done_when = models.CharField("何为完成", max_length=200)
    # 问诊 is logged when something is raised: a day without one is not a miss.
    counts_missed = models.BooleanField("未联系计为未落实", default=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "联系频次"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    """A contact of a specialist with an assigned enterprise, under one cadence."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="包联", on_delete=models.PROTECT, related_name="contacts"
    )
    cadence = models.ForeignKey(
        Cadence, verbose_name="联系频次", on_delete=models.PROTECT, related_name="contacts"
    )
    date = models.DateField("联系日期")
    mode = models.CharField("方式", max_length=10, choices=ContactMode.choices)
    findings = models.TextField("发现的情况和问题", max_length=2000)
    request = models.ForeignKey(
        "requests.Request",
        verbose_name="转办诉求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "专员联系记录"
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["assignment", "cadence", "date"], name="contact_assign_cad_idx"),
            models.Index(fields=["date"], name="contact_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.cadence.name}"
