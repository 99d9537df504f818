"""政策联络员, 三联三会 and 党员联系职工 (WORK.md §5 "Enterprise services").

- 政策联络员 [L:泉州]: a liaison pushes a policy (PolicyNotice) to the enterprises assigned to
  them; each enterprise's receipt (NoticeReceipt) is confirmed by its head, and the time from
  publication to confirmation is counted in working hours against "半日直达" (rules catalog).
- 三联三会 [L:平湖]: the Party side's standing links to the company (LiaisonLink) and the
  meetings held with it (LiaisonMeeting; 泉州 adds two kinds).
- 党员联系职工 [L:泉州]: a member's pairing with staff or talents (MemberStaffLink) and the
  problems raised and solved through it (StaffProblem)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from liangxin.core.models import TimeStampedModel
from liangxin.core.validators import validate_dates_not_in_future

# --- 政策联络员 ------------------------------------------------------------------------


class PolicyLiaison(TimeStampedModel):
    """政策联络员: a person (usually a town or bureau official) serving a set of enterprises."""

    name = models.CharField("姓名", max_length=40)
    unit = models.CharField("单位及职务", max_length=100, blank=True, default="")
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name="联系企业", related_name="policy_liaisons"
    )
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "政策联络员"
        verbose_name_plural = "政策联络员"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="liaison_region_name_unique",
                violation_error_message="该区域已有同名的政策联络员",
            )
        ]

    def __str__(self):
        return self.name


class PolicyNotice(TimeStampedModel):
    """A policy a liaison brings to the heads of their enterprises (one receipt each)."""

    liaison = models.ForeignKey(
        PolicyLiaison, verbose_name="政策联络员", on_delete=models.PROTECT, related_name="notices"
    )
    title = models.CharField("政策名称", max_length=200)
    summary = models.TextField("内容摘要", max_length=2000)
    source = models.CharField(
        "发文单位及文号",
        max_length=200,
        blank=True,
        default="",
        help_text="如：市工信局 〔2026〕12号",
    )
    link = models.URLField("原文链接", max_length=500, blank=True, default="")
    published_at = models.DateTimeField("发布时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )

    class Meta:
        verbose_name = "政策推送"
        verbose_name_plural = "政策推送"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["liaison", "title", "published_at"],
                name="notice_unique",
                violation_error_message="该联络员已在同一时间推送过同名政策",
            )
        ]

    def __str__(self):
        return self.title


class NoticeReceipt(models.Model):
    """One enterprise's receipt of a notice: sent, then confirmed by the enterprise's head.
    ``due_at`` is the publication plus the goal in working hours (kept so the overdue list is
    one indexed filter); ``working_minutes`` the span counted at confirmation."""

    notice = models.ForeignKey(
        PolicyNotice, verbose_name="政策推送", on_delete=models.CASCADE, related_name="receipts"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="policy_receipts",
    )
    sent_at = models.DateTimeField("送达时间")
    due_at = models.DateTimeField("应确认时间")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    head_name = models.CharField("确认人（企业负责人）", max_length=40, blank=True, default="")
    head_post = models.CharField("确认人职务", max_length=40, blank=True, default="")
    working_minutes = models.PositiveIntegerField("用时（工作分钟）", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "政策送达回执"
        verbose_name_plural = "政策送达回执"
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "enterprise"],
                name="receipt_unique",
                violation_error_message="该企业已收到此条政策",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True)
                | (Q(confirmed_at__gte=F("sent_at")) & ~Q(head_name="") & ~Q(head_post="")),
                name="receipt_confirmed_complete",
                violation_error_message="确认时间不能早于送达时间，且须填写企业负责人姓名和职务",
            ),
        ]
        indexes = [models.Index(fields=["confirmed_at", "due_at"], name="receipt_open_idx")]

    def __str__(self):
        return f"{self.notice_id}→{self.enterprise_id}"

    @property
    def working_hours(self) -> float | None:
        return None if self.working_minutes is None else round(self.working_minutes / 60, 1)


# --- 三联三会 --------------------------------------------------------------------------


class LinkKind(models.TextChoices):
    SECRETARY_MANAGEMENT = "secretary_management", "书记联系高层"
    COMMITTEE_TEAM = "committee_team", "委员联系班组"
    MEMBER_STAFF = "member_staff", "党员联系职工"


class LiaisonLink(TimeStampedModel):
    """三联 [L:平湖]: a Party member's standing link to someone on the company side."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="liaison_links",
    )
    kind = models.CharField("联系类型", max_length=24, choices=LinkKind.choices)
    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+"
    )
    counterpart_name = models.CharField("联系对象姓名", max_length=40)
    counterpart_post = models.CharField("联系对象职务或班组", max_length=60)
    started_on = models.DateField("建立日期")

    dates_not_in_future = ("started_on",)

    class Meta:
        verbose_name = "三联对象"
        verbose_name_plural = "三联对象"
        ordering = ["organization__path", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "member", "counterpart_name"],
                name="liaison_link_unique",
                violation_error_message="该党员已登记过联系此人",
            )
        ]

    def clean(self):
        validate_dates_not_in_future(self)

    def __str__(self):
        return f"{self.member_id}—{self.counterpart_name}"


