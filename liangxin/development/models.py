"""发展党员: a development case runs the five stages and 25 steps of 发展党员工作细则.

The case holds the key dates as fields (the rules read them); every recorded
step is also a typed event row (``CaseStep``) with the acting user
(ARCHITECTURE.md example 5). Admission creates the ``members.Member`` record.
"""

from django.conf import settings
from django.db import models

from liangxin.core.models import (
    DUPLICATE_ID_NUMBER,
    Gender,
    PersonalDataModel,
    phone_digest_index,
)
from liangxin.members.models import Education, PostLevel


class Stage(models.IntegerChoices):
    """The five stages of 《中国共产党发展党员工作细则》(中办发〔2014〕33号), chapters 2–6."""

    APPLICATION = 1, "申请入党"
    ACTIVIST = 2, "入党积极分子的确定和培养教育"
    TARGET = 3, "发展对象的确定和考察"
    ADMISSION = 4, "预备党员的接收"
    PROBATION = 5, "预备党员的教育考察和转正"


class Step(models.IntegerChoices):
    """The 25 steps of the same 细则, numbered as the organization departments' flow charts do."""

    APPLICATION = 1, "递交入党申请书"
    TALK = 2, "党组织派人谈话"
    ACTIVIST = 3, "推荐和确定入党积极分子"
    ACTIVIST_FILED = 4, "报上级党委备案"
    CONTACTS = 5, "指定培养联系人"
    EDUCATION = 6, "培养教育考察"
    TARGET = 7, "确定发展对象"
    TARGET_FILED = 8, "报上级党委备案（发展对象）"
    INTRODUCERS = 9, "确定入党介绍人"
    POLITICAL_REVIEW = 10, "进行政治审查"
    TRAINING = 11, "开展集中培训"
    COMMITTEE_REVIEW = 12, "支部委员会审查"
    PRE_REVIEW = 13, "上级党委预审（含公示）"
    APPLICATION_FORM = 14, "填写入党志愿书"
    BRANCH_MEETING = 15, "支部大会讨论"
    COMMITTEE_TALK = 16, "上级党委派人谈话"
    APPROVAL = 17, "上级党委审批"
    APPROVAL_FILED = 18, "再上一级党委组织部门备案"
    ASSIGNED = 19, "编入党支部和党小组"
    OATH = 20, "入党宣誓"
    CONTINUED_EDUCATION = 21, "继续教育考察"
    FULL_APPLICATION = 22, "提出转正申请"
    FULL_MEETING = 23, "支部大会讨论转正（含公示）"
    FULL_APPROVAL = 24, "上级党委审批转正"
    ARCHIVED = 25, "材料归档"


# The last step of each stage; a step belongs to the first stage whose last step it does not pass.
STAGE_LAST_STEP = {
    Stage.APPLICATION: Step.TALK,
    Stage.ACTIVIST: Step.EDUCATION,
    Stage.TARGET: Step.TRAINING,
    Stage.ADMISSION: Step.APPROVAL_FILED,
    Stage.PROBATION: Step.ARCHIVED,
}


def stage_of(step: int) -> Stage:
    return next(stage for stage, last in STAGE_LAST_STEP.items() if step <= last)


class CaseStatus(models.TextChoices):
    OPEN = "open", "进行中"
    FULL = "full", "已转正"
    CLOSED = "closed", "已终止"


class FullDecision(models.TextChoices):
    """The branch meeting's decision when probation ends (党章 第七条)."""

    FULL = "full", "按期转为正式党员"
    EXTEND = "extend", "延长预备期"


