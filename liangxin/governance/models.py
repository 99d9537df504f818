"""班子成员 of a Party organization and the company posts they hold (WORK.md §7, issue 20).

What the figures need is held here and nothing more: 双向进入、交叉任职 and the 泉州 figures
are computed from these rows (selectors), never stored. A committee member is personal
data: the audit log keeps every change; no ID number or phone is held."""

from django.db import models
from django.db.models import Q


class PartyPost(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY = "deputy", "副书记"
    MEMBER = "member", "委员"


# The posts that lead the organization (泉州: 书记、副书记 of above-scale enterprises).
LEADING_POSTS = (PartyPost.SECRETARY, PartyPost.DEPUTY)


class Duty(models.TextChoices):
    """分工: the usual divisions of a 支委会/党委 (a secretary or deputy may have none)."""

    NONE = "", "（无）"
    ORGANIZATION = "organization", "组织委员"
    PROPAGANDA = "propaganda", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    YOUTH = "youth", "青年委员"
    WOMEN = "women", "妇女委员"
    MASS = "mass", "群工委员"


class Management(models.TextChoices):
    """The member's rung in the company's management, one at a time."""

    NONE = "", "不在管理层"
    SENIOR = "senior", "经理层（高级管理人员）"
    MIDDLE = "middle", "中层管理"


class CommitteeMember(models.Model):
    """One term of one person on an organization's committee. Ending the term keeps the
    row (the history of the 班子); 在任 on a day = started by it and not ended before it."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.CASCADE,
        related_name="committee_members",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_terms",
        help_text="台账中的党员；不在台账的填写姓名",
    )
    # Copied from the member when one is linked: the row still reads after the member goes.
    name = models.CharField("姓名", max_length=50)
    party_post = models.CharField("党内职务", max_length=10, choices=PartyPost.choices)
    duty = models.CharField("分工", max_length=14, choices=Duty.choices, blank=True, default="")
    company_title = models.CharField(
        "企业职务", max_length=50, blank=True, default="", help_text="如：董事长、总经理"
    )
    on_board = models.BooleanField("董事会成员", default=False)
    management = models.CharField(
        "管理层级", max_length=8, choices=Management.choices, blank=True, default=""
    )
    on_supervisory_board = models.BooleanField("监事会成员", default=False)
    in_union = models.BooleanField("工会任职", default=False)
    term_started_on = models.DateField("任职日期")
    term_ended_on = models.DateField("离任日期", null=True, blank=True)
    end_reason = models.CharField("离任原因", max_length=100, blank=True, default="")
    note = models.CharField("备注", max_length=200, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "班子成员"
        verbose_name_plural = "班子成员"
        ordering = ["organization", "term_ended_on", "party_post", "term_started_on", "id"]
        indexes = [
            models.Index(fields=["organization", "term_ended_on"], name="committee_org_term_idx"),
            models.Index(fields=["member"], name="committee_member_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ended_on__isnull=True)
                | Q(term_ended_on__gte=models.F("term_started_on")),
                name="committee_term_order",
                violation_error_message="离任日期不能早于任职日期",
            ),
            models.UniqueConstraint(
                fields=["organization", "member"],
                condition=Q(term_ended_on__isnull=True, member__isnull=False),
                name="committee_member_once",
                violation_error_message="该党员已是本组织在任班子成员，不能重复添加",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(term_ended_on__isnull=True, party_post="secretary"),
                name="committee_one_secretary",
                violation_error_message="本组织已有在任书记，请先登记原书记离任",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_party_post_display()}）"

    @property
    def in_office(self) -> bool:
        return self.term_ended_on is None

    @property
    def company_posts(self) -> list[str]:
        posts = []
        if self.on_board:
            posts.append("董事会")
        if self.management:
            posts.append(self.get_management_display())
        if self.on_supervisory_board:
            posts.append("监事会")
        if self.in_union:
            posts.append("工会")
        return posts

    @property
    def two_way(self) -> bool:
        """双向进入: a committee member in the company's 董事会、监事会 or 经理层."""
        return self.on_board or self.on_supervisory_board or self.management == Management.SENIOR

    @property
    def company_leader(self) -> bool:
        """交叉任职 of a secretary: in the 董事会 or the 经理层."""
        return self.on_board or self.management == Management.SENIOR
