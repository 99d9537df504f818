"""助企服务诉求 (WORK.md §5 "Enterprise services"): a request of an enterprise, from any
channel, through the closed loop 接收 → 受理 → 派单 → 办理 → 办结 → 回访 → 结案 (or 重办).

Categories, handling units and deadline rules are data a district edits; the deadline is
counted in working days on the platform's calendar (rules.workdays)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from liangxin.core.attachments import Attachment
from liangxin.core.models import TimeStampedModel, WorkflowEvent


class Channel(models.TextChoices):
    PLATFORM = "platform", "平台"
    HOTLINE = "hotline", "热线"
    WINDOW = "window", "窗口"
    GRID = "grid", "网格员"
    SPECIALIST = "specialist", "助企专员"
    LIAISON = "liaison", "政策联络员"
    INSTRUCTOR = "instructor", "指导员"
    SELF = "self", "企业自行提交"


class Urgency(models.TextChoices):
    URGENT = "urgent", "紧急"
    GENERAL = "general", "一般"
    COMPLEX = "complex", "复杂"


class SpanUnit(models.TextChoices):
    WORKDAYS = "workdays", "工作日"
    HOURS = "hours", "小时"


class State(models.TextChoices):
    RECEIVED = "received", "已接收"
    RETURNED = "returned", "待补充"
    ACCEPTED = "accepted", "已受理"
    ASSIGNED = "assigned", "已派单"
    HANDLING = "handling", "办理中"
    RESOLVED = "resolved", "已办结"
    UNRESOLVABLE = "unresolvable", "无法办理"
    FOLLOW_UP = "follow_up", "待回访"
    CLOSED = "closed", "已结案"


# Finished by the unit: counted as 办结 (closed) in the statistics.
FINISHED_STATES = (State.RESOLVED, State.UNRESOLVABLE, State.FOLLOW_UP, State.CLOSED)
# Still owed by the unit: the deadline runs (催办, 督办).
RUNNING_STATES = (State.ACCEPTED, State.ASSIGNED, State.HANDLING)


class Result(models.TextChoices):
    SOLVED = "solved", "解决"
    PARTLY = "partly", "部分解决"
    UNSOLVED = "unsolved", "未解决"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class RequestCategory(models.Model):
    """诉求类别: a small tree a district edits (WORK.md §5: data, ≤ 4 per request [L:江门])."""

    name = models.CharField("类别名称", max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=200, blank=True, default="")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "诉求类别"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="request_category_unique_name",
                violation_error_message="同一上级下已有同名类别",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="request_category_unique_root",
                violation_error_message="已有同名的一级类别",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}/{self.name}" if self.parent_id else self.name


class HandlingUnit(models.Model):
    """承办单位: a department or office a request is sent to (牵头 or 协办)."""

    name = models.CharField("单位名称", max_length=80)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "承办单位"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="handling_unit_unique_name",
                violation_error_message="该区域已有同名承办单位",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DeadlineRule(models.Model):
    """办理时限: urgency × (optionally) category → a span in working days or hours, with its
    source. A category's own row wins over the urgency's general row (category empty)."""

    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices)
    category = models.ForeignKey(
        RequestCategory,
        verbose_name="类别（空为通用）",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadline_rules",
    )
    span = models.PositiveIntegerField("时限", help_text="0 个工作日表示当个工作日内")
    unit = models.CharField("单位", max_length=10, choices=SpanUnit.choices)
    source = models.CharField("依据", max_length=300)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限规则"
        ordering = ["urgency", "category__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["urgency", "category"],
                name="deadline_rule_unique_category",
                violation_error_message="该紧急程度和类别已有时限规则",
            ),
            models.UniqueConstraint(
                fields=["urgency"],
                condition=Q(category__isnull=True),
                name="deadline_rule_unique_general",
                violation_error_message="该紧急程度已有通用时限规则",
            ),
            models.CheckConstraint(
                condition=Q(span__lte=1000),
                name="deadline_rule_span_bounded",
                violation_error_message="时限过长",
            ),
        ]

    def __str__(self) -> str:
        scope = self.category.name if self.category_id else "通用"
        return f"{self.get_urgency_display()}（{scope}）：{self.span_text}"

    @property
    def span_text(self) -> str:
        if self.unit == SpanUnit.WORKDAYS and self.span == 0:
            return "当个工作日"
        return f"{self.span} 个{self.get_unit_display()}"


class Request(TimeStampedModel):
    number = models.CharField("诉求编号", max_length=30)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    submitter_name = models.CharField("提出人", max_length=40)
    submitter_phone = models.CharField("联系电话", max_length=20, blank=True, default="")
    channel = models.CharField("渠道", max_length=12, choices=Channel.choices)
    categories = models.ManyToManyField(
        RequestCategory, verbose_name="类别", related_name="requests"
    )
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices)
    content = models.TextField("诉求内容", max_length=4000)
    lead_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_requests",
    )
    co_units = models.ManyToManyField(
        HandlingUnit, verbose_name="协办单位", blank=True, related_name="assisted_requests"
    )
    state = models.CharField("状态", max_length=14, choices=State.choices, default=State.RECEIVED)
    received_at = models.DateTimeField("接收时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    # The span in force (copied from the DeadlineRule at 受理: a later edit of the rule
    # does not move a running deadline) and the clock stopped in 待补充.
    span = models.PositiveIntegerField("办理时限", null=True, blank=True)
    span_unit = models.CharField(
        "时限单位", max_length=10, choices=SpanUnit.choices, blank=True, default=""
    )
    span_source = models.CharField("时限依据", max_length=300, blank=True, default="")
    paused_workdays = models.PositiveIntegerField("待补充占用工作日", default=0)
    paused_seconds = models.PositiveIntegerField("待补充占用时长（秒）", default=0)
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    # 催办 from this day (requests.urge_workdays working days before the due), set with the
    # due: the to-do list reads it without counting the calendar.
    urge_on = models.DateField("催办日期", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    workdays_taken = models.PositiveIntegerField("办理用时（工作日）", null=True, blank=True)
    answered_directly = models.BooleanField("直接答复", default=False)
    result = models.CharField("办理结果", max_length=10, choices=Result.choices, blank=True)
    result_reason = models.CharField("结果说明", max_length=500, blank=True, default="")
    public_answer = models.TextField("公开答复", max_length=4000, blank=True, default="")
    funds = models.DecimalField(
        "兑现资金（万元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    follow_up_due = models.DateField("回访期限", null=True, blank=True)
    satisfaction = models.CharField(
        "最近回访评价", max_length=14, choices=Satisfaction.choices, blank=True
    )
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "诉求"
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="request_unique_number",
                violation_error_message="诉求编号已存在",
            ),
            models.CheckConstraint(
                condition=Q(funds__isnull=True) | Q(funds__gte=0),
                name="request_funds_not_negative",
                violation_error_message="兑现资金不能为负数",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="request_state_due_idx"),
            models.Index(fields=["received_at"], name="request_received_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise.name}"


class RequestFile(Attachment):
    request = models.ForeignKey(
        Request, verbose_name="诉求", on_delete=models.CASCADE, related_name="files"
    )

    class Meta:
        verbose_name = verbose_name_plural = "诉求附件"


class Action(models.TextChoices):
    RECEIVE = "receive", "接收"
    ACCEPT = "accept", "受理"
    RETURN = "return", "退回补充"
    RESUBMIT = "resubmit", "补充提交"
    ANSWER_DIRECTLY = "answer_directly", "直接答复"
    ASSIGN = "assign", "派单"
    UNIT_RETURN = "unit_return", "承办单位退回"
    START = "start", "签收办理"
    EXTEND_ASK = "extend_ask", "申请延期"
    EXTEND_APPROVE = "extend_approve", "批准延期"
    EXTEND_REJECT = "extend_reject", "驳回延期"
    RESOLVE = "resolve", "办结"
    UNABLE = "unable", "无法办理"
    REPLY = "reply", "答复企业"
    FOLLOW_UP = "follow_up", "回访"
    CLOSE = "close", "结案"
    REOPEN = "reopen", "重办"
    URGE = "urge", "催办"
    SUPERVISE = "supervise", "督办"


class RequestEvent(WorkflowEvent):
    request = models.ForeignKey(
        Request, verbose_name="诉求", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    from_state = models.CharField("原状态", max_length=14, choices=State.choices, blank=True)
    to_state = models.CharField("新状态", max_length=14, choices=State.choices)

    class Meta:
        verbose_name = verbose_name_plural = "诉求办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_action_display()}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


class Extension(models.Model):
    """延期申请: asked before the due, at most one approved, no longer than the first span
    (WORK.md §5 defaults [I]; 12345 rules: extension asked before due, approved)."""

    request = models.ForeignKey(
        Request, verbose_name="诉求", on_delete=models.CASCADE, related_name="extensions"
    )
    reason = models.CharField("延期理由", max_length=500)
    old_due_at = models.DateTimeField("原期限")
    new_due_at = models.DateTimeField("申请延至")
    asked_at = models.DateTimeField("申请时间")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "审批状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.CharField("审批意见", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_at__gt=models.F("old_due_at")),
                name="extension_later_due",
                violation_error_message="延期后的期限须晚于原期限",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="approved"),
                name="extension_one_approved",
                violation_error_message="每件诉求只能延期一次",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="pending"),
                name="extension_one_pending",
                violation_error_message="已有待审批的延期申请",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} 延期至 {self.new_due_at:%Y-%m-%d}"


class FollowUpMethod(models.TextChoices):
    PHONE = "phone", "电话"
    VISIT = "visit", "上门"
    ONLINE = "online", "线上"
    SMS = "sms", "短信"


class FollowUp(models.Model):
    """回访: the working day after 办结 by default; 不满意 may reopen the request."""

    request = models.ForeignKey(
        Request, verbose_name="诉求", on_delete=models.CASCADE, related_name="follow_ups"
    )
    on = models.DateField("回访日期")
    method = models.CharField("回访方式", max_length=10, choices=FollowUpMethod.choices)
    satisfaction = models.CharField("评价", max_length=14, choices=Satisfaction.choices)
    note = models.CharField("回访记录", max_length=500, blank=True, default="")
    reopened = models.BooleanField("转重办", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "回访记录"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.request.number} 回访 {self.get_satisfaction_display()}"