class DevelopmentCase(PersonalDataModel):
    """One person's way from application to full membership."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    education = models.CharField(
        "学历", max_length=10, choices=Education.choices, blank=True, default=""
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        related_name="development_cases",
    )
    employer = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="工作单位",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_cases",
    )
    post_level = models.CharField(
        "岗位层级", max_length=12, choices=PostLevel.choices, blank=True, default=""
    )
    status = models.CharField(
        "状态", max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    stage = models.PositiveSmallIntegerField(
        "当前阶段", choices=Stage.choices, default=Stage.APPLICATION
    )
    step = models.PositiveSmallIntegerField("当前步骤", choices=Step.choices, default=1)

    # Stage 1 申请入党
    applied_on = models.DateField("递交入党申请书日期")
    talked_on = models.DateField("谈话日期", null=True, blank=True)
    # Stage 2 入党积极分子
    activist_on = models.DateField("确定入党积极分子日期", null=True, blank=True)
    evaluations = models.PositiveSmallIntegerField("培养考察次数", default=0)
    # Stage 3 发展对象
    target_on = models.DateField("确定发展对象日期", null=True, blank=True)
    political_review_on = models.DateField("政治审查日期", null=True, blank=True)
    training_start_on = models.DateField("集中培训开始日期", null=True, blank=True)
    training_end_on = models.DateField("集中培训结束日期", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("集中培训学时", null=True, blank=True)
    # Stage 4 预备党员的接收
    notice_start_on = models.DateField("发展公示开始日期", null=True, blank=True)
    notice_end_on = models.DateField("发展公示结束日期", null=True, blank=True)
    branch_meeting_on = models.DateField(
        "支部大会通过日期（入党日期）", null=True, blank=True, db_index=True
    )
    approved_on = models.DateField("上级党委审批日期", null=True, blank=True)
    # Stage 5 预备期和转正
    oath_on = models.DateField("入党宣誓日期", null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField("延长预备期（月）", default=0)
    probation_ends_on = models.DateField(
        "预备期满日期", null=True, blank=True, db_index=True, editable=False
    )
    full_notice_start_on = models.DateField("转正公示开始日期", null=True, blank=True)
    full_notice_end_on = models.DateField("转正公示结束日期", null=True, blank=True)
    full_decision = models.CharField(
        "转正决定", max_length=8, choices=FullDecision.choices, blank=True, default=""
    )
    full_meeting_on = models.DateField("支部大会讨论转正日期", null=True, blank=True)
    full_approved_on = models.DateField("上级党委审批转正日期", null=True, blank=True)

    introducer_first = models.ForeignKey(
        "members.Member",
        verbose_name="入党介绍人（一）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    introducer_second = models.ForeignKey(
        "members.Member",
        verbose_name="入党介绍人（二）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_first = models.ForeignKey(
        "members.Member",
        verbose_name="培养联系人（一）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_second = models.ForeignKey(
        "members.Member",
        verbose_name="培养联系人（二）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.OneToOneField(
        "members.Member",
        verbose_name="党员档案",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="development_case",
    )
    closed_reason = models.CharField("终止原因", max_length=200, blank=True, default="")
    note = models.TextField("备注", max_length=2000, blank=True, default="")

    class Meta:
        verbose_name = "发展党员"
        verbose_name_plural = "发展党员"
        ordering = ["-applied_on", "id"]
        indexes = [
            models.Index(fields=["organization", "status", "stage"], name="devcase_org_idx"),
            models.Index(fields=["id_number_digest"], name="devcase_id_digest_idx"),
            phone_digest_index("devcase"),
        ]
        constraints = [
            # One open case per person; a closed or finished one may be followed by another.
            models.UniqueConstraint(
                fields=["id_number_digest"],
                condition=models.Q(status="open"),
                name="devcase_open_id_number_unique",
                violation_error_message="该公民身份号码已有进行中的发展党员记录",
                violation_error_code=DUPLICATE_ID_NUMBER,
            ),
            models.CheckConstraint(
                condition=models.Q(extension_months=0)
                | models.Q(full_decision="extend")
                | models.Q(full_decision="full"),
                name="devcase_extension_decided",
                violation_error_message="延长预备期须由支部大会作出决定",
            ),
        ]

    def __str__(self):
        return self.name


class CaseStep(models.Model):
    """A recorded step: date, note, document and the user who recorded it."""

    case = models.ForeignKey(
        DevelopmentCase, verbose_name="发展党员", on_delete=models.CASCADE, related_name="steps"
    )
    step = models.PositiveSmallIntegerField("步骤", choices=Step.choices)
    done_on = models.DateField("日期")
    note = models.CharField("说明", max_length=500, blank=True, default="")
    document = models.CharField(
        "材料名称", max_length=200, blank=True, default="", help_text="如：入党申请书、谈话记录"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "发展党员步骤"
        verbose_name_plural = "发展党员步骤"
        ordering = ["done_on", "step", "id"]
        indexes = [models.Index(fields=["case", "step"], name="casestep_case_step_idx")]

    def __str__(self):
        return f"{self.get_step_display()}（{self.done_on:%Y-%m-%d}）"

    @property
    def stage(self) -> Stage:
        return stage_of(self.step)
