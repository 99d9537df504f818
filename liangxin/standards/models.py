"""Standardization (WORK.md §2): versioned checklists (五有, 五到位, 六有, 4个名册·5本台账·8项制度),
each organization's result against one version, and inspections with their rectifications.

A checklist version is data a district admin edits while it is a draft; once published it is
never edited (a result keeps the version it used): a new version copies it
(services.template_new_version)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from liangxin.core.attachments import Attachment
from liangxin.core.models import TimeStampedModel, WorkflowEvent
from liangxin.organizations.models import OrgKind

# Items with no kinds of their own apply to these: the organizations a branch standard is
# written for (a 党委 or 党工委 leads others and keeps its own standard, a 党小组 none).
BRANCH_LIKE_KINDS = (
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
    OrgKind.JOINT_BRANCH,
    OrgKind.TEMPORARY_BRANCH,
)


class EvidenceKind(models.TextChoices):
    AUTO = "auto", "自动（平台数据）"
    ROSTER = "roster", "名册"
    LEDGER = "ledger", "台账"
    RULES = "rules", "制度"
    PHOTO = "photo", "照片"
    DOCUMENT = "document", "文件"
    NOTE = "note", "文字说明"


class ChecklistTemplate(TimeStampedModel):
    """One version of a named standard (五有, 五到位 …)."""

    name = models.CharField("标准名称", max_length=100)
    version = models.PositiveSmallIntegerField("版本号", default=1)
    effective_from = models.DateField("生效日期")
    source = models.CharField("来源", max_length=300, help_text="依据的文件或地方做法")
    description = models.TextField("说明", blank=True, default="")
    published = models.BooleanField("已发布", default=False)
    published_on = models.DateField("发布日期", null=True, blank=True)

    class Meta:
        verbose_name = "标准化清单"
        verbose_name_plural = "标准化清单"
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="checklist_template_version_unique",
                violation_error_message="该标准已有同一版本号",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="checklist_template_version_positive",
                violation_error_message="版本号从 1 开始",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_on__isnull=False),
                name="checklist_template_published_dated",
                violation_error_message="已发布的版本须有发布日期",
            ),
        ]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"


class ChecklistItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name="清单版本", on_delete=models.CASCADE, related_name="items"
    )
    group = models.CharField("分组", max_length=50, help_text="如：有组织、4个名册")
    text = models.CharField("内容", max_length=300)
    evidence_kind = models.CharField("佐证类型", max_length=10, choices=EvidenceKind.choices)
    auto_source = models.CharField(
        "自动数据来源", max_length=50, blank=True, default="", help_text="仅自动项填写"
    )
    applies_to = models.JSONField(
        "适用组织类别", default=list, blank=True, help_text="留空适用于党总支和各类党支部"
    )
    required = models.BooleanField("必备", default=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    source = models.CharField("出处", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "清单项目"
        verbose_name_plural = "清单项目"
        ordering = ["template", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "group", "text"],
                name="checklist_item_unique",
                violation_error_message="该清单版本已有同一分组下的同名项目",
            ),
            models.CheckConstraint(
                condition=(Q(evidence_kind=EvidenceKind.AUTO) & ~Q(auto_source=""))
                | (~Q(evidence_kind=EvidenceKind.AUTO) & Q(auto_source="")),
                name="checklist_item_auto_source",
                violation_error_message="自动项须指明自动数据来源；其他项不填自动数据来源",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_auto(self) -> bool:
        return self.evidence_kind == EvidenceKind.AUTO

    def applies(self, kind: str) -> bool:
        return kind in (self.applies_to or BRANCH_LIKE_KINDS)


class ResultStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "自查已提交"
    RETURNED = "returned", "镇核验退回"
    MET = "met", "达标认定"


class ChecklistResult(TimeStampedModel):
    """An organization's self-check and the town's check against one version, for a year."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="checklist_results",
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name="清单版本",
        on_delete=models.PROTECT,
        related_name="results",
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    submitted_on = models.DateField("自查提交日期", null=True, blank=True)
    met_on = models.DateField("达标认定日期", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True, default="")
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核验人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "标准化自查与核验"
        verbose_name_plural = "标准化自查与核验"
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "template", "year"],
                name="checklist_result_unique",
                violation_error_message="该党组织本年度已有此清单的自查记录",
            ),
            models.CheckConstraint(
                condition=~Q(status=ResultStatus.MET) | Q(met_on__isnull=False),
                name="checklist_result_met_dated",
                violation_error_message="达标认定须有认定日期",
            ),
            models.CheckConstraint(
                condition=~Q(status=ResultStatus.RETURNED) | ~Q(return_reason=""),
                name="checklist_result_return_reason",
                violation_error_message="退回须写明原因",
            ),
        ]
        indexes = [models.Index(fields=["template", "year", "status"], name="checklist_result_idx")]

    def __str__(self):
        return f"{self.organization}：{self.template}（{self.year}年）"


class ItemState(models.TextChoices):
    MET = "met", "达标"
    UNMET = "unmet", "未达标"
    NOT_APPLICABLE = "na", "不适用"


