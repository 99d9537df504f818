"""三张清单 and the service menu (WORK.md §5 [L:泉州]): resources, needs and services matched;
activities of centres and stations; service events (高校行, 招商推介会 …) with their outcomes.

A need is matched to a resource or to an item of the service menu; delivering the match
writes its service record. Activity and event types are data a district edits (seeded
with their sources, ``defaults``)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from liangxin.core.models import TimeStampedModel

MAX_COUNT = 1_000_000  # no activity, event or service reaches a million people


class Group(models.TextChoices):
    """The groups the service menu serves [L:泉州]."""

    PARTY = "party", "党组织和党员"
    WORKERS = "workers", "职工群众"
    ENTERPRISES = "enterprises", "企业和人才"


class RequesterKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    MEMBER = "member", "党员"
    STAFF = "staff", "职工"


# The group a requester belongs to, the need's default group.
GROUP_OF_REQUESTER = {
    RequesterKind.ENTERPRISE: Group.ENTERPRISES,
    RequesterKind.MEMBER: Group.PARTY,
    RequesterKind.STAFF: Group.WORKERS,
}


class NeedState(models.TextChoices):
    OPEN = "open", "待对接"
    MATCHED = "matched", "已对接"
    SERVED = "served", "已服务"
    CLOSED = "closed", "已关闭"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class ProvidedBy(models.Model):
    """Who offers: a party organization, or a unit named in words (a bureau, a hospital);
    ``provider_name`` always holds the name shown (the organization's when one is linked)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    provider_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="提供党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider_name = models.CharField("提供单位", max_length=80)

    class Meta:
        abstract = True


class Resource(ProvidedBy, TimeStampedModel):
    """资源清单: what a unit or organization can offer."""

    item = models.CharField("资源项目", max_length=100)
    capacity = models.CharField("可提供量", max_length=100, help_text="如：每月 20 人次")
    group = models.CharField("服务对象", max_length=12, choices=Group.choices)
    note = models.CharField("说明", max_length=500, blank=True, default="")
    active = models.BooleanField("可用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "资源清单"
        ordering = ["region__path", "provider_name", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "provider_name", "item"],
                name="servicelists_resource_unique",
                violation_error_message="该单位在本区域已登记同名资源",
            ),
            models.CheckConstraint(
                condition=Q(group__in=Group.values),
                name="servicelists_resource_group_valid",
                violation_error_message="服务对象无效",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_name}：{self.item}"


class ServiceItem(ProvidedBy, TimeStampedModel):
    """服务菜单 (菜单式服务目录): a service with its process and the group it serves."""

    title = models.CharField("服务项目", max_length=100)
    process = models.TextField("办理流程", max_length=2000, help_text="每行一步")
    group = models.CharField("服务对象", max_length=12, choices=Group.choices)
    active = models.BooleanField("上架", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务菜单"
        ordering = ["group", "region__path", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "provider_name", "title"],
                name="servicelists_item_unique",
                violation_error_message="该单位在本区域已有同名服务项目",
            ),
            models.CheckConstraint(
                condition=Q(group__in=Group.values),
                name="servicelists_item_group_valid",
                violation_error_message="服务对象无效",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.provider_name}）"

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.process.splitlines() if line.strip()]


class Need(TimeStampedModel):
    """需求清单: what an enterprise, a member or a worker asks for. A worker is kept with
    the least personal data: a name (or 称呼) and, optionally, the employer."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    requester_kind = models.CharField("提出方", max_length=12, choices=RequesterKind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_needs",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_needs",
    )
    requester_name = models.CharField("提出人", max_length=40)
    item = models.CharField("需求内容", max_length=200)
    # The code of a NeedCategory (a district's table, issue 18): kept as the code the rows
    # held when the categories were a fixed list, checked against the table by the service;
    # a category is never deleted (only switched off) and its code never changes.
    category = models.CharField("类别", max_length=12)
    group = models.CharField("服务对象", max_length=12, choices=Group.choices)
    received_on = models.DateField("提出日期")
    state = models.CharField(
        "状态", max_length=10, choices=NeedState.choices, default=NeedState.OPEN
    )
    close_reason = models.CharField("关闭原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "需求清单"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on"], name="servicelists_need_received")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester_kind=RequesterKind.ENTERPRISE) | Q(enterprise__isnull=False),
                name="servicelists_need_enterprise",
                violation_error_message="企业提出的需求须选择企业",
            ),
            models.CheckConstraint(
                condition=~Q(requester_kind=RequesterKind.MEMBER) | Q(member__isnull=False),
                name="servicelists_need_member",
                violation_error_message="党员提出的需求须选择党员",
            ),
            models.CheckConstraint(
                condition=Q(state__in=NeedState.values),
                name="servicelists_need_state_valid",
                violation_error_message="需求状态无效",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_name}：{self.item}"


class Match(TimeStampedModel):
    """对接: a need ↔ a resource or a service item (one of the two)."""

    need = models.OneToOneField(
        Need, verbose_name="需求", on_delete=models.CASCADE, related_name="match"
    )
    resource = models.ForeignKey(
        Resource,
        verbose_name="资源",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matches",
    )
    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name="服务项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matches",
    )
    matched_on = models.DateField("对接日期")
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="对接人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "需求对接"
        constraints = [
            models.CheckConstraint(
                condition=Q(resource__isnull=False, service_item__isnull=True)
                | Q(resource__isnull=True, service_item__isnull=False),
                name="servicelists_match_one_offer",
                violation_error_message="请选择一项资源或一个服务项目（只选一项）",
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.offer}"

    @property
    def offer(self):
        return self.resource or self.service_item


class ServiceRecord(TimeStampedModel):
    """服务清单: what was delivered for a match."""

    match = models.OneToOneField(
        Match, verbose_name="对接", on_delete=models.CASCADE, related_name="record"
    )
    served_on = models.DateField("服务日期")
    beneficiaries = models.PositiveIntegerField("受益人数")
    outcome = models.CharField("服务成效", max_length=500)
    rating = models.CharField("评价", max_length=12, choices=Rating.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "服务记录"
        ordering = ["-served_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(beneficiaries__gte=1, beneficiaries__lte=MAX_COUNT),
                name="servicelists_record_beneficiaries",
                violation_error_message="受益人数应在 1 至 1000000 之间",
            )
        ]

    def __str__(self) -> str:
        return f"{self.match.need}（{self.served_on:%Y-%m-%d}）"


class KindBase(models.Model):
    """A type a district edits, with the source of its name."""

    name = models.CharField("名称", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=200, blank=True, default="")
    active = models.BooleanField("启用", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


CATEGORY_CODE = RegexValidator(
    r"^[a-z][a-z0-9_]{0,11}\Z", "代码须以小写英文字母开头，只含小写字母、数字和下划线，最多 12 位"
)


class NeedCategory(KindBase):
    """A category of needs (政策咨询, 用工招聘 …): the district's list; a need keeps the code."""

    code = models.CharField(
        "代码",
        max_length=12,
        unique=True,
        validators=[CATEGORY_CODE],
        error_messages={"unique": "已有使用该代码的需求类别"},
        help_text="小写英文字母开头，如 housing；保存后不能修改",
    )

    class Meta(KindBase.Meta):
        verbose_name = verbose_name_plural = "需求类别"


