"""党建经费 (WORK.md §6 Funding): rules a district edits (versioned, effective-dated),
budgets, allocations generated from the rules and the registry, expenses against them,
党费拨返 and the enterprise's own Party-work funds. Money is exact: Decimal to the fen."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from liangxin.core.attachments import Attachment
from liangxin.core.models import TimeStampedModel, WorkflowEvent

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"), message="金额不能为负数")]


def yuan_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """Exact yuan to the fen (never a float column)."""
    kwargs.setdefault("validators", NOT_NEGATIVE)
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class Basis(models.TextChoices):
    PER_ORGANIZATION = "per_organization", "每个非公企业党组织"
    PER_CENTRE = "per_centre", "每个党群服务中心"
    PER_PERSON = "per_person", "按人"
    BY_RATING = "by_rating", "以奖代补（按星级）"
    PROJECT = "project", "项目经费"
    DUES_REFUND = "dues_refund", "党费拨返"


# Bases generated in bulk over the registry (the others are recorded one by one).
GENERATED_BASES = (Basis.PER_ORGANIZATION, Basis.PER_CENTRE, Basis.BY_RATING, Basis.PER_PERSON)


class MoneySource(models.TextChoices):
    FINANCE = "finance", "财政"
    RETAINED_DUES = "retained_dues", "管理党费"
    ENTERPRISE = "enterprise", "企业"
    FUND = "fund", "基金"


class ExpenseCategory(models.Model):
    """支出类别: data a district edits (seeded: 活动经费、学习教育、阵地运行、慰问、其他 [I])."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "经费支出类别"
        verbose_name_plural = "经费支出类别"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class FundingRule(TimeStampedModel):
    """A funding rule's identity (what it pays for, from which money); its amounts and
    conditions are the versions, each in force from a date."""

    code = models.SlugField("规则代码", max_length=40, unique=True)
    name = models.CharField("规则名称", max_length=100)
    basis = models.CharField("计发依据", max_length=20, choices=Basis.choices)
    money_source = models.CharField("资金来源", max_length=20, choices=MoneySource.choices)
    citation = models.CharField("依据出处", max_length=300, blank=True, default="")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "经费规则"
        verbose_name_plural = "经费规则"
        ordering = ["code"]

    def __str__(self):
        return self.name


class FundingRuleVersion(TimeStampedModel):
    """One version of a rule: in force from ``effective_from`` to ``effective_to`` (open
    when blank). A version an allocation used is never edited; a change is a new version
    from a date, and the previous one ends the day before.

    A year's amount is pro rata by the months each version is in force on the month's
    first day: 1,000 元 to 30 June and 1,200 元 from 1 July give 6×1000/12 + 6×1200/12
    = 1,100.00 元, quantized to the fen ROUND_HALF_UP at the end [I].

    ``prorate_founding`` (default off: the full year, [I]) decides an organization founded
    during the year: on, only the months from its founding month (that month included)
    count, so one founded on 15 September gets 4×1000/12 = 333.33 元; off, it gets the
    year's full amount like the others. The districts' notices we have give "每年 1,000 元
    per organization" without saying either way, so it is each district's choice, kept
    on the version (a change is a new version, never an edit of a used one)."""

    rule = models.ForeignKey(
        FundingRule, verbose_name="规则", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本号")
    amount = yuan_field(
        "每年金额（元）",
        null=True,
        blank=True,
        help_text="每个对象每年的金额；未录入时不能生成拨付（如“333”各档）",
    )
    share_percent = models.DecimalField(
        "拨返比例（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    org_kinds = models.CharField(
        "适用党组织类别", max_length=200, blank=True, default="", help_text="类别代码，逗号分隔"
    )
    station_levels = models.CharField(
        "适用阵地等级", max_length=200, blank=True, default="", help_text="等级代码，逗号分隔"
    )
    venue_kinds = models.CharField(
        "适用阵地类型",
        max_length=200,
        blank=True,
        default="",
        help_text="阵地类型代码（阵地管理），逗号分隔，如 park_centre 园区党群服务中心",
    )
    star_level = models.PositiveSmallIntegerField(
        "星级", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    prorate_founding = models.BooleanField(
        "年内新建党组织按月折算",
        default=False,
        help_text="勾选：年内成立的党组织自成立当月起按月折算；不勾选：全年足额（默认）",
    )
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "经费规则版本"
        verbose_name_plural = "经费规则版本"
        ordering = ["rule__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "number"],
                name="funding_rule_version_unique",
                violation_error_message="该规则的此版本已存在",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="funding_rule_version_dates",
                violation_error_message="失效日期不能早于生效日期",
            ),
        ]

    def __str__(self):
        return f"{self.rule.name} 第{self.number}版"

    def codes(self, field: str) -> list[str]:
        return [c.strip() for c in getattr(self, field).split(",") if c.strip()]


class Budget(TimeStampedModel):
    """The total a district or town may allocate in a year from one source of money."""

    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    region = models.ForeignKey(
        "regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    money_source = models.CharField("资金来源", max_length=20, choices=MoneySource.choices)
    amount = yuan_field("预算金额（元）")
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "经费预算"
        verbose_name_plural = "经费预算"
        ordering = ["-year", "region__path", "money_source"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "money_source"],
                name="funding_budget_unique",
                violation_error_message="该区域该年度此资金来源的预算已存在",
            ),
        ]

    def __str__(self):
        return f"{self.year}年{self.region.name}{self.get_money_source_display()}预算"


class AllocationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审批"
    PAID = "paid", "已拨付"


