"""Mobile members (丹东's four modes) and transfers of the membership relation.

- 流入 inflow: a dual-management agreement (双重管理协议) on record until the
  relation is transferred in.
- 流动 floating: a contact log; where the member is away (MobileProfile).
- 离职 departed: the transfer to the place of residence, tracked until done.
- 川姜's three-source check of inflow members: one InflowPerson per ID number
  (blind index), one InflowRegistration per source and date.
- 组织关系转接: Transfer letters with their typed workflow events.
"""

import uuid

from django.conf import settings
from django.db import models

from liangxin.core.models import (
    DUPLICATE_ID_NUMBER,
    PersonalDataModel,
    TimeStampedModel,
    phone_digest_index,
)
from liangxin.core.validators import validate_dates_not_in_future


class DualManagementAgreement(TimeStampedModel):
    """丹东: members working here whose relation stays elsewhere sign a 双重管理协议."""

    member = models.ForeignKey(
        "members.Member",
        verbose_name="流入党员",
        on_delete=models.PROTECT,
        related_name="dual_agreements",
    )
    number = models.CharField("协议编号", max_length=50)
    signed_on = models.DateField("签订日期")
    home_organization_name = models.CharField("原所在党组织名称", max_length=100)
    home_organization_code = models.CharField(
        "原所在党组织编码", max_length=32, blank=True, default=""
    )
    transferred_in_on = models.DateField("组织关系转入日期", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "双重管理协议"
        verbose_name_plural = "双重管理协议"
        ordering = ["-signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="mobility_agreement_number_unique",
                violation_error_message="该协议编号已登记",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(transferred_in_on__isnull=True),
                name="mobility_agreement_one_open",
                violation_error_message="该党员已有尚未转入组织关系的双重管理协议",
            ),
            models.CheckConstraint(
                condition=models.Q(transferred_in_on__isnull=True)
                | models.Q(transferred_in_on__gte=models.F("signed_on")),
                name="mobility_agreement_transfer_after_signing",
                violation_error_message="转入日期不能早于协议签订日期",
            ),
        ]

    def __str__(self):
        return f"双重管理协议 {self.number}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "电话"
    WECHAT = "wechat", "微信"
    VISIT = "visit", "走访"
    VIDEO = "video", "视频"
    OTHER = "other", "其他"