class MeetingKind(models.TextChoices):
    PARTY_ENTERPRISE = "party_enterprise", "党企沟通会"
    PARTY_MASSES = "party_masses", "党群议事会"
    DEMOCRATIC = "democratic", "民主恳谈会"
    JOINT = "joint", "党企联席会"  # 泉州
    MEMBERS = "members", "党员议事会"  # 泉州


class LiaisonMeeting(TimeStampedModel):
    """三会 [L:平湖; 泉州's two more kinds]: a meeting with its topics and outcomes."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="liaison_meetings",
    )
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField("召开日期")
    participants = models.PositiveIntegerField("参加人数")
    topics = models.TextField("议题", max_length=2000)
    issues_raised = models.PositiveIntegerField("提出问题数", default=0)
    suggestions_adopted = models.PositiveIntegerField("采纳建议数", default=0)
    outcome = models.TextField("结果与落实", max_length=2000, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )

    dates_not_in_future = ("held_on",)

    class Meta:
        verbose_name = "三会记录"
        verbose_name_plural = "三会记录"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "held_on"],
                name="liaison_meeting_unique",
                violation_error_message="该党组织当天已登记过同类会议",
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1),
                name="liaison_meeting_participants",
                violation_error_message="参加人数至少为 1",
            ),
        ]

    def clean(self):
        validate_dates_not_in_future(self)

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


# --- 党员联系职工 ------------------------------------------------------------------------


class StaffKind(models.TextChoices):
    STAFF = "staff", "职工"
    TALENT = "talent", "人才"


class MemberStaffLink(TimeStampedModel):
    """党员联系职工 [L:泉州]: a member paired with a worker or talent (minimal data)."""

    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+"
    )
    staff_name = models.CharField("职工姓名", max_length=40)
    staff_kind = models.CharField("类别", max_length=10, choices=StaffKind.choices)
    team = models.CharField("班组或部门", max_length=60, blank=True, default="")
    started_on = models.DateField("结对日期")

    dates_not_in_future = ("started_on",)

    class Meta:
        verbose_name = "党员联系职工"
        verbose_name_plural = "党员联系职工"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "staff_name", "team"],
                name="member_staff_link_unique",
                violation_error_message="该党员已与此职工结对",
            )
        ]

    def clean(self):
        validate_dates_not_in_future(self)

    def __str__(self):
        return f"{self.member_id}—{self.staff_name}"


class ProblemKind(models.TextChoices):
    DIFFICULTY = "difficulty", "困难"
    PRODUCTION = "production", "生产问题"


class StaffProblem(TimeStampedModel):
    """A problem a paired worker raised: a personal difficulty or a production problem."""

    link = models.ForeignKey(
        MemberStaffLink, verbose_name="结对", on_delete=models.CASCADE, related_name="problems"
    )
    kind = models.CharField("问题类别", max_length=12, choices=ProblemKind.choices)
    description = models.CharField("问题", max_length=500)
    raised_on = models.DateField("提出日期")
    solved_on = models.DateField("解决日期", null=True, blank=True)
    solution = models.CharField("解决方式", max_length=500, blank=True, default="")

    dates_not_in_future = ("raised_on", "solved_on")

    class Meta:
        verbose_name = "职工问题"
        verbose_name_plural = "职工问题"
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(solved_on__isnull=True)
                | (Q(solved_on__gte=F("raised_on")) & ~Q(solution="")),
                name="staff_problem_solved_complete",
                violation_error_message="解决日期不能早于提出日期，且须写明解决方式",
            )
        ]

    def clean(self):
        validate_dates_not_in_future(self)

    def __str__(self):
        return self.description