class ItemResult(models.Model):
    """One evidence item of a result: what the organization showed and what the town found."""

    result = models.ForeignKey(
        ChecklistResult, verbose_name="自查记录", on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name="清单项目", on_delete=models.PROTECT, related_name="results"
    )
    state = models.CharField("结果", max_length=6, choices=ItemState.choices, blank=True)
    note = models.TextField("说明", max_length=2000, blank=True, default="")
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核验人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_on = models.DateField("核验日期", null=True, blank=True)

    class Meta:
        verbose_name = "清单项目结果"
        verbose_name_plural = "清单项目结果"
        constraints = [
            models.UniqueConstraint(
                fields=["result", "item"],
                name="item_result_unique",
                violation_error_message="该项目已有结果",
            ),
        ]

    def __str__(self):
        return f"{self.item}：{self.get_state_display() or '未填写'}"


class ItemEvidence(Attachment):
    item_result = models.ForeignKey(
        ItemResult, verbose_name="项目结果", on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]


class ChecklistEvent(WorkflowEvent):
    """A step of a result's workflow (submitted, returned, met), with who and why."""

    result = models.ForeignKey(
        ChecklistResult, verbose_name="自查记录", on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField("状态", max_length=10, choices=ResultStatus.choices)

    class Meta:
        verbose_name = "自查核验记录"
        verbose_name_plural = "自查核验记录"
        ordering = ["at", "id"]

    def __str__(self):
        return self.get_status_display()


# --- inspections ----------------------------------------------------------------------------


class InspectionKind(models.TextChoices):
    UNANNOUNCED = "unannounced", "暗访检查"
    ONSITE = "onsite", "现场观摩"
    MONTHLY = "monthly", "月观摩"
    QUARTERLY = "quarterly", "季点评"
    SPECIAL = "special", "专项督查"


class InspectionMethod(models.TextChoices):
    VISIT = "visit", "实地走访"
    INTERVIEW = "interview", "个别访谈"
    RECORDS = "records", "查阅资料"
    SURVEY = "survey", "组织测评"


class Inspection(TimeStampedModel):
    kind = models.CharField("类别", max_length=12, choices=InspectionKind.choices)
    held_on = models.DateField("检查日期")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="组织检查的区域",
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    team = models.CharField("检查组", max_length=300, help_text="检查组成员或带队领导")
    targets = models.ManyToManyField(
        "organizations.PartyOrganization", verbose_name="检查对象", related_name="inspections"
    )
    methods = models.JSONField("检查方式", default=list, blank=True)
    summary = models.TextField("总体情况", max_length=4000, blank=True, default="")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    notice_number = models.CharField("通报文号", max_length=100, blank=True, default="")
    published = models.BooleanField("已通报", default=False)
    published_on = models.DateField("通报日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "督查检查"
        verbose_name_plural = "督查检查"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_on__isnull=False),
                name="inspection_published_dated",
                violation_error_message="已通报的检查须有通报日期",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1000)),
                name="inspection_score_range",
                violation_error_message="得分应在 0 到 1000 之间",
            ),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def hidden_from_targets(self) -> bool:
        """暗访: what was found stays with the inspectors until it is published."""
        return self.kind == InspectionKind.UNANNOUNCED and not self.published

    def method_labels(self) -> str:
        return "、".join(InspectionMethod(m).label for m in self.methods if m in InspectionMethod)


class Finding(models.Model):
    """What an inspection found at one organization, against a checklist item or in general."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="findings"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="inspection_findings",
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name="对应清单项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    text = models.TextField("发现问题", max_length=2000)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["inspection", "organization__path", "id"]

    def __str__(self):
        return self.text[:40]


class RectificationState(models.TextChoices):
    OPEN = "open", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    AWAITING = "awaiting", "待验收"
    CLOSED = "closed", "已销号"


class RectificationQuerySet(models.QuerySet):
    def overdue(self, on=None):
        on = on or timezone.localdate()
        return self.exclude(state=RectificationState.CLOSED).filter(due_on__lt=on)


class Rectification(TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="rectifications"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="整改党组织",
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name="对应问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    text = models.TextField("整改事项", max_length=2000)
    owner = models.CharField("责任人", max_length=50)
    due_on = models.DateField("整改期限")
    state = models.CharField(
        "状态",
        max_length=12,
        choices=RectificationState.choices,
        default=RectificationState.OPEN,
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="验收人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=RectificationState.CLOSED)
                | (Q(closed_on__isnull=False) & Q(verifier__isnull=False)),
                name="rectification_closed_verified",
                violation_error_message="销号须有验收人和销号日期",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(state=RectificationState.CLOSED),
                name="rectification_closed_on_only_closed",
                violation_error_message="未销号的整改事项不能有销号日期",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="rectification_due_idx")]

    def __str__(self):
        return self.text[:40]

    @property
    def is_overdue(self) -> bool:
        return self.state != RectificationState.CLOSED and self.due_on < timezone.localdate()


class RectificationEvidence(Attachment):
    rectification = models.ForeignKey(
        Rectification, verbose_name="整改事项", on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta:
        verbose_name = "整改佐证"
        verbose_name_plural = "整改佐证"
        ordering = ["uploaded_at", "id"]


class RectificationEvent(WorkflowEvent):
    rectification = models.ForeignKey(
        Rectification, verbose_name="整改事项", on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField("状态", max_length=12, choices=RectificationState.choices)

    class Meta:
        verbose_name = "整改流转记录"
        verbose_name_plural = "整改流转记录"
        ordering = ["at", "id"]

    def __str__(self):
        return self.get_state_display()