class ContactLog(TimeStampedModel):
    """丹东: a named person contacts each floating member at least every quarter."""

    dates_not_in_future = ("contacted_on",)  # 联系日期 (core.validators)

    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员",
        on_delete=models.PROTECT,
        related_name="contact_logs",
    )
    contacted_on = models.DateField("联系日期")
    method = models.CharField(
        "联系方式", max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="联系人（平台用户）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True, default="")
    note = models.CharField("情况说明", max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = "流动党员联系记录"
        verbose_name_plural = "流动党员联系记录"
        ordering = ["-contacted_on", "-id"]
        constraints = [
            # One row per member and day: the ledger's key, so a re-import updates it.
            models.UniqueConstraint(
                fields=["member", "contacted_on"],
                name="mobility_contact_one_per_day",
                violation_error_message="该党员当天已有联系记录",
            ),
        ]
        indexes = [models.Index(fields=["member", "-contacted_on"], name="mobility_contact_idx")]

    def __str__(self):
        return f"{self.contacted_on:%Y-%m-%d} 联系记录"

    def clean(self):
        super().clean()
        validate_dates_not_in_future(self)


class MobileProfile(TimeStampedModel):
    """Where a floating member is away, and since when (the Member record has no such field)."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name="党员",
        on_delete=models.CASCADE,
        related_name="mobile_profile",
    )
    away_place = models.CharField(
        "外出地点",
        max_length=100,
        blank=True,
        default="",
        help_text="相对固定的外出务工、经商、居住地，如：江苏省苏州市工业园区",
    )
    away_since = models.DateField("外出时间", null=True, blank=True)

    class Meta:
        verbose_name = "流动党员外出信息"
        verbose_name_plural = "流动党员外出信息"
        indexes = [models.Index(fields=["away_place"], name="mobility_profile_place_idx")]

    def __str__(self):
        return self.away_place or "外出信息"


class InflowSource(models.TextChoices):
    """川姜's 联排机制: 公安部门登记查、企业用人工问、居住村居日常访."""

    POLICE = "police", "公安登记"
    EMPLOYER = "employer", "企业用工"
    VILLAGE = "village", "村居走访"


class InflowPerson(PersonalDataModel):
    """One inflow party member, however many sources found them: keyed by the ID number."""

    name = models.CharField("姓名", max_length=50)
    member = models.ForeignKey(
        "members.Member",
        verbose_name="对应党员档案",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inflow_persons",
    )

    class Meta:
        verbose_name = "流入党员（排查）"
        verbose_name_plural = "流入党员（排查）"
        ordering = ["name", "id"]
        indexes = [phone_digest_index("inflow_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                name="mobility_inflow_person_id_unique",
                violation_error_message="该公民身份号码已登记为流入党员",
                violation_error_code=DUPLICATE_ID_NUMBER,
            ),
        ]

    def __str__(self):
        return self.name


class InflowRegistration(TimeStampedModel):
    """One finding of an inflow person by one source; the person is never duplicated."""

    person = models.ForeignKey(
        InflowPerson,
        verbose_name="流入党员",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    source = models.CharField("登记来源", max_length=10, choices=InflowSource.choices)
    # Each source keeps the name as it wrote it down; the person keeps the first one.
    name_as_registered = models.CharField("登记姓名", max_length=50)
    registered_on = models.DateField("登记日期")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="登记区域",
        on_delete=models.PROTECT,
        related_name="inflow_registrations",
    )
    employer = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="用工单位",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inflow_registrations",
    )
    address_note = models.CharField("居住地址或说明", max_length=200, blank=True, default="")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "流入党员登记"
        verbose_name_plural = "流入党员登记"
        ordering = ["-registered_on", "-id"]
        constraints = [
            # Per region: two towns may each find the same person the same day.
            models.UniqueConstraint(
                fields=["person", "source", "registered_on", "region"],
                name="mobility_registration_unique",
                violation_error_message="该人员在同一日期已由该来源在该区域登记",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.registered_on:%Y-%m-%d}"


class TransferDirection(models.TextChoices):
    OUT = "out", "转出"
    IN = "in", "转入"


class TransferState(models.TextChoices):
    ISSUED = "issued", "开具"
    IN_TRANSIT = "in_transit", "在途"
    RECEIVED = "received", "已接收"
    RETURNED = "returned", "退回"
    EXPIRED = "expired", "过期"


OPEN_STATES = (TransferState.ISSUED, TransferState.IN_TRANSIT)


class TransferReason(models.TextChoices):
    DEPARTED = "departed", "离职转出（属地管理）"
    FLOATING = "floating", "流动转接"
    OTHER = "other", "其他"


class Transfer(TimeStampedModel):
    """组织关系介绍信: out of a platform organization, or in from outside the platform.

    Each side is either a platform organization (FK) or an outside organization
    named in the letter. Between two platform organizations receiving completes
    the transfer and moves the member; with an outside side it is a letter record.
    """

    public_id = models.UUIDField("编号", default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
    )
    person_name = models.CharField(
        "姓名", max_length=50, blank=True, default="", help_text="平台外转入、尚未建档时填写"
    )
    direction = models.CharField("转接方向", max_length=3, choices=TransferDirection.choices)
    reason = models.CharField(
        "转接原因", max_length=10, choices=TransferReason.choices, default=TransferReason.OTHER
    )
    letter_number = models.CharField("介绍信编号", max_length=50)
    issued_on = models.DateField("开具日期")
    valid_until = models.DateField("有效期至")
    from_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="转出党组织",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
    )
    from_organization_name = models.CharField(
        "转出党组织（平台外）", max_length=100, blank=True, default=""
    )
    to_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="转入党组织",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
    )
    to_organization_name = models.CharField(
        "转入党组织（平台外）", max_length=100, blank=True, default=""
    )
    state = models.CharField(
        "状态", max_length=10, choices=TransferState.choices, default=TransferState.ISSUED
    )
    received_on = models.DateField("接收日期", null=True, blank=True)
    returned_on = models.DateField("退回日期", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter_number"],
                name="mobility_transfer_letter_unique",
                violation_error_message="该介绍信编号已登记",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(state__in=["issued", "in_transit"]),
                name="mobility_transfer_one_open",
                violation_error_message="该党员已有正在办理的组织关系转接",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("issued_on")),
                name="mobility_transfer_valid_after_issue",
                violation_error_message="有效期不能早于开具日期",
            ),
            models.CheckConstraint(
                condition=models.Q(from_organization__isnull=False)
                | ~models.Q(from_organization_name=""),
                name="mobility_transfer_has_origin",
                violation_error_message="请填写转出党组织",
            ),
            models.CheckConstraint(
                condition=models.Q(to_organization__isnull=False)
                | ~models.Q(to_organization_name=""),
                name="mobility_transfer_has_destination",
                violation_error_message="请填写转入党组织",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="received") | models.Q(received_on__isnull=False),
                name="mobility_transfer_received_dated",
                violation_error_message="已接收的转接应有接收日期",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "valid_until"], name="mobility_transfer_state_idx"),
        ]

    def __str__(self):
        return f"介绍信 {self.letter_number}"

    @property
    def is_between_platform_organizations(self) -> bool:
        return self.from_organization_id is not None and self.to_organization_id is not None

    @property
    def origin_label(self) -> str:
        return (
            self.from_organization.name
            if self.from_organization_id
            else self.from_organization_name
        )

    @property
    def destination_label(self) -> str:
        return self.to_organization.name if self.to_organization_id else self.to_organization_name

    @property
    def holder_name(self) -> str:
        return self.member.name if self.member_id else self.person_name


class TransferEventKind(models.TextChoices):
    ISSUED = "issued", "开具介绍信"
    SENT = "sent", "介绍信在途"
    RECEIVED = "received", "接收"
    RETURNED = "returned", "退回"
    EXPIRED = "expired", "逾期失效"


class TransferEvent(models.Model):
    """A state change of a transfer with the acting user (ARCHITECTURE example 5)."""

    transfer = models.ForeignKey(
        Transfer, verbose_name="转接", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("事件", max_length=10, choices=TransferEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    happened_on = models.DateField("办理日期")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "转接办理记录"
        verbose_name_plural = "转接办理记录"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.get_kind_display()