class ActivityType(KindBase):
    class Meta(KindBase.Meta):
        verbose_name = verbose_name_plural = "阵地活动类型"


class Activity(TimeStampedModel):
    """An activity of a service centre or station (邻里共享日, 青春学堂 …)."""

    activity_type = models.ForeignKey(
        ActivityType, verbose_name="活动类型", on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField("活动名称", max_length=100)
    held_on = models.DateField("活动日期")
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    # The place as a record (issue 19, venues); the name stays for places not on record
    # (a park, a village hall) and for the activities entered before.
    place = models.ForeignKey(
        "organizations.PartyStation",
        verbose_name="活动阵地",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    place_name = models.CharField("活动地点", max_length=100)
    organizer = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.PositiveIntegerField("参加人数")
    members = models.ManyToManyField(
        "members.Member", verbose_name="参加党员", blank=True, related_name="+"
    )
    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name="对应服务项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    note = models.CharField("活动内容", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "阵地活动"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "held_on", "title"],
                name="servicelists_activity_unique",
                violation_error_message="本区域当天已登记同名活动",
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1, participants__lte=MAX_COUNT),
                name="servicelists_activity_participants",
                violation_error_message="参加人数应在 1 至 1000000 之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"


class EventType(KindBase):
    class Meta(KindBase.Meta):
        verbose_name = verbose_name_plural = "服务活动类型"


class Event(TimeStampedModel):
    """A service event (高校行, 招商推介会, 交易会, 红色见面会 …) with its outcomes.

    The talent pool (workforce.Placement) records the people recommended to an enterprise
    at a 红色见面会 one by one, naming the event in words; this is the event as a whole
    (firms, posts, intentions, contracts). Nothing is counted twice: the pool's figures
    are per person, these per event. workforce sits above this app, so a link from a
    placement to an Event would be made there, not here."""

    event_type = models.ForeignKey(
        EventType, verbose_name="活动类型", on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField("活动名称", max_length=100)
    held_on = models.DateField("活动日期")
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    organizer = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="主办党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organizer_name = models.CharField("主办单位", max_length=80)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name="参加企业", blank=True, related_name="+"
    )
    other_enterprises = models.PositiveIntegerField(
        "台账外参加企业数", default=0, help_text="未在本平台台账中的参加企业（如外地企业）"
    )
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "服务活动"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "held_on", "title"],
                name="servicelists_event_unique",
                violation_error_message="本区域当天已登记同名活动",
            ),
            models.CheckConstraint(
                condition=Q(other_enterprises__lte=MAX_COUNT),
                name="servicelists_event_other_bounded",
                violation_error_message="台账外参加企业数过大",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"


class OutcomeKind(models.TextChoices):
    POSTS = "posts", "岗位（个）"
    PEOPLE = "people", "参加人数（人）"
    INTENTIONS = "intentions", "达成意向（个）"
    CONTRACTS = "contracts", "签约（个）"
    AMOUNT = "amount", "金额（万元）"


# Kinds counted in whole numbers; only the amount has decimals.
WHOLE_KINDS = (OutcomeKind.POSTS, OutcomeKind.PEOPLE, OutcomeKind.INTENTIONS, OutcomeKind.CONTRACTS)


class EventOutcome(models.Model):
    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField("成效类型", max_length=12, choices=OutcomeKind.choices)
    value = models.DecimalField("数量", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "服务活动成效"
        ordering = ["event", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind"],
                name="servicelists_outcome_unique",
                violation_error_message="同一活动的同类成效只能登记一行",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=10**11),
                name="servicelists_outcome_value_range",
                violation_error_message="成效数量应在 0 至 1000 亿之间",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OutcomeKind.values),
                name="servicelists_outcome_kind_valid",
                violation_error_message="成效类型无效",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.value}"