class Allocation(TimeStampedModel):
    """Money a rule gives one recipient (an organization or a station) for a year, drawn on
    a budget. Generated once per recipient, year and rule (named constraints); under a
    按人 rule once per line of the workforce app's allowance list instead (a worker's
    allowance paid through their organization: several lines may go to one organization,
    but a line is never allocated twice, under whatever rule)."""

    rule = models.ForeignKey(
        FundingRule, verbose_name="规则", on_delete=models.PROTECT, related_name="allocations"
    )
    versions = models.ManyToManyField(
        FundingRuleVersion, verbose_name="所用规则版本", related_name="allocations"
    )
    budget = models.ForeignKey(
        Budget, verbose_name="预算", on_delete=models.PROTECT, related_name="allocations"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    station = models.ForeignKey(
        "organizations.PartyStation",
        verbose_name="党群服务中心",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The recipient's region, kept for scope and the region figures.
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    allowance = models.ForeignKey(
        "workforce.Allowance",
        verbose_name="党务工作者津贴",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amount = yuan_field("拨付金额（元）")
    computation = models.CharField("计算说明", max_length=300, blank=True, default="")
    state = models.CharField(
        "状态", max_length=10, choices=AllocationState.choices, default=AllocationState.DRAFT
    )

    class Meta:
        verbose_name = "经费拨付"
        verbose_name_plural = "经费拨付"
        ordering = ["-year", "region__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "rule"],
                condition=Q(organization__isnull=False, allowance__isnull=True),
                name="funding_allocation_org_unique",
                violation_error_message="该党组织该年度按此规则的拨付已存在",
            ),
            models.UniqueConstraint(
                fields=["station", "year", "rule"],
                condition=Q(station__isnull=False, allowance__isnull=True),
                name="funding_allocation_station_unique",
                violation_error_message="该阵地该年度按此规则的拨付已存在",
            ),
            models.UniqueConstraint(
                fields=["allowance"],
                condition=Q(allowance__isnull=False),
                name="funding_allocation_allowance_unique",
                violation_error_message="该笔津贴已生成拨付，不能重复拨付",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=True) ^ Q(station__isnull=True),
                name="funding_allocation_one_recipient",
                violation_error_message="拨付对象须是一个党组织或一个阵地",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_allocation_amount",
                violation_error_message="金额不能为负数",
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.recipient_name} {self.rule.name}"

    @property
    def recipient_name(self) -> str:
        recipient = self.organization or self.station
        return recipient.name if recipient else ""


class AllocationEventKind(models.TextChoices):
    GENERATED = "generated", "生成"
    APPROVED = "approved", "审批"
    PAID = "paid", "拨付"


class AllocationEvent(WorkflowEvent):
    allocation = models.ForeignKey(
        Allocation, verbose_name="拨付", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("事件", max_length=10, choices=AllocationEventKind.choices)

    class Meta:
        verbose_name = "经费拨付事件"
        verbose_name_plural = "经费拨付事件"
        ordering = ["at", "id"]


class Expense(TimeStampedModel):
    """Money spent from an allocation (never more than the balance), with its receipt
    number and the scans of its receipts (ExpenseReceipt); one entered by mistake is
    corrected or deleted (services.expense_update, expense_delete)."""

    allocation = models.ForeignKey(
        Allocation, verbose_name="拨付", on_delete=models.PROTECT, related_name="expenses"
    )
    spent_on = models.DateField("支出日期")
    category = models.ForeignKey(
        ExpenseCategory, verbose_name="支出类别", on_delete=models.PROTECT, related_name="+"
    )
    amount = yuan_field("金额（元）")
    payee = models.CharField("收款方", max_length=100)
    receipt_number = models.CharField("票据号", max_length=50)
    description = models.CharField("用途", max_length=200, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "经费支出"
        verbose_name_plural = "经费支出"
        ordering = ["spent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_expense_positive",
                violation_error_message="支出金额须大于 0",
            ),
        ]

    def __str__(self):
        return f"{self.spent_on} {self.payee} {self.amount} 元"


class ExpenseReceipt(Attachment):
    """A scan or photo of an expense's 发票/收据 (jpg, png or pdf), kept encrypted; goes
    with the expense when a mistaken expense is deleted."""

    expense = models.ForeignKey(
        Expense, verbose_name="经费支出", on_delete=models.CASCADE, related_name="receipts"
    )

    class Meta:
        verbose_name = verbose_name_plural = "经费支出票据"
        ordering = ["id"]


class EnterpriseFunding(TimeStampedModel):
    """The enterprise's own Party-work funds of a year, against its wage bill (the 1% is a
    warning on the enterprise side, [N] 经费通知)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    wage_bill = yuan_field("职工工资薪金总额（元）")
    party_funds = yuan_field("党建工作经费（元）")
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "企业党建工作经费"
        verbose_name_plural = "企业党建工作经费"
        ordering = ["-year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="funding_enterprise_year_unique",
                violation_error_message="该企业该年度的党建工作经费已登记",
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.enterprise.name}"


class RefundState(models.TextChoices):
    DRAFT = "draft", "待审批"
    APPROVED = "approved", "已审批"


class DuesRefund(TimeStampedModel):
    """党费拨返: a share of the dues an organization collected in a year returned to it
    ([N] 11号文: in full). The dues are summed from the dues ledger, never typed."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    rule_version = models.ForeignKey(
        FundingRuleVersion, verbose_name="规则版本", on_delete=models.PROTECT, related_name="+"
    )
    dues_collected = yuan_field("收缴党费（元）")
    share_percent = models.DecimalField("拨返比例（%）", max_digits=5, decimal_places=2)
    refunded = yuan_field("拨返金额（元）")
    state = models.CharField(
        "状态", max_length=10, choices=RefundState.choices, default=RefundState.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "党费拨返"
        verbose_name_plural = "党费拨返"
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="funding_dues_refund_unique",
                violation_error_message="该党组织该年度的党费拨返已存在",
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.organization.name} 党费拨返"
