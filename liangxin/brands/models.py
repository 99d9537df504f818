"""Brands and 标杆 (WORK.md §3, [L:平湖]): 一企一品 / 一业一品 / 一域一品 brand records with
their story, evidence and workflow (培育 → 待命名 → 命名 → 复核 | 撤销), and a district's
named drives (平湖 "151" 标杆) with tiers and targets, member projects and their nodes
(项目化、节点化、清单化、责任化).

What "151" stands for is not fixed by any rule: a programme's tiers (name, target count)
are data the district admin enters, each programme with its source."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from liangxin.core.attachments import Attachment
from liangxin.core.models import TimeStampedModel, WorkflowEvent


class BrandKind(models.TextChoices):
    ENTERPRISE = "enterprise", "一企一品"
    INDUSTRY = "industry", "一业一品"
    AREA = "area", "一域一品"


class BrandState(models.TextChoices):
    CULTIVATING = "cultivating", "培育"
    # Not one of WORK.md's four states: the holder's 申报 waiting for the district's word,
    # so that 退回 (with a reason) has something to send back.
    SUBMITTED = "submitted", "待命名"
    NAMED = "named", "命名"
    REVIEWED = "reviewed", "复核"
    REVOKED = "revoked", "撤销"


class Brand(TimeStampedModel):
    kind = models.CharField("品牌类别", max_length=10, choices=BrandKind.choices)
    name = models.CharField("品牌名称", max_length=100)
    holders = models.ManyToManyField(
        "organizations.PartyOrganization",
        verbose_name="所属党组织",
        related_name="brands",
        blank=True,
    )
    industry = models.CharField(
        "所属行业", max_length=100, blank=True, default="", help_text="一业一品填写"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="brands",
        help_text="一域一品为品牌所在区域；其他类别为所属党组织所在区域",
    )
    story = models.TextField("品牌故事", max_length=5000, blank=True, default="")
    state = models.CharField(
        "状态", max_length=12, choices=BrandState.choices, default=BrandState.CULTIVATING
    )
    named_on = models.DateField("命名日期", null=True, blank=True)
    reviewed_on = models.DateField("最近复核日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "党建品牌"
        verbose_name_plural = "党建品牌"
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="brand_name_unique_in_region",
                violation_error_message="该区域已有同名党建品牌",
            ),
            models.CheckConstraint(
                condition=~Q(kind=BrandKind.INDUSTRY) | ~Q(industry=""),
                name="brand_industry_named",
                violation_error_message="一业一品须填写所属行业",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[BrandState.NAMED, BrandState.REVIEWED])
                | Q(named_on__isnull=False),
                name="brand_named_dated",
                violation_error_message="已命名的品牌须有命名日期",
            ),
        ]
        indexes = [models.Index(fields=["kind", "state"], name="brand_kind_state_idx")]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def holder_label(self) -> str:
        """Who the brand belongs to, in words: an industry, a region or organizations."""
        if self.kind == BrandKind.INDUSTRY:
            return self.industry
        if self.kind == BrandKind.AREA:
            return self.region.name
        return "、".join(o.name for o in self.holders.all())


class BrandEvidence(Attachment):
    brand = models.ForeignKey(
        Brand, verbose_name="党建品牌", on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta:
        verbose_name = "品牌佐证材料"
        verbose_name_plural = "品牌佐证材料"
        ordering = ["uploaded_at", "id"]


class BrandAction(models.TextChoices):
    CREATE = "create", "登记培育"
    SUBMIT = "submit", "申报命名"
    RETURN = "return", "退回"
    NAME = "name", "命名"
    REVIEW = "review", "复核通过"
    REVOKE = "revoke", "撤销"


class BrandEvent(WorkflowEvent):
    brand = models.ForeignKey(
        Brand, verbose_name="党建品牌", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=10, choices=BrandAction.choices)
    state = models.CharField("状态", max_length=12, choices=BrandState.choices)

    class Meta:
        verbose_name = "品牌流转记录"
        verbose_name_plural = "品牌流转记录"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action__in=[BrandAction.RETURN, BrandAction.REVOKE]) | ~Q(comment=""),
                name="brand_event_reason",
                violation_error_message="退回和撤销须写明原因",
            ),
        ]

    def __str__(self):
        return self.get_action_display()


# --- programmes (151 标杆) -------------------------------------------------------------------


class Programme(TimeStampedModel):
    """A named drive: "151" 标杆, 8 示范典型 … its tiers say what the numbers stand for."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="组织区域",
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    start_year = models.PositiveSmallIntegerField("起始年度")
    end_year = models.PositiveSmallIntegerField("结束年度")
    description = models.TextField("说明", max_length=4000, blank=True, default="")
    source = models.CharField("来源", max_length=300, help_text="依据的文件或地方做法")

    class Meta:
        verbose_name = "标杆创建工程"
        verbose_name_plural = "标杆创建工程"
        ordering = ["-start_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="programme_name_unique_in_region",
                violation_error_message="该区域已有同名标杆创建工程",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="programme_years_ordered",
                violation_error_message="结束年度不能早于起始年度",
            ),
        ]

    def __str__(self):
        return self.name


