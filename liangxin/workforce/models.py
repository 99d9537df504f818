from django.conf import settings
from django.db import models
from django.db.models import F, Q

from liangxin.core.attachments import Attachment
from liangxin.core.models import (
    DUPLICATE_ID_NUMBER,
    PersonalDataModel,
    TimeStampedModel,
    WorkflowEvent,
    phone_digest_index,
)
from liangxin.core.pinyin import NameInitials, initials_field, initials_index


class InstructorSource(models.TextChoices):
    AGENCY = "agency", "机关派驻"
    HIRED = "hired", "社会化选聘"
    PART_TIME = "part_time", "兼职"


class Instructor(NameInitials, PersonalDataModel):
    """党建指导员: person, source, assigned enterprises (the workforce module comes later)."""

    name = models.CharField("姓名", max_length=50)
    name_initials = initials_field()
    source = models.CharField("来源", max_length=10, choices=InstructorSource.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="instructors",
        null=True,
        blank=True,
        help_text="管理该指导员的区域；为空时按联系企业所在区域确定可见范围",
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name="联系企业",
        blank=True,
        related_name="instructors",
    )
    active = models.BooleanField("在岗", default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructor",
    )

    class Meta:
        verbose_name = "党建指导员"
        verbose_name_plural = "党建指导员"
        ordering = ["name", "id"]
        # Meta indexes, not db_index: no LIKE-prefix twins on PostgreSQL (see Member).
        indexes = [
            models.Index(fields=["name"], name="instructor_name_idx"),
            initials_index("instructor_initials_idx"),
            phone_digest_index("instructor"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                name="instructor_id_number_unique",
                violation_error_message="该公民身份号码已登记为党建指导员",
                violation_error_code=DUPLICATE_ID_NUMBER,
            ),
        ]

    def __str__(self):
        return self.name


# --- appointments and visits (WORK.md §4) ---------------------------------------------------


class AssignmentState(models.TextChoices):
    ACTIVE = "active", "在任"
    EXPIRED = "expired", "期满"
    ADJUSTED = "adjusted", "调整"
    RECALLED = "recalled", "召回"


class Assignment(TimeStampedModel):
    """派驻: one instructor's appointment to enterprises and organizations for a term."""

    instructor = models.ForeignKey(
        Instructor, verbose_name="党建指导员", on_delete=models.PROTECT, related_name="assignments"
    )
    source = models.CharField("来源", max_length=10, choices=InstructorSource.choices)
    dispatching_unit = models.CharField("派出单位", max_length=100, blank=True, default="")
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name="联系企业",
        through="AssignedEnterprise",
        related_name="instructor_assignments",
    )
    organizations = models.ManyToManyField(
        "organizations.PartyOrganization",
        verbose_name="联系党组织",
        blank=True,
        related_name="instructor_assignments",
    )
    starts_on = models.DateField("任期开始")
    ends_on = models.DateField("任期结束")
    state = models.CharField(
        "状态", max_length=10, choices=AssignmentState.choices, default=AssignmentState.ACTIVE
    )

    class Meta:
        verbose_name = "指导员派驻"
        verbose_name_plural = "指导员派驻"
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="workforce_assignment_dates",
                violation_error_message="任期结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=Q(state__in=AssignmentState.values),
                name="workforce_assignment_state_valid",
                violation_error_message="派驻状态无效",
            ),
        ]

    def __str__(self):
        return f"{self.instructor.name}（{self.starts_on:%Y-%m-%d}—{self.ends_on:%Y-%m-%d}）"


class AssignedEnterprise(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "派驻联系企业"
        verbose_name_plural = "派驻联系企业"
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "enterprise"],
                name="workforce_assigned_enterprise_unique",
                violation_error_message="该企业已在本次派驻中",
            )
        ]

    def __str__(self):
        return f"{self.assignment_id}:{self.enterprise_id}"


class AssignmentEvent(WorkflowEvent):
    """在任 → 期满 | 调整 | 召回: the step, its reason (``comment``) and who approved it."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="派驻", on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField("状态", max_length=10, choices=AssignmentState.choices)
    approver = models.CharField("批准人", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "派驻变动"
        verbose_name_plural = "派驻变动"
        ordering = ["at", "id"]


class VisitMode(models.TextChoices):
    ONSITE = "onsite", "实地"
    PHONE = "phone", "电话"
    ONLINE = "online", "线上"


class Visit(TimeStampedModel):
    """工作日志: what the instructor did at one enterprise on one day."""

    instructor = models.ForeignKey(
        Instructor, verbose_name="党建指导员", on_delete=models.PROTECT, related_name="visits"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name="派驻", on_delete=models.PROTECT, related_name="visits"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="走访企业",
        on_delete=models.PROTECT,
        related_name="instructor_visits",
    )
    visited_on = models.DateField("走访日期")
    mode = models.CharField("方式", max_length=10, choices=VisitMode.choices)
    topics = models.TextField("指导内容", max_length=2000, blank=True, default="")
    checklist_items = models.ManyToManyField(
        "standards.ChecklistItem", verbose_name="对照清单项目", blank=True, related_name="+"
    )
    problems = models.TextField("发现问题", max_length=2000, blank=True, default="")
    follow_up = models.TextField("后续跟进", max_length=2000, blank=True, default="")
    safety_checked = models.BooleanField("已开展安全生产检查", default=False)

    class Meta:
        verbose_name = "走访工作日志"
        verbose_name_plural = "走访工作日志"
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "visited_on"], name="workforce_visit_ent_date_idx"),
            models.Index(fields=["instructor", "visited_on"], name="workforce_visit_ins_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=VisitMode.values),
                name="workforce_visit_mode_valid",
                violation_error_message="走访方式无效",
            ),
            # A second tap on 保存 from a phone must not log the visit twice.
            models.UniqueConstraint(
                fields=["instructor", "enterprise", "visited_on"],
                name="workforce_visit_once_a_day",
                violation_error_message="该企业当天已有您的走访记录，请在原记录中补充",
            ),
        ]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise}"


class VisitPhoto(Attachment):
    visit = models.ForeignKey(
        Visit, verbose_name="走访", on_delete=models.CASCADE, related_name="photos"
    )

    class Meta:
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"


class Hazard(models.Model):
    """安全隐患 found at a visit; closed (rectified) at a later visit [L:川姜]."""

    visit = models.ForeignKey(
        Visit, verbose_name="发现于走访", on_delete=models.CASCADE, related_name="hazards"
    )
    text = models.CharField("隐患描述", max_length=500)
    rectify_by = models.DateField("整改期限")
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    closed_at = models.ForeignKey(
        Visit,
        verbose_name="复查走访",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_hazards",
    )

    class Meta:
        verbose_name = "安全隐患"
        verbose_name_plural = "安全隐患"
        ordering = ["rectify_by", "id"]
        indexes = [
            models.Index(fields=["rectified_on", "rectify_by"], name="workforce_hazard_open_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rectified_on__isnull=True, closed_at__isnull=True)
                | Q(rectified_on__isnull=False, closed_at__isnull=False),
                name="workforce_hazard_closed_at_visit",
                violation_error_message="整改完成须在复查走访中登记",
            ),
            models.CheckConstraint(
                condition=~Q(closed_at=F("visit")),
                name="workforce_hazard_closed_later",
                violation_error_message="隐患须在之后的走访中复查销号",
            ),
        ]

    def __str__(self):
        return self.text


# Party workers, certification, training, the talent pool and partners (WORK.md §4) live in
# their own module; imported here so Django registers them with this app.
from liangxin.workforce.models_people import *  # noqa: E402, F403
