from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from liangxin.core.models import TimeStampedModel
from liangxin.core.pinyin import NameInitials, initials_field, initials_index
from liangxin.core.validators import validate_dates_not_in_future, validate_not_reserved_code


class OrgKind(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", "党工委"
    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    TEMPORARY_BRANCH = "temporary_branch", "临时党支部"
    GROUP = "group", "党小组"


# DOMAIN.md §3: only these kinds cover enterprises (a 党小组 is not an
# organization for coverage, a 党工委 leads but does not cover).
COVERING_KINDS = (
    OrgKind.COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
    OrgKind.JOINT_BRANCH,
    OrgKind.TEMPORARY_BRANCH,
)


class Formation(models.TextChoices):
    SINGLE = "single", "单独组建"
    JOINT = "joint", "联合组建"
    REGIONAL = "regional", "区域联建"
    INDUSTRY = "industry", "行业联建"
    ATTACHED = "attached", "挂靠"


class StarCategory(models.TextChoices):
    MODEL = "model", "示范类"
    STANDARD = "standard", "达标类"
    GROWING = "growing", "成长类"
    INCUBATING = "incubating", "孵化类"


class PartyOrganizationQuerySet(MP_NodeQuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(models.Q(dissolved_on__isnull=True) | models.Q(dissolved_on__gt=on))

    def covering(self, on=None):
        return self.active(on).filter(kind__in=COVERING_KINDS)


class PartyOrganizationManager(MP_NodeManager.from_queryset(PartyOrganizationQuerySet)):
    def get_queryset(self):
        return PartyOrganizationQuerySet(self.model, using=self._db).order_by("path")


class PartyOrganization(NameInitials, MP_Node):
    """党组织 tree; subtree = path prefix."""

    # 成立日期 has happened; 撤销日期 may be planned ahead (coverage counts the
    # organization until that day, coverage.definitions). 本届任期开始 is left free: a
    # committee elected ahead of the handover enters the day its term begins.
    dates_not_in_future = ("established_on",)

    code = models.CharField(
        "组织编码", max_length=32, unique=True, validators=[validate_not_reserved_code]
    )
    name = models.CharField("组织名称", max_length=200, db_index=True)
    name_initials = initials_field()
    kind = models.CharField("组织类别", max_length=20, choices=OrgKind.choices)
    formation = models.CharField("组建方式", max_length=10, choices=Formation.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    covered_enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name="覆盖企业",
        through="CoverageLink",
        related_name="covering_organizations",
        blank=True,
    )
    established_on = models.DateField("成立日期", null=True, blank=True)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    term_started_on = models.DateField("本届任期开始", null=True, blank=True)
    # 1–10: the warnings reach back at most MAX_TERM_YEARS (organizations.warnings); a
    # longer term would never be reminded.
    term_years = models.PositiveSmallIntegerField(
        "任期（年）",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "任期（年）应在1到10之间"),
            MaxValueValidator(10, "任期（年）应在1到10之间"),
        ],
        help_text="留空按组织类别：党委5年，党总支、党支部3年",
    )
    secretary = models.ForeignKey(
        "members.Member",
        verbose_name="书记",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretary_of",
    )
    secretary_name = models.CharField("书记姓名", max_length=50, blank=True, default="")
    secretary_is_investor = models.BooleanField("书记是否出资人", default=False)
    has_committee = models.BooleanField(
        "设立委员会", default=False, help_text="支部委员会、总支委员会或党委委员会"
    )
    star_level = models.PositiveSmallIntegerField("星级", null=True, blank=True)
    star_category = models.CharField(
        "星级类别", max_length=12, choices=StarCategory.choices, blank=True, default=""
    )
    brand = models.CharField("党建品牌", max_length=100, blank=True, default="")
    # 党内统计 表30 (WORK.md §7): added after the first release.
    has_party_group = models.BooleanField("是否建立党小组", default=False)
    formed_by_untransferred = models.BooleanField("由未转入组织关系的党员组建", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PartyOrganizationManager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        indexes = [
            models.Index(
                fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["region", "kind"], name="org_region_kind_idx"),
            initials_index("org_initials_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dissolved_on__isnull=True)
                | models.Q(established_on__isnull=True)
                | models.Q(dissolved_on__gte=models.F("established_on")),
                name="org_dissolved_after_established",
                violation_error_message="撤销日期不能早于成立日期",
            ),
            models.CheckConstraint(
                condition=models.Q(star_level__isnull=True)
                | models.Q(star_level__gte=1, star_level__lte=6),
                name="org_star_level_range",
                violation_error_message="星级应在1到6之间",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        validate_dates_not_in_future(self)

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None and self.dissolved_on <= timezone.localdate()

    @property
    def covers_enterprises(self) -> bool:
        return self.kind in COVERING_KINDS and not self.is_dissolved


class CoverageLink(models.Model):
    """An organization covers an enterprise (a joint branch covers several)."""

    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.CASCADE, related_name="coverage_links"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="coverage_links"
    )

    class Meta:
        verbose_name = "覆盖关系"
        verbose_name_plural = "覆盖关系"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "enterprise"],
                name="coverage_link_unique",
                violation_error_message="该党组织已覆盖此企业",
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "organization"], name="coverage_ent_org_idx")]

    def __str__(self):
        return f"{self.organization_id} → {self.enterprise_id}"


class StationLevel(models.TextChoices):
    TOWN_BENCHMARK = "town_benchmark", "镇级标杆"
    ENTERPRISE_MODEL = "enterprise_model", "企业示范"
    AREA = "area", "片区站点"


class PartyStation(TimeStampedModel):
    """党建工作站 / 党群服务中心 (阵地): a place, not an organization."""

    name = models.CharField("名称", max_length=200)
    level = models.CharField("等级", max_length=20, choices=StationLevel.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="stations"
    )
    address = models.CharField("地址", max_length=200, blank=True, default="")
    organizations = models.ManyToManyField(
        PartyOrganization, verbose_name="服务的党组织", blank=True, related_name="stations"
    )

    class Meta:
        verbose_name = "党建阵地"
        verbose_name_plural = "党建阵地"

    def __str__(self):
        return self.name
