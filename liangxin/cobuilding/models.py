"""联建共建 (WORK.md §6, issue 19): pairings of enterprises or their organizations with
villages (村企联建, 红色联盟, 结对帮扶, 山海协作), alliances with their members, rotating chairs
and 联席会议, 共富工坊 with their figures, and the typed outcomes of all three.

- Programmes, outcome types, workshop types and alliance kinds are data a district edits
  (seeded with their sources, ``defaults``).
- 山海协作 (CrossRegion) is a pairing of the programme 山海协作: the partner village is its
  counterpart, ``vehicle`` the joint trading company, its yearly figures are outcomes.
- An outcome belongs to exactly one holder (pairing, alliance or workshop); a year's
  figure is the sum of its rows (the whole year, ``month`` 0, or months, never both).
- A workshop's figures of a period are as at that period: posts, people on post and
  income rise then; output and collective income cumulated over the year so far, so the
  year's figures are those of its latest period."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from liangxin.core.models import TimeStampedModel
from liangxin.core.validators import validate_dates_not_in_future

MONEY = {"max_digits": 14, "decimal_places": 2}
MONTHS = [(0, "全年"), *((m, f"{m}月") for m in range(1, 13))]
YEARS = [MinValueValidator(2000, "年度不能早于 2000 年"), MaxValueValidator(2100, "年度无效")]
NOT_NEGATIVE = MinValueValidator(0, "不能为负数")


class PastDates:
    """Dates of things that happened are not in the future (core.validators)."""

    def clean(self):
        super().clean()
        validate_dates_not_in_future(self)


class Vocabulary(models.Model):
    """A set a district edits, with the source of each entry."""

    name = models.CharField("名称", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=200, blank=True, default="")
    active = models.BooleanField("启用", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Programme(Vocabulary):
    """A programme; some set a yearly target on one outcome type (山海协作 [L:平湖]: 村集体增收
    ≥ 10 万元 per village a year), shown against each pairing's years."""

    target_type = models.ForeignKey(
        "OutcomeType",
        verbose_name="年度目标成效类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    yearly_target = models.DecimalField(
        "年度目标值", **MONEY, null=True, blank=True, validators=[NOT_NEGATIVE]
    )

    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "联建项目"
        constraints = [
            models.CheckConstraint(
                condition=Q(target_type__isnull=True, yearly_target__isnull=True)
                | Q(target_type__isnull=False, yearly_target__isnull=False, yearly_target__gte=0),
                name="cobuilding_programme_target",
                violation_error_message="年度目标须同时填写成效类型和目标值",
            )
        ]


class OutcomeType(Vocabulary):
    unit = models.CharField("单位", max_length=10)

    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "成效类型"

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class WorkshopType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "工坊类型"


