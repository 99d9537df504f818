from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from liangxin.core.models import TimeStampedModel
from liangxin.core.pinyin import NameInitials, initials_field, initials_index
from liangxin.core.validators import validate_dates_not_in_future, validate_uscc


class UnitCategory(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL = "individual", "个体工商户"
    SOCIAL = "social", "社会组织"
    LAW_FIRM = "law_firm", "律师事务所"


class Ownership(models.TextChoices):
    PRIVATE = "private", "民营"
    FOREIGN = "foreign", "外资"
    HMT = "hmt", "港澳台资"
    MIXED = "mixed", "混合所有制"


class OperatingStatus(models.TextChoices):
    PREPARING = "preparing", "筹建"
    OPERATING = "operating", "在营"
    SUSPENDED = "suspended", "停产"
    DEREGISTERED = "deregistered", "注销"


class Industry(models.TextChoices):
    """GB/T 4754-2017 门类."""

    A = "A", "A 农、林、牧、渔业"
    B = "B", "B 采矿业"
    C = "C", "C 制造业"
    D = "D", "D 电力、热力、燃气及水生产和供应业"
    E = "E", "E 建筑业"
    F = "F", "F 批发和零售业"
    G = "G", "G 交通运输、仓储和邮政业"
    H = "H", "H 住宿和餐饮业"
    I = "I", "I 信息传输、软件和信息技术服务业"  # noqa: E741
    J = "J", "J 金融业"
    K = "K", "K 房地产业"
    L = "L", "L 租赁和商务服务业"
    M = "M", "M 科学研究和技术服务业"
    N = "N", "N 水利、环境和公共设施管理业"
    O = "O", "O 居民服务、修理和其他服务业"  # noqa: E741
    P = "P", "P 教育"
    Q = "Q", "Q 卫生和社会工作"
    R = "R", "R 文化、体育和娱乐业"
    S = "S", "S 公共管理、社会保障和社会组织"
    T = "T", "T 国际组织"


class ControlType(models.TextChoices):
    """控股情况, the eight codes of 党内统计 表27 (2017). One code per unit, the finest
    that applies; the form's "其中" columns are unions (statforms.editions)."""

    PRIVATE_CONTROLLED = "private_controlled", "私有经济控制"
    PRIVATE_SOLE = "private_sole", "私营独资"
    HMT_INVESTED = "hmt_invested", "港澳台商投资"
    FOREIGN_INVESTED = "foreign_invested", "外商投资"
    HMT_CONTROLLED = "hmt_controlled", "港澳台商经济控制"
    HMT_SOLE = "hmt_sole", "港澳台商独资"
    FOREIGN_CONTROLLED = "foreign_controlled", "外商经济控制"
    FOREIGN_SOLE = "foreign_sole", "外商独资"


class SocialSubtype(models.TextChoices):
    """社会组织 kinds of 党内统计 表30 (2017)."""

    ASSOCIATION = "association", "社会团体"
    FOUNDATION = "foundation", "基金会"
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise", "民办非企业单位"
    LAW_FIRM = "law_firm", "律师事务所"
    ACCOUNTING_FIRM = "accounting_firm", "会计师事务所"
    TAX_FIRM = "tax_firm", "税务师事务所"


class EnterpriseTag(models.Model):
    """专精特新, 高新技术企业, 世界500强投资, 上市 (seeded by migration)."""

    code = models.SlugField("标签代码", max_length=32, unique=True)
    name = models.CharField("标签名称", max_length=32, unique=True)

    class Meta:
        verbose_name = "企业标签"
        verbose_name_plural = "企业标签"
        ordering = ["id"]

    def __str__(self):
        return self.name


class Enterprise(NameInitials, TimeStampedModel):
    """两新组织台账 (一户一表): non-public enterprises and new social organizations."""

    dates_not_in_future = ("registered_on",)  # 成立日期 (core.validators)

    # Unique by a named constraint (Meta), not unique=True, for the reason of the name index.
    uscc = models.CharField("统一社会信用代码", max_length=18, validators=[validate_uscc])
    name = models.CharField("企业名称", max_length=200)
    name_initials = initials_field()
    category = models.CharField(
        "单位类别", max_length=12, choices=UnitCategory.choices, default=UnitCategory.ENTERPRISE
    )
    ownership = models.CharField(
        "企业类型", max_length=8, choices=Ownership.choices, blank=True, default=""
    )
    industry = models.CharField(
        "行业门类", max_length=1, choices=Industry.choices, blank=True, default=""
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="enterprises",
        db_index=False,  # enterprise_region_status_idx starts with the region
    )
    address = models.CharField("地址", max_length=200, blank=True, default="")
    registered_on = models.DateField("成立日期", null=True, blank=True)
    status = models.CharField(
        "经营状态",
        max_length=12,
        choices=OperatingStatus.choices,
        default=OperatingStatus.OPERATING,
    )
    employee_count = models.PositiveIntegerField("职工人数", default=0)
    above_scale = models.BooleanField("是否规上", default=False)
    above_quota = models.BooleanField("是否限上", default=False)
    annual_output = models.DecimalField(
        "年产值（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    tags = models.ManyToManyField(EnterpriseTag, verbose_name="标签", blank=True)
    investor_is_member = models.BooleanField("出资人是否党员", default=False)
    charter_includes_party = models.BooleanField("党建入章", default=False)
    chamber = models.CharField("所属商会", max_length=100, blank=True, default="")
    # 党内统计 (WORK.md §7 "Ledger fields to add"): added after the first release.
    is_legal_entity = models.BooleanField("是否法人单位", default=True)
    control_type = models.CharField(
        "控制类型", max_length=20, choices=ControlType.choices, blank=True, default=""
    )
    # 在岗职工 is a subset of 从业人员 (employee_count); unknown (null) until reported.
    staff_on_post = models.PositiveIntegerField("在岗职工人数", null=True, blank=True)
    legal_rep_is_member = models.BooleanField("法定代表人是否党员", default=False)
    legal_rep_is_secretary = models.BooleanField("法定代表人是否兼任书记", default=False)
    social_subtype = models.CharField(
        "社会组织类型", max_length=24, choices=SocialSubtype.choices, blank=True, default=""
    )
    assessment_grade = models.PositiveSmallIntegerField(
        "评估等级",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "评估等级应为1A到5A"),
            MaxValueValidator(5, "评估等级应为1A到5A"),
        ],
    )

    class Meta:
        verbose_name = "市场主体"
        verbose_name_plural = "市场主体"
        ordering = ["name", "id"]
        # Every index is paid for on each imported row. A Meta index on the name, not
        # db_index: PostgreSQL would add a second, varchar_pattern_ops one for LIKE 'x%',
        # which no search runs (they are icontains).
        indexes = [
            models.Index(fields=["name"], name="enterprise_name_idx"),
            initials_index("enterprise_initials_idx"),
            models.Index(fields=["region", "status"], name="enterprise_region_status_idx"),
            models.Index(fields=["category", "status"], name="enterprise_cat_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], name="enterprise_uscc_unique"),
            models.CheckConstraint(
                condition=models.Q(annual_output__isnull=True) | models.Q(annual_output__gte=0),
                name="enterprise_output_not_negative",
                violation_error_message="年产值不能为负数",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        validate_dates_not_in_future(self)
