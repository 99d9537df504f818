"""Star rating and classification (评星定级, 分类定级; WORK.md §3).

A ``Rubric`` version is data a district admin edits (model, dimensions, items, veto list,
bands, satisfaction caps, distribution caps, category parameters), each with its source.
A version a cycle has used is never edited: a new version is copied
(services.rubric_new_version), and a result keeps the version it used through its cycle.

A ``RatingCycle`` rates the organizations of a region the rubric applies to; each
``Rating`` keeps three scores per item (self, town, district) with their comments, the
veto answers, the satisfaction rate and the computed result (engine.py does the
arithmetic). Objections are answered during the 公示; ``RatingChange`` records each move
of an organization's stars (升星/降星 at a cycle's end, 摘星 at once after a veto).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from liangxin.core.models import TimeStampedModel, WorkflowEvent
from liangxin.organizations.models import StarCategory

POINTS = {"max_digits": 6, "decimal_places": 2}
SHARE = {"max_digits": 5, "decimal_places": 4}


class RubricModel(models.TextChoices):
    BANDS = "bands", "分档定星（总分对应星级）"
    DIMENSION_STARS = "dimension_stars", "逐项争星（每个维度达标得一星）"
    GRADES = "grades", "分类定级（好、较好、一般、较差）"


class Rubric(TimeStampedModel):
    """One version of a named rating scheme."""

    name = models.CharField("细则名称", max_length=100)
    version = models.PositiveSmallIntegerField("版本号", default=1)
    effective_from = models.DateField("生效日期")
    model = models.CharField("评定模型", max_length=16, choices=RubricModel.choices)
    star_count = models.PositiveSmallIntegerField(
        "星级数", default=5, choices=[(5, "五星制"), (6, "六星制")]
    )
    cycle_years = models.PositiveSmallIntegerField(
        "评定周期（年）", default=1, choices=[(1, "每年"), (2, "每两年")]
    )
    applies_to = models.JSONField(
        "适用组织类别", default=list, blank=True, help_text="留空适用于党委、党总支和各类党支部"
    )
    bonus_cap = models.DecimalField("加分上限", default=0, **POINTS)
    satisfaction_weight = models.DecimalField(
        "群众满意度权重", default=0, help_text="如 0.30 表示占 30%；0 为不计入总分", **SHARE
    )
    # 示范/达标/成长/孵化 default rule (WORK.md §3 [I]): its numbers are data.
    standard_min_level = models.PositiveSmallIntegerField(
        "达标类最低星级（等次）", default=3, help_text="达标类须达到的星级；分类定级时为等次序号"
    )
    incubating_months = models.PositiveSmallIntegerField("孵化类：成立不满（月）", default=12)
    incubating_min_members = models.PositiveSmallIntegerField(
        "孵化类：正式党员少于（名）", default=3
    )
    source = models.TextField("来源", help_text="依据的文件或地方做法")
    description = models.TextField("说明", blank=True, default="")

    class Meta:
        verbose_name = "评星定级细则"
        verbose_name_plural = "评星定级细则"
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="rating_rubric_version_unique",
                violation_error_message="该细则已有同一版本号",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="rating_rubric_version_positive",
                violation_error_message="版本号从 1 开始",
            ),
            models.CheckConstraint(
                condition=Q(star_count__in=(5, 6)),
                name="rating_rubric_star_count",
                violation_error_message="星级数只能是 5 或 6",
            ),
            models.CheckConstraint(
                condition=Q(cycle_years__in=(1, 2)),
                name="rating_rubric_cycle_years",
                violation_error_message="评定周期只能是 1 年或 2 年",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction_weight__gte=0, satisfaction_weight__lt=1),
                name="rating_rubric_satisfaction_weight",
                violation_error_message="群众满意度权重应在 0 到 1 之间（不含 1）",
            ),
            models.CheckConstraint(
                condition=Q(bonus_cap__gte=0),
                name="rating_rubric_bonus_cap",
                violation_error_message="加分上限不能为负数",
            ),
        ]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"

    @property
    def rates_stars(self) -> bool:
        return self.model != RubricModel.GRADES


class Dimension(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name="细则", on_delete=models.CASCADE, related_name="dimensions"
    )
    name = models.CharField("维度", max_length=50)
    max_points = models.DecimalField("满分", **POINTS)
    star_share = models.DecimalField(
        "得星比例",
        null=True,
        blank=True,
        help_text="逐项争星时，得分达到满分的此比例即得一星，如 0.85 或 0.80",
        **SHARE,
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评分维度"
        verbose_name_plural = "评分维度"
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "name"],
                name="rating_dimension_unique",
                violation_error_message="该细则已有同名维度",
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="rating_dimension_points_positive",
                violation_error_message="维度满分须大于 0",
            ),
            models.CheckConstraint(
                condition=Q(star_share__isnull=True) | Q(star_share__gt=0, star_share__lte=1),
                name="rating_dimension_star_share",
                violation_error_message="得星比例应大于 0 且不超过 1",
            ),
        ]

    def __str__(self):
        return self.name


class ItemKind(models.TextChoices):
    AUTO = "auto", "自动（平台数据）"
    ASSESSED = "assessed", "评分（佐证材料）"


class Item(models.Model):
    dimension = models.ForeignKey(
        Dimension, verbose_name="维度", on_delete=models.CASCADE, related_name="items"
    )
    text = models.CharField("评分内容", max_length=300)
    max_points = models.DecimalField("分值", **POINTS)
    kind = models.CharField("评分方式", max_length=10, choices=ItemKind.choices)
    auto_source = models.CharField("自动数据来源", max_length=50, blank=True, default="")
    evidence_hint = models.CharField("佐证要求", max_length=300, blank=True, default="")
    is_bonus = models.BooleanField(
        "加分项", default=False, help_text="加分合计不超过细则的加分上限"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评分项目"
        verbose_name_plural = "评分项目"
        ordering = ["dimension__order", "dimension_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "text"],
                name="rating_item_unique",
                violation_error_message="该维度已有同一评分内容",
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="rating_item_points_positive",
                violation_error_message="项目分值须大于 0",
            ),
            models.CheckConstraint(
                condition=(Q(kind=ItemKind.AUTO) & ~Q(auto_source=""))
                | (~Q(kind=ItemKind.AUTO) & Q(auto_source="")),
                name="rating_item_auto_source",
                violation_error_message="自动项须指明自动数据来源；评分项不填自动数据来源",
            ),
        ]

    def __str__(self):
        return self.text


class VetoItem(models.Model):
    """一票否决: one answered "yes" leaves the organization without a star that cycle."""

    rubric = models.ForeignKey(
        Rubric, verbose_name="细则", on_delete=models.CASCADE, related_name="vetoes"
    )
    text = models.CharField("否决情形", max_length=300)
    source = models.CharField("来源", max_length=300, blank=True, default="")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "一票否决项"
        verbose_name_plural = "一票否决项"
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "text"],
                name="rating_veto_unique",
                violation_error_message="该细则已有同一否决情形",
            ),
        ]

    def __str__(self):
        return self.text


class Band(models.Model):
    """A threshold row: from ``min_points`` the result is ``level`` (stars, or a grade's rank
    with 好 highest). Under 逐项争星 the level is the count of stars and needs no band."""

    rubric = models.ForeignKey(
        Rubric, verbose_name="细则", on_delete=models.CASCADE, related_name="bands"
    )
    min_points = models.DecimalField("最低分", **POINTS)
    level = models.PositiveSmallIntegerField("星级（等次序号）")
    label = models.CharField("名称", max_length=20, help_text="如：五星、好")

    class Meta:
        verbose_name = "分档"
        verbose_name_plural = "分档"
        ordering = ["rubric", "-min_points"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "level"],
                name="rating_band_level_unique",
                violation_error_message="该细则已有同一星级（等次）的分档",
            ),
            models.UniqueConstraint(
                fields=["rubric", "min_points"],
                name="rating_band_points_unique",
                violation_error_message="该细则已有同一最低分的分档",
            ),
            models.CheckConstraint(
                condition=Q(min_points__gte=0),
                name="rating_band_points_nonnegative",
                violation_error_message="最低分不能为负数",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=6),
                name="rating_band_level_range",
                violation_error_message="星级（等次序号）应在 1 到 6 之间",
            ),
        ]

    def __str__(self):
        return f"≥{self.min_points}：{self.label}"


class SatisfactionCap(models.Model):
    """Satisfaction below ``below`` % caps the result at ``max_level``."""

    rubric = models.ForeignKey(
        Rubric, verbose_name="细则", on_delete=models.CASCADE, related_name="satisfaction_caps"
    )
    below = models.DecimalField("满意度低于（%）", **POINTS)
    max_level = models.PositiveSmallIntegerField("最高星级（等次序号）")
    source = models.CharField("来源", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "满意度封顶"
        verbose_name_plural = "满意度封顶"
        ordering = ["rubric", "below"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "below"],
                name="rating_satisfaction_cap_unique",
                violation_error_message="该细则已有同一满意度界限",
            ),
            models.CheckConstraint(
                condition=Q(below__gt=0, below__lte=100),
                name="rating_satisfaction_cap_range",
                violation_error_message="满意度界限应在 0 到 100 之间",
            ),
        ]

    def __str__(self):
        return f"满意度<{self.below}%：最高{self.max_level}"


class DistributionCap(models.Model):
    """At most ``max_share`` of the rated organizations at ``level`` (a warning, never a block)."""

    rubric = models.ForeignKey(
        Rubric, verbose_name="细则", on_delete=models.CASCADE, related_name="distribution_caps"
    )
    level = models.PositiveSmallIntegerField("星级（等次序号）")
    max_share = models.DecimalField("最高占比", help_text="如 0.10 表示不超过 10%", **SHARE)
    source = models.CharField("来源", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "比例控制"
        verbose_name_plural = "比例控制"
        ordering = ["rubric", "-level"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "level"],
                name="rating_distribution_cap_unique",
                violation_error_message="该细则已有此星级（等次）的比例控制",
            ),
            models.CheckConstraint(
                condition=Q(max_share__gt=0, max_share__lte=1),
                name="rating_distribution_cap_share",
                violation_error_message="最高占比应大于 0 且不超过 1",
            ),
        ]

    def __str__(self):
        return f"{self.level}：≤{self.max_share}"


# --- cycles and ratings ---------------------------------------------------------------------


class CycleState(models.TextChoices):
    OPEN = "open", "开启"
    REVIEWING = "reviewing", "评审中"
    PUBLICIZING = "publicizing", "公示中"
    FINALIZED = "finalized", "已定级"
    ARCHIVED = "archived", "归档"


class RatingCycle(TimeStampedModel):
    rubric = models.ForeignKey(
        Rubric, verbose_name="细则版本", on_delete=models.PROTECT, related_name="cycles"
    )
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "regions.Region", verbose_name="评定范围", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=12, choices=CycleState.choices, default=CycleState.OPEN
    )
    self_due = models.DateField("自评截止", null=True, blank=True)
    town_due = models.DateField("镇（园区）审核截止", null=True, blank=True)
    district_due = models.DateField("区审定截止", null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField(
        "公示天数（工作日）", default=5, help_text="默认 5 个工作日"
    )
    publicity_from = models.DateField("公示开始", null=True, blank=True)
    publicity_until = models.DateField("公示截止", null=True, blank=True)
    decision_number = models.CharField("定级文号", max_length=100, blank=True, default="")
    finalized_on = models.DateField("定级日期", null=True, blank=True)

    class Meta:
        verbose_name = "评星定级周期"
        verbose_name_plural = "评星定级周期"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "year", "region"],
                name="rating_cycle_unique",
                violation_error_message="该区域本年度已按此细则开启评定",
            ),
            models.CheckConstraint(
                condition=Q(publicity_days__gte=1, publicity_days__lte=30),
                name="rating_cycle_publicity_days",
                violation_error_message="公示天数应在 1 到 30 个工作日之间",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=(CycleState.FINALIZED, CycleState.ARCHIVED))
                | Q(finalized_on__isnull=False),
                name="rating_cycle_finalized_dated",
                violation_error_message="已定级的周期须有定级日期",
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.region} {self.rubric.name}"


class RatingState(models.TextChoices):
    DRAFT = "draft", "自评草稿"
    SUBMITTED = "submitted", "自评已提交"
    TOWN_REVIEWED = "town_reviewed", "镇（园区）已审核"
    APPROVED = "approved", "区已审定"
    PUBLICIZED = "publicized", "公示中"
    FINAL = "final", "已定级"


class Rating(TimeStampedModel):
    cycle = models.ForeignKey(
        RatingCycle, verbose_name="评定周期", on_delete=models.PROTECT, related_name="ratings"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    state = models.CharField(
        "状态", max_length=14, choices=RatingState.choices, default=RatingState.DRAFT
    )
    return_reason = models.CharField("退回原因", max_length=500, blank=True, default="")
    satisfaction = models.DecimalField(
        "群众满意度（%）", null=True, blank=True, max_digits=5, decimal_places=2
    )
    total = models.DecimalField("总分", null=True, blank=True, **POINTS)
    level = models.PositiveSmallIntegerField("星级（等次序号）", null=True, blank=True)
    label = models.CharField("结果", max_length=20, blank=True, default="")
    vetoed = models.BooleanField("一票否决", default=False)
    category = models.CharField(
        "类别", max_length=12, choices=StarCategory.choices, blank=True, default=""
    )
    category_reason = models.CharField(
        "类别调整理由", max_length=500, blank=True, default="", help_text="不按默认规则归类时必填"
    )
    explanation = models.TextField("计算说明", blank=True, default="")

    class Meta:
        verbose_name = "评星定级"
        verbose_name_plural = "评星定级"
        ordering = ["cycle", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "cycle"],
                name="rating_one_per_organization_cycle",
                violation_error_message="该党组织在本周期已有评定记录",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=0, satisfaction__lte=100),
                name="rating_satisfaction_range",
                violation_error_message="群众满意度应在 0 到 100 之间",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=0, level__lte=6),
                name="rating_level_range",
                violation_error_message="星级应在 0 到 6 之间",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "state"], name="rating_cycle_state_idx")]

    def __str__(self):
        return f"{self.organization}：{self.cycle}"


class ItemScore(models.Model):
    """One item of a rating: the score of each level with its reasons, and the final one."""

    rating = models.ForeignKey(
        Rating, verbose_name="评定", on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        Item, verbose_name="评分项目", on_delete=models.PROTECT, related_name="scores"
    )
    max_points = models.DecimalField("分值", **POINTS)  # the item's, copied for the checks
    self_score = models.DecimalField("自评分", null=True, blank=True, **POINTS)
    self_comment = models.CharField("自评说明", max_length=1000, blank=True, default="")
    town_score = models.DecimalField("镇（园区）审核分", null=True, blank=True, **POINTS)
    town_comment = models.CharField("审核意见", max_length=1000, blank=True, default="")
    district_score = models.DecimalField("区审定分", null=True, blank=True, **POINTS)
    district_comment = models.CharField("审定意见", max_length=1000, blank=True, default="")
    final_score = models.DecimalField("最终得分", null=True, blank=True, **POINTS)
    auto_note = models.CharField(
        "平台数据说明", max_length=300, blank=True, default="", help_text="自动项：得分的由来"
    )

    class Meta:
        verbose_name = "项目得分"
        verbose_name_plural = "项目得分"
        ordering = ["rating", "item__dimension__order", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "item"],
                name="rating_item_score_unique",
                violation_error_message="该项目已有得分记录",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 0, f"{name}__lte": F("max_points")}),
                    name=f"rating_{name}_range",
                    violation_error_message="得分应在 0 到该项目分值之间",
                )
                for name in ("self_score", "town_score", "district_score", "final_score")
            ),
        ]

    def __str__(self):
        return f"{self.item}：{self.final_score}"


class VetoAnswer(models.Model):
    rating = models.ForeignKey(
        Rating, verbose_name="评定", on_delete=models.CASCADE, related_name="veto_answers"
    )
    veto = models.ForeignKey(
        VetoItem, verbose_name="否决情形", on_delete=models.PROTECT, related_name="answers"
    )
    triggered = models.BooleanField("存在此情形", default=False)
    note = models.CharField("说明", max_length=1000, blank=True, default="")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "一票否决认定"
        verbose_name_plural = "一票否决认定"
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "veto"],
                name="rating_veto_answer_unique",
                violation_error_message="该否决情形已有认定",
            ),
            models.CheckConstraint(
                condition=Q(triggered=False) | ~Q(note=""),
                name="rating_veto_answer_note",
                violation_error_message="认定存在否决情形须写明情况",
            ),
        ]

    def __str__(self):
        return f"{self.veto}：{'是' if self.triggered else '否'}"


class Objection(TimeStampedModel):
    """An objection raised during the 公示, and the district's answer."""

    rating = models.ForeignKey(
        Rating, verbose_name="评定", on_delete=models.CASCADE, related_name="objections"
    )
    text = models.TextField("异议内容", max_length=4000)
    raised_by = models.CharField("反映人", max_length=100, blank=True, default="")
    received_on = models.DateField("收到日期")
    answer = models.TextField("答复", max_length=4000, blank=True, default="")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes_result = models.BooleanField("改变评定结果", default=False)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(answer=""),
                name="rating_objection_answered",
                violation_error_message="答复须有内容",
            ),
            models.CheckConstraint(
                condition=Q(changes_result=False) | Q(answered_on__isnull=False),
                name="rating_objection_change_answered",
                violation_error_message="只有答复后才能改变评定结果",
            ),
        ]

    def __str__(self):
        return self.text[:40]


