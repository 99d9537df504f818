"""Places (阵地, WORK.md §6): the 党群服务中心, 党建工作站, 邻里中心 and their stations.

organizations.PartyStation stays THE place record (workforce posts party workers at it, the
demo writes it); a place's profile here adds what §6 asks of a venue: kind and level (data
rows a district edits), the parent centre ("一中心多站点" [L:泉州]), area, rooms, hours,
facilities, services and contact. Standard items (VenueStandard) are checked like a checklist
(VenueCheck with one VenueCheckItem per item, the score the sum of the met items' points).

Why not standards.ChecklistTemplate/ChecklistResult: a result's subject is a required
PartyOrganization (one result per organization, template and year) with a self-check →
town-check workflow; a place is not an organization and is checked on a date by a visitor,
so holding a place there would need changes to standards. The check here is small."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from liangxin.core.models import TimeStampedModel
from liangxin.organizations.models import StationLevel

MAX_AREA = 1_000_000  # m²; no centre is a square kilometre under one roof
MAX_ROOMS = 1000
MAX_POINTS = 100


class Vocabulary(models.Model):
    """A configurable set a district edits: a stable code for the engines, a name, its source."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=200, blank=True, default="")
    active = models.BooleanField("启用", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class VenueKind(Vocabulary):
    """区域/园区/楼宇/商圈 党群服务中心, 党建工作站, 企业中心, 党员活动室, 邻里中心, 服务站."""

    is_centre = models.BooleanField("中心（可下设站点）", default=False)

    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "阵地类型"


class VenueLevel(Vocabulary):
    """镇级标杆, 企业示范, 园区中心, 一般 [L:川姜]; ``station_level`` keeps the old
    PartyStation.level (fixed choices) filled with the closest one."""

    station_level = models.CharField(
        "对应站点等级", max_length=20, choices=StationLevel.choices, default=StationLevel.AREA
    )

    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "阵地等级"


class VenueProfile(TimeStampedModel):
    """What §6 records of a place beyond the station's name, region, address, organizations."""

    station = models.OneToOneField(
        "organizations.PartyStation",
        verbose_name="阵地",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="venue",
    )
    kind = models.ForeignKey(
        VenueKind, verbose_name="阵地类型", on_delete=models.PROTECT, related_name="profiles"
    )
    level = models.ForeignKey(
        VenueLevel, verbose_name="阵地等级", on_delete=models.PROTECT, related_name="profiles"
    )
    parent = models.ForeignKey(
        "organizations.PartyStation",
        verbose_name="所属中心",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_profiles",
        help_text="一中心多站点：站点所属的党群服务中心",
    )
    area_m2 = models.DecimalField(
        "面积（平方米）",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AREA)],
    )
    rooms = models.PositiveSmallIntegerField(
        "功能室数", null=True, blank=True, validators=[MaxValueValidator(MAX_ROOMS)]
    )
    opening_hours = models.CharField("开放时间", max_length=100, blank=True, default="")
    facilities = models.CharField("设施", max_length=500, blank=True, default="")
    services = models.CharField("服务项目", max_length=500, blank=True, default="")
    contact_name = models.CharField("联系人", max_length=40, blank=True, default="")
    contact_phone = models.CharField("联系电话", max_length=30, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "阵地档案"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("station")),
                name="venues_profile_not_own_parent",
                violation_error_message="阵地不能以自己为所属中心",
            )
        ]

    def __str__(self) -> str:
        return str(self.station)


class VenueStandard(Vocabulary):
    """One standard item (有场所、有标识 …) with its points; no kinds = every kind."""

    points = models.PositiveSmallIntegerField(
        "分值", validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)]
    )
    kinds = models.ManyToManyField(
        VenueKind, verbose_name="适用阵地类型", blank=True, related_name="standards"
    )
    description = models.CharField("标准内容", max_length=200, blank=True, default="")

    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "阵地建设标准"


class VenueCheck(TimeStampedModel):
    """A visit that checks a place against its standard items; score = met items' points."""

    station = models.ForeignKey(
        "organizations.PartyStation",
        verbose_name="阵地",
        on_delete=models.CASCADE,
        related_name="venue_checks",
    )
    checked_on = models.DateField("检查日期")
    checker = models.CharField("检查人", max_length=40)
    score = models.PositiveSmallIntegerField("得分", default=0)
    full_score = models.PositiveSmallIntegerField("满分", default=0)
    note = models.CharField("总体意见", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "阵地检查"
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "checked_on"],
                name="venues_check_unique",
                violation_error_message="该阵地当天已登记检查",
            )
        ]

    def __str__(self) -> str:
        return f"{self.station}（{self.checked_on:%Y-%m-%d}）"


class VenueCheckItem(models.Model):
    """One standard item of a check: met or not, with a note; points copied at the check so a
    later change of the standard does not rewrite past scores."""

    check_record = models.ForeignKey(
        VenueCheck, verbose_name="检查", on_delete=models.CASCADE, related_name="items"
    )
    standard = models.ForeignKey(
        VenueStandard, verbose_name="标准项目", on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField("分值")
    met = models.BooleanField("达标", default=False)
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "阵地检查项目"
        ordering = ["check_record", "standard__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_record", "standard"], name="venues_checkitem_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard}：{'达标' if self.met else '未达标'}"