class AllianceKind(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "联盟类型"


class Village(models.Model):
    """The counterpart village: a region of the tree, or a unit outside it (名称 + 所在镇)."""

    village_region = models.ForeignKey(
        "regions.Region",
        verbose_name="结对村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village_name = models.CharField("结对村（外部单位）", max_length=80, blank=True, default="")
    village_town = models.CharField("所在乡镇", max_length=80, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def village_label(self) -> str:
        if self.village_region_id:
            return self.village_region.name
        return f"{self.village_town}{self.village_name}" if self.village_town else self.village_name


def _village_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(village_region__isnull=False) | ~Q(village_name=""),
        name=name,
        violation_error_message="请选择结对村（社区），或填写外部村的名称",
    )


class Pairing(PastDates, Village, TimeStampedModel):
    """村企联建 / 红色联盟 / 结对帮扶 / 山海协作: an enterprise or organization with a village."""

    programme = models.ForeignKey(
        Programme, verbose_name="联建项目", on_delete=models.PROTECT, related_name="pairings"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="统计和数据范围按此区域；默认为企业（或党组织）所在区域",
    )
    signed_on = models.DateField("签约日期")
    ends_on = models.DateField("到期日期", null=True, blank=True)
    round_no = models.PositiveSmallIntegerField("轮次", default=1)
    principle = models.CharField("结对原则", max_length=100, blank=True, default="")
    agreement = models.TextField("协议内容", max_length=4000, blank=True, default="")
    vehicle = models.CharField(
        "合作载体", max_length=100, blank=True, default="", help_text="如：强村公司、联营公司"
    )
    active = models.BooleanField("存续", default=True)

    dates_not_in_future = ("signed_on",)

    class Meta:
        verbose_name = verbose_name_plural = "村企联建"
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | Q(organization__isnull=False),
                name="cobuilding_pairing_party",
                violation_error_message="请选择企业或党组织（至少一项）",
            ),
            _village_check("cobuilding_pairing_village"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("signed_on")),
                name="cobuilding_pairing_dates",
                violation_error_message="到期日期不能早于签约日期",
            ),
            models.CheckConstraint(
                condition=Q(round_no__gte=1),
                name="cobuilding_pairing_round",
                violation_error_message="轮次至少为 1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_label}—{self.village_label}"

    @property
    def party_label(self) -> str:
        return (self.enterprise or self.organization).name


class Alliance(PastDates, TimeStampedModel):
    """产业链党建联盟, 区域联建, 商会党建 …: members under a lead, a rotating chair."""

    kind = models.ForeignKey(
        AllianceKind, verbose_name="联盟类型", on_delete=models.PROTECT, related_name="alliances"
    )
    name = models.CharField("联盟名称", max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    lead = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="牵头党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    founded_on = models.DateField("成立日期")
    charter = models.TextField("章程任务", max_length=4000, blank=True, default="")
    active = models.BooleanField("存续", default=True)

    dates_not_in_future = ("founded_on",)

    class Meta:
        verbose_name = verbose_name_plural = "党建联盟"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="cobuilding_alliance_unique",
                violation_error_message="该区域已有同名的联盟",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEAD = "lead", "牵头"
    ROTATING = "rotating", "轮值"
    MEMBER = "member", "成员"


class AllianceMember(TimeStampedModel):
    alliance = models.ForeignKey(
        Alliance, verbose_name="联盟", on_delete=models.CASCADE, related_name="members"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="成员党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="成员企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField("角色", max_length=10, choices=MemberRole.choices)
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "联盟成员"
        ordering = ["alliance", "role", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(enterprise__isnull=False),
                name="cobuilding_member_party",
                violation_error_message="请选择成员党组织或成员企业",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="cobuilding_member_dates",
                violation_error_message="退出日期不能早于加入日期",
            ),
            models.UniqueConstraint(
                fields=["alliance", "organization"],
                condition=Q(organization__isnull=False),
                name="cobuilding_member_org_unique",
                violation_error_message="该党组织已是联盟成员",
            ),
            models.UniqueConstraint(
                fields=["alliance", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="cobuilding_member_enterprise_unique",
                violation_error_message="该企业已是联盟成员",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return (self.organization or self.enterprise).name


class ChairTerm(TimeStampedModel):
    """轮值主席 for a period."""

    alliance = models.ForeignKey(
        Alliance, verbose_name="联盟", on_delete=models.CASCADE, related_name="chair_terms"
    )
    chair = models.ForeignKey(
        AllianceMember, verbose_name="轮值主席单位", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("任期开始")
    ends_on = models.DateField("任期结束")

    class Meta:
        verbose_name = verbose_name_plural = "轮值主席"
        ordering = ["alliance", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cobuilding_chair_dates",
                violation_error_message="任期结束不能早于任期开始",
            )
        ]

    def __str__(self) -> str:
        return f"{self.chair} {self.starts_on}—{self.ends_on}"


class JointMeeting(PastDates, TimeStampedModel):
    """联席会议 of an alliance (quarterly by rule ``cobuilding.joint_meeting_months``)."""

    alliance = models.ForeignKey(
        Alliance, verbose_name="联盟", on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField("召开日期")
    topic = models.CharField("会议主题", max_length=200)
    participants = models.PositiveIntegerField("参会单位数", default=0)
    decisions = models.TextField("议定事项", max_length=2000, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    dates_not_in_future = ("held_on",)

    class Meta:
        verbose_name = verbose_name_plural = "联席会议"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "held_on", "topic"],
                name="cobuilding_meeting_unique",
                violation_error_message="该联盟当天已登记过同一主题的联席会议",
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class IssueState(models.TextChoices):
    OPEN = "open", "待跟进"
    DONE = "done", "已办结"


class MeetingIssue(TimeStampedModel):
    meeting = models.ForeignKey(
        JointMeeting, verbose_name="联席会议", on_delete=models.CASCADE, related_name="issues"
    )
    description = models.CharField("提出问题", max_length=300)
    state = models.CharField(
        "跟进状态", max_length=8, choices=IssueState.choices, default=IssueState.OPEN
    )
    follow_up = models.CharField("跟进情况", max_length=500, blank=True, default="")
    closed_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "联席会议问题"
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | (Q(closed_on__isnull=False) & ~Q(follow_up="")),
                name="cobuilding_issue_closed_complete",
                violation_error_message="办结须填写办结日期和跟进情况",
            )
        ]

    def __str__(self) -> str:
        return self.description


class Workshop(PastDates, Village, TimeStampedModel):
    """共富工坊 ("政府+企业+村集体+农户" [L:平湖])."""

    name = models.CharField("工坊名称", max_length=100)
    workshop_type = models.ForeignKey(
        WorkshopType, verbose_name="工坊类型", on_delete=models.PROTECT, related_name="workshops"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="主办企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField("建成日期")
    equity_share = models.DecimalField(
        "村集体股份（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE, MaxValueValidator(100, "股份比例不能超过 100")],
    )
    active = models.BooleanField("运营中", default=True)

    dates_not_in_future = ("opened_on",)

    class Meta:
        verbose_name = verbose_name_plural = "共富工坊"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="cobuilding_workshop_unique",
                violation_error_message="该区域已有同名的共富工坊",
            ),
            _village_check("cobuilding_workshop_village"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkshopFigure(TimeStampedModel):
    """A workshop's figures as at a period (see the module's note)."""

    workshop = models.ForeignKey(
        Workshop, verbose_name="共富工坊", on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    month = models.PositiveSmallIntegerField("月份", choices=MONTHS, default=0)
    posts = models.PositiveIntegerField("岗位（个）")
    on_post = models.PositiveIntegerField("在岗（人）")
    low_income = models.PositiveIntegerField("其中低收入农户（人）", default=0)
    monthly_income_rise = models.DecimalField(
        "人均月增收（元）", **MONEY, default=0, validators=[NOT_NEGATIVE]
    )
    output = models.DecimalField(
        "本年累计产值（元）", **MONEY, default=0, validators=[NOT_NEGATIVE]
    )
    collective_income = models.DecimalField(
        "本年累计村集体增收（元）", **MONEY, default=0, validators=[NOT_NEGATIVE]
    )

    class Meta:
        verbose_name = verbose_name_plural = "工坊数据"
        ordering = ["workshop", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "year", "month"],
                name="cobuilding_figure_unique",
                violation_error_message="该工坊此期间的数据已登记",
            ),
            models.CheckConstraint(
                condition=Q(low_income__lte=F("on_post")),
                name="cobuilding_figure_low_income",
                violation_error_message="低收入农户人数不能多于在岗人数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.year}-{self.month}"


class Outcome(TimeStampedModel):
    """A typed outcome of one pairing, alliance or workshop in a year (or one of its months)."""

    pairing = models.ForeignKey(
        Pairing,
        verbose_name="村企联建",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    alliance = models.ForeignKey(
        Alliance,
        verbose_name="党建联盟",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name="共富工坊",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    month = models.PositiveSmallIntegerField("月份", choices=MONTHS, default=0)
    outcome_type = models.ForeignKey(
        OutcomeType, verbose_name="成效类型", on_delete=models.PROTECT, related_name="outcomes"
    )
    value = models.DecimalField("数值", **MONEY, validators=[NOT_NEGATIVE])
    note = models.CharField("说明", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    HOLDERS = ("pairing", "alliance", "workshop")

    class Meta:
        verbose_name = verbose_name_plural = "联建成效"
        ordering = ["-year", "-month", "outcome_type__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(pairing__isnull=False, alliance__isnull=True, workshop__isnull=True)
                    | Q(pairing__isnull=True, alliance__isnull=False, workshop__isnull=True)
                    | Q(pairing__isnull=True, alliance__isnull=True, workshop__isnull=False)
                ),
                name="cobuilding_outcome_one_holder",
                violation_error_message="成效须属于且只属于一项联建、联盟或工坊",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="cobuilding_outcome_value",
                violation_error_message="数值不能为负数",
            ),
            *(
                models.UniqueConstraint(
                    fields=[holder, "year", "month", "outcome_type"],
                    condition=Q(**{f"{holder}__isnull": False}),
                    name=f"cobuilding_outcome_{holder}_unique",
                    violation_error_message="该期间的此类成效已登记，请修改原记录",
                )
                for holder in ("pairing", "alliance", "workshop")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_type.name} {self.value}"

    @property
    def holder(self):
        return self.pairing or self.alliance or self.workshop
