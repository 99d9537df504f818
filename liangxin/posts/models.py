from django.db import models

from liangxin.core.models import TimeStampedModel


class PostKind(models.TextChoices):
    """The posts and teams the seeds describe (平湖, 泉州, 张家港 …)."""

    VANGUARD_POST = "vanguard_post", "党员先锋岗"
    MODEL_POST = "model_post", "党员示范岗"
    RESPONSIBILITY_AREA = "responsibility_area", "党员责任区"
    RATING_BOARD = "rating_board", "党员评比台"
    VANGUARD_TEAM = "vanguard_team", "党员先锋队"
    TECH_TEAM = "tech_team", "科技攻坚队"
    WORKSHOP_COMMISSAR = "workshop_commissar", "车间政委"
    SECRETARY_HOTLINE = "secretary_hotline", "书记热线"


# A team (先锋队, 攻坚队) is a record with its members (Team), not one row per member.
TEAM_KINDS = (PostKind.VANGUARD_TEAM, PostKind.TECH_TEAM)
POST_KINDS = tuple(kind for kind in PostKind if kind not in TEAM_KINDS)


class TeamKind(models.TextChoices):
    """The team kinds of PostKind, same values (counts add posts and teams up by kind)."""

    VANGUARD_TEAM = PostKind.VANGUARD_TEAM.value, PostKind.VANGUARD_TEAM.label
    TECH_TEAM = PostKind.TECH_TEAM.value, PostKind.TECH_TEAM.label


class PostAssignment(TimeStampedModel):
    """A member assigned to a post of an organization, for a period."""

    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.CASCADE, related_name="posts"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="posts",
    )
    kind = models.CharField("类别", max_length=24, choices=PostKind.choices)
    title = models.CharField("名称", max_length=100, help_text="如：数控车间党员先锋岗")
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "先锋岗与队伍"
        verbose_name_plural = "先锋岗与队伍"
        ordering = ["-started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "title", "started_on"],
                name="post_assignment_unique",
                violation_error_message="该党员已在同一日期被安排到此岗位",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="post_ended_after_started",
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=TEAM_KINDS),
                name="post_kind_not_team",
                violation_error_message="党员先锋队、科技攻坚队请登记为队伍，再添加队员",
            ),
        ]
        indexes = [models.Index(fields=["organization", "kind"], name="post_org_kind_idx")]

    def __str__(self):
        return self.title

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None


class Team(TimeStampedModel):
    """A team (党员先锋队, 科技攻坚队) of an organization, with a leader and its members."""

    name = models.CharField("队伍名称", max_length=100, help_text="如：织造车间党员先锋队")
    kind = models.CharField("类别", max_length=24, choices=TeamKind.choices)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="teams",
    )
    leader = models.ForeignKey(
        "members.Member",
        verbose_name="队长",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
    )
    formed_on = models.DateField("组建日期")
    ended_on = models.DateField("撤销日期", null=True, blank=True)
    members = models.ManyToManyField(
        "members.Member",
        verbose_name="队员",
        through="TeamMembership",
        related_name="teams",
        blank=True,
    )

    class Meta:
        verbose_name = "党员队伍"
        verbose_name_plural = "党员队伍"
        ordering = ["-formed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name", "formed_on"],
                name="team_unique",
                violation_error_message="该党组织已在同一日期组建同名队伍",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("formed_on")),
                name="team_ended_after_formed",
                violation_error_message="撤销日期不能早于组建日期",
            ),
        ]
        indexes = [models.Index(fields=["organization", "kind"], name="team_org_kind_idx")]

    def __str__(self):
        return self.name

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None


class TeamMembership(TimeStampedModel):
    """A member in a team, from joining to leaving."""

    team = models.ForeignKey(
        Team, verbose_name="队伍", on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员",
        on_delete=models.CASCADE,
        related_name="team_memberships",
    )
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = "队员"
        verbose_name_plural = "队员"
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "member", "joined_on"],
                name="team_membership_unique",
                violation_error_message="该党员已在同一日期加入此队伍",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="team_left_after_joined",
                violation_error_message="退出日期不能早于加入日期",
            ),
        ]

    def __str__(self):
        return f"{self.team_id}：{self.member_id}"
