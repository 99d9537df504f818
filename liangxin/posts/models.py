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


class PostAssignment(TimeStampedModel):
    """A member assigned to a post or team of an organization, for a period."""

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
        ]
        indexes = [models.Index(fields=["organization", "kind"], name="post_org_kind_idx")]

    def __str__(self):
        return f"{self.title}：{self.member_id}"