class ProgrammeTier(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name="标杆创建工程", on_delete=models.CASCADE, related_name="tiers"
    )
    name = models.CharField("层级名称", max_length=50, help_text="如：示范标杆、行业标杆")
    target = models.PositiveIntegerField("目标数")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "标杆层级"
        verbose_name_plural = "标杆层级"
        ordering = ["programme", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="programme_tier_unique",
                violation_error_message="该工程已有同名层级",
            ),
            models.CheckConstraint(
                condition=Q(target__gte=1),
                name="programme_tier_target_positive",
                violation_error_message="目标数至少为 1",
            ),
        ]

    def __str__(self):
        return f"{self.name}（目标 {self.target}）"


class ProjectState(models.TextChoices):
    IN_PROGRESS = "in_progress", "创建中"
    ACHIEVED = "achieved", "已验收"
    WITHDRAWN = "withdrawn", "已退出"


class BenchmarkProject(TimeStampedModel):
    """One organization's 标杆 creation project: 一企一方案 with its nodes."""

    programme = models.ForeignKey(
        Programme, verbose_name="标杆创建工程", on_delete=models.PROTECT, related_name="projects"
    )
    tier = models.ForeignKey(
        ProgrammeTier, verbose_name="层级", on_delete=models.PROTECT, related_name="projects"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="benchmark_projects",
    )
    plan = models.TextField("创建方案", max_length=5000)
    owner = models.CharField("责任人", max_length=50)
    state = models.CharField(
        "状态", max_length=12, choices=ProjectState.choices, default=ProjectState.IN_PROGRESS
    )

    class Meta:
        verbose_name = "标杆创建项目"
        verbose_name_plural = "标杆创建项目"
        ordering = ["programme", "tier__order", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organization"],
                name="benchmark_project_unique",
                violation_error_message="该党组织已在本工程中立项",
            ),
        ]

    def __str__(self):
        return f"{self.organization.name}·{self.tier.name}"


class ProjectEvent(WorkflowEvent):
    project = models.ForeignKey(
        BenchmarkProject, verbose_name="标杆项目", on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField("状态", max_length=12, choices=ProjectState.choices)

    class Meta:
        verbose_name = "标杆项目流转记录"
        verbose_name_plural = "标杆项目流转记录"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ProjectState.WITHDRAWN) | ~Q(comment=""),
                name="project_event_withdraw_reason",
                violation_error_message="退出须写明原因",
            ),
        ]


class NodeState(models.TextChoices):
    PENDING = "pending", "未开始"
    ACTIVE = "active", "推进中"
    DONE = "done", "已完成"


class NodeQuerySet(models.QuerySet):
    def overdue(self, on=None):
        on = on or timezone.localdate()
        return self.exclude(state=NodeState.DONE).filter(
            due_on__lt=on, project__state=ProjectState.IN_PROGRESS
        )


class ProjectNode(TimeStampedModel):
    """A node of the plan (节点化), one list line (清单化) with its owner (责任化)."""

    project = models.ForeignKey(
        BenchmarkProject, verbose_name="标杆项目", on_delete=models.CASCADE, related_name="nodes"
    )
    title = models.CharField("节点任务", max_length=200)
    owner = models.CharField("责任人", max_length=50)
    due_on = models.DateField("完成时限")
    state = models.CharField(
        "状态", max_length=10, choices=NodeState.choices, default=NodeState.PENDING
    )
    progress_note = models.TextField("进展情况", max_length=2000, blank=True, default="")
    done_on = models.DateField("完成日期", null=True, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = "标杆项目节点"
        verbose_name_plural = "标杆项目节点"
        ordering = ["project", "order", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "title"],
                name="project_node_unique",
                violation_error_message="该项目已有同名节点",
            ),
            models.CheckConstraint(
                condition=(Q(state=NodeState.DONE) & Q(done_on__isnull=False))
                | (~Q(state=NodeState.DONE) & Q(done_on__isnull=True)),
                name="project_node_done_dated",
                violation_error_message="已完成的节点须有完成日期，未完成的不能有",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="project_node_due_idx")]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.state != NodeState.DONE and self.due_on < timezone.localdate()


class NodeEvidence(Attachment):
    node = models.ForeignKey(
        ProjectNode, verbose_name="项目节点", on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta:
        verbose_name = "节点佐证材料"
        verbose_name_plural = "节点佐证材料"
        ordering = ["uploaded_at", "id"]


class NodeEvent(WorkflowEvent):
    """A progress report on a node: the state reached and what was done."""

    node = models.ForeignKey(
        ProjectNode, verbose_name="项目节点", on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField("状态", max_length=10, choices=NodeState.choices)

    class Meta:
        verbose_name = "节点进展记录"
        verbose_name_plural = "节点进展记录"
        ordering = ["at", "id"]