class ChangeKind(models.TextChoices):
    UP = "up", "升星"
    DOWN = "down", "降星"
    REMOVE = "remove", "摘星"


class RatingChange(models.Model):
    """A move of an organization's stars: at a cycle's end, or 摘星 between cycles."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="rating_changes",
    )
    rating = models.ForeignKey(
        Rating,
        verbose_name="所依据的评定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    kind = models.CharField("变动", max_length=8, choices=ChangeKind.choices)
    from_level = models.PositiveSmallIntegerField("原星级", null=True, blank=True)
    to_level = models.PositiveSmallIntegerField("新星级", null=True, blank=True)
    reason = models.CharField("理由", max_length=500)
    evidence = models.TextField("依据材料", max_length=4000, blank=True, default="")
    on = models.DateField("日期")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "星级变动"
        verbose_name_plural = "星级变动"
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="rating_change_reason",
                violation_error_message="星级变动须写明理由",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ChangeKind.REMOVE) | Q(to_level__isnull=True),
                name="rating_change_remove_clears",
                violation_error_message="摘星后不再保留星级",
            ),
        ]
        indexes = [models.Index(fields=["organization", "on"], name="rating_change_org_idx")]

    def __str__(self):
        return f"{self.organization}：{self.get_kind_display()}"


class RatingEvent(WorkflowEvent):
    rating = models.ForeignKey(
        Rating, verbose_name="评定", on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField("状态", max_length=14, choices=RatingState.choices)

    class Meta:
        verbose_name = "评定流转记录"
        verbose_name_plural = "评定流转记录"
        ordering = ["at", "id"]

    def __str__(self):
        return self.get_state_display()


class CycleEvent(WorkflowEvent):
    cycle = models.ForeignKey(
        RatingCycle, verbose_name="评定周期", on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField("状态", max_length=12, choices=CycleState.choices)

    class Meta:
        verbose_name = "周期流转记录"
        verbose_name_plural = "周期流转记录"
        ordering = ["at", "id"]

    def __str__(self):
        return self.get_state_display()
