"""党费: the yearly base of each member, the monthly collection ledger, and its events."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from liangxin.core.models import TimeStampedModel
from liangxin.dues.amounts import BASE_CEILING, FARMER_MAX, FARMER_MIN, DuesCategory

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def yuan_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """Exact yuan to the fen: DecimalField, never a float column."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class DuesBase(TimeStampedModel):
    """A member's monthly base for one dues year (set once a year, RULES.md "Dues").

    ``monthly_amount`` is computed by the service from the brackets in
    liangxin.dues.amounts; nobody types it.
    """

    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="dues_bases"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    category = models.CharField("党费类别", max_length=12, choices=DuesCategory.choices)
    base = yuan_field(
        "月计算基数（元）",
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(BASE_CEILING)],
        help_text="每月税后固定工资收入；学生、下岗失业、低保、农民党员可填 0",
    )
    farmer_amount = models.DecimalField(
        "农民党员月交纳额（元）",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="由党支部确定，0.20–1.00 元；仅农民党员填写",
    )
    monthly_amount = yuan_field("月应交党费（元）", editable=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核定人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    set_on = models.DateField("核定日期", editable=False)

    class Meta:
        verbose_name = "党费基数"
        verbose_name_plural = "党费基数"
        ordering = ["-year", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="dues_base_member_year_unique",
                violation_error_message="该党员本年度的党费基数已核定，请修改原记录",
            ),
            models.CheckConstraint(
                condition=Q(base__gte=0) & Q(monthly_amount__gte=0),
                name="dues_base_not_negative",
                violation_error_message="金额不能为负数",
            ),
            models.CheckConstraint(
                condition=(
                    Q(category=DuesCategory.FARMER)
                    & Q(farmer_amount__gte=FARMER_MIN)
                    & Q(farmer_amount__lte=FARMER_MAX)
                )
                | (~Q(category=DuesCategory.FARMER) & Q(farmer_amount__isnull=True)),
                name="dues_base_farmer_amount",
                violation_error_message="农民党员月交纳额应为 0.20–1.00 元，其他类别不填",
            ),
        ]

    def __str__(self):
        return f"{self.year}年度党费基数"


class DuesStatus(models.TextChoices):
    UNPAID = "unpaid", "未交"
    PAID = "paid", "已交"
    REDUCED = "reduced", "减交"
    WAIVED = "waived", "免交"


class PaymentMethod(models.TextChoices):
    """How the member paid, as the branch's 党费收缴登记 records it."""

    CASH = "cash", "现金"
    BANK_TRANSFER = "bank_transfer", "银行转账"
    WECHAT = "wechat", "微信"
    ALIPAY = "alipay", "支付宝"
    OTHER = "other", "其他"


# Reduction and waiver need the branch's decision and the higher committee's approval.
APPROVED_STATUSES = (DuesStatus.REDUCED, DuesStatus.WAIVED)


class DuesMonth(TimeStampedModel):
    """One member's dues for one month: what is due, what was paid, and any approval."""

    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="dues_months"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(
        "月份", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount_due = yuan_field("应交金额（元）")
    approved_amount = yuan_field(
        "核准应交金额（元）", null=True, blank=True, help_text="减交后应交的金额；免交为 0"
    )
    amount_paid = yuan_field("实交金额（元）", default=0)
    status = models.CharField(
        "状态", max_length=8, choices=DuesStatus.choices, default=DuesStatus.UNPAID
    )
    paid_on = models.DateField("交纳日期", null=True, blank=True)
    # Blank on months paid before the method was recorded; every new payment names one.
    method = models.CharField(
        "交纳方式", max_length=16, choices=PaymentMethod.choices, blank=True, default=""
    )
    decided_on = models.DateField("支部决定日期", null=True, blank=True)
    approval_number = models.CharField("批准文号", max_length=100, blank=True, default="")
    approved_on = models.DateField("上级批准日期", null=True, blank=True)
    approver = models.CharField("批准党组织", max_length=100, blank=True, default="")
    reason = models.CharField("减免原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "月度党费"
        verbose_name_plural = "月度党费"
        ordering = ["-year", "-month", "member__name", "id"]
        indexes = [
            models.Index(fields=["year", "month", "status"], name="dues_month_period_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "month"],
                name="dues_month_member_period_unique",
                violation_error_message="该党员该月的党费记录已存在",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12),
                name="dues_month_month_range",
                violation_error_message="月份应为 1–12",
            ),
            models.CheckConstraint(
                condition=Q(amount_due__gte=0) & Q(amount_paid__gte=0),
                name="dues_month_not_negative",
                violation_error_message="金额不能为负数",
            ),
            models.CheckConstraint(
                condition=~Q(status=DuesStatus.PAID) | Q(paid_on__isnull=False),
                name="dues_month_paid_has_date",
                violation_error_message="已交的党费须有交纳日期",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=APPROVED_STATUSES)
                | (
                    Q(decided_on__isnull=False)
                    & Q(approved_on__isnull=False)
                    & Q(approved_amount__isnull=False)
                    & ~Q(approval_number="")
                    & ~Q(approver="")
                ),
                name="dues_month_relief_approved",
                violation_error_message="减交或免交须有支部决定日期、上级批准文号、批准日期和批准党组织",
            ),
        ]

    def __str__(self):
        return f"{self.year}年{self.month}月党费"

    @property
    def payable_amount(self):
        """What settles the month: the approved amount after a reduction, else the amount due."""
        return self.approved_amount if self.approved_amount is not None else self.amount_due


class DuesEventKind(models.TextChoices):
    BASE_SET = "base_set", "核定基数"
    MONTHS_OPENED = "months_opened", "生成月度台账"
    PAID = "paid", "交纳"
    REDUCED = "reduced", "批准减交"
    WAIVED = "waived", "批准免交"


class DuesEvent(models.Model):
    """A typed workflow event with the acting user (on top of the generic change history)."""

    kind = models.CharField("事件", max_length=16, choices=DuesEventKind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dues_month = models.ForeignKey(
        DuesMonth,
        verbose_name="月度党费",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    amount = yuan_field("金额（元）", null=True, blank=True)
    count = models.PositiveIntegerField("记录数", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "党费事件"
        verbose_name_plural = "党费事件"
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return self.get_kind_display()
