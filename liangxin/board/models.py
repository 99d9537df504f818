"""比学赶超跑道 (WORK.md §3 **Board** [L:平湖; indicators I]): a ranking of towns and parks,
industries or organizations by weighted indicators, with the quarterly 晾晒会 snapshots.

The indicators and their weights are rows a district admin edits (WORK.md §8 "board
weights", "晾晒 indicators"), each with the source or explanation it rests on. A snapshot
freezes the ranked rows, the indicator values and the weights of the day, so a later
change of weights or data never rewrites what a 晾晒会 showed.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from liangxin.core.models import TimeStampedModel


class SubjectKind(models.TextChoices):
    REGION = "region", "镇/园区（区域）"
    INDUSTRY = "industry", "行业"
    ORGANIZATION = "organization", "党组织"


class Period(models.TextChoices):
    MONTHLY = "monthly", "按月"
    QUARTERLY = "quarterly", "按季度"


class Board(TimeStampedModel):
    name = models.CharField("跑道名称", max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="boards",
        help_text="排名对象都在这个区域之内",
    )
    subject_kind = models.CharField("排名对象", max_length=12, choices=SubjectKind.choices)
    subject_depth = models.PositiveSmallIntegerField(
        "区域层级",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="排名对象为区域时：所属区域下第几层（1 为直接下级，如镇/园区）",
    )
    period = models.CharField(
        "晾晒周期", max_length=10, choices=Period.choices, default=Period.QUARTERLY
    )
    description = models.TextField("说明", max_length=2000, blank=True, default="")

    class Meta:
        verbose_name = "比学赶超跑道"
        verbose_name_plural = "比学赶超跑道"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="board_unique_name",
                violation_error_message="该区域已有同名的跑道",
            ),
            models.CheckConstraint(
                # NULL >= 1 is not false to a CHECK: the depth must be there.
                condition=~Q(subject_kind=SubjectKind.REGION)
                | Q(subject_depth__isnull=False, subject_depth__gte=1),
                name="board_region_depth",
                violation_error_message="排名对象为区域时须填写区域层级",
            ),
        ]

    def __str__(self):
        return self.name


class BoardIndicator(models.Model):
    """One indicator of a board with its weight, as data (WORK.md §8 "board weights")."""

    board = models.ForeignKey(
        Board, verbose_name="跑道", on_delete=models.CASCADE, related_name="indicators"
    )
    key = models.CharField("指标", max_length=40)
    weight = models.DecimalField(
        "权重", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    full_value = models.DecimalField(
        "满分对应值",
        max_digits=8,
        decimal_places=2,
        help_text="指标值达到此数得满分 100 分（比率为 100，星级为最高星数）",
    )
    source = models.CharField("来源或说明", max_length=500)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "跑道指标"
        verbose_name_plural = "跑道指标"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "key"],
                name="board_indicator_unique",
                violation_error_message="该跑道已有此指标",
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="board_indicator_weight_positive",
                violation_error_message="权重须大于 0",
            ),
            models.CheckConstraint(
                condition=Q(full_value__gt=0),
                name="board_indicator_full_positive",
                violation_error_message="满分对应值须大于 0",
            ),
        ]

    def __str__(self):
        return f"{self.board}：{self.key}（{self.weight}）"


class BoardSnapshot(models.Model):
    """The board as shown at one 晾晒会: ranked rows and the weights of the day."""

    board = models.ForeignKey(
        Board, verbose_name="跑道", on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_on = models.DateField("晾晒日期")
    label = models.CharField("期次", max_length=30)
    indicators = models.JSONField("当期指标与权重", default=list)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="冻结人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("冻结时间", auto_now_add=True)

    class Meta:
        verbose_name = "晾晒快照"
        verbose_name_plural = "晾晒快照"
        ordering = ["-taken_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "label"],
                name="board_snapshot_unique_label",
                violation_error_message="该跑道本期已冻结过快照",
            ),
        ]

    def __str__(self):
        return f"{self.board}（{self.label}）"


class SnapshotRow(models.Model):
    snapshot = models.ForeignKey(
        BoardSnapshot, verbose_name="快照", on_delete=models.CASCADE, related_name="rows"
    )
    subject = models.CharField("对象键", max_length=255)  # region path, industry or org path
    code = models.CharField("对象代码", max_length=64)
    name = models.CharField("对象名称", max_length=200)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True)
    rank = models.PositiveIntegerField("名次", null=True)
    values = models.JSONField("各指标值", default=dict)

    class Meta:
        verbose_name = "快照行"
        verbose_name_plural = "快照行"
        ordering = ["rank", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "subject"],
                name="board_snapshot_row_unique",
                violation_error_message="快照中已有此对象",
            ),
        ]

    def __str__(self):
        return f"{self.name}：{self.score}"
