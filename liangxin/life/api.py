"""/api/v1/meetings/: meetings and activities (三会一课, 主题党日 …), scoped.

A meeting is read with its counts, its sign-in sheet and its decisions; it is written
through ``liangxin.life.services`` (meeting_record, meeting_update), which derive the
counts and the quorum from the sheet and judge each decision, so the API takes the
sheet (``attendance``: member, presence, reason) and the votes, never the counts.
Nothing is deleted (405). A meeting answers at its id: its ledger key (组织, 类型,
日期, 主题) is not unique enough to be an address.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import RefuseUnknownFields, ServiceSerializer
from liangxin.api.views import RegistryViewSet
from liangxin.life import selectors, services
from liangxin.life.filters import MeetingFilter
from liangxin.life.models import Attendance, Decision, Meeting
from liangxin.life.services import SheetLine, Vote
from liangxin.members.selectors import member_list
from liangxin.organizations.selectors import organization_list

COUNTS = (
    "expected_count",
    "present_count",
    "excused_count",
    "absent_count",
    "voters_expected",
    "voters_present",
    "quorate",
)


class AttendanceSerializer(RefuseUnknownFields, serializers.ModelSerializer):
    """One line of the sign-in sheet. A member of the organization left off the sheet
    counts as absent (services.expected_members)."""

    member = ScopedKeyField(
        selector=member_list,
        slug_field="public_id",
        key_label="党员编号",
        help_text="党员编号（public_id）",
    )
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["member", "member_name", "presence", "reason", "can_vote"]
        read_only_fields = ["can_vote"]
        extra_kwargs = {"reason": {"help_text": "请假事由（请假时必填）"}}
        validators = []  # one line per member is the service's check, in its words


class DecisionSerializer(RefuseUnknownFields, serializers.ModelSerializer):
    """A motion put to the vote; whether it passed is the service's (支部工作条例)."""

    class Meta:
        model = Decision
        fields = ["text", "votes_for", "votes_against", "votes_abstain", "passed", "outcome_note"]
        read_only_fields = ["passed", "outcome_note"]


class MeetingSerializer(ServiceSerializer):
    organization = ScopedKeyField(
        selector=organization_list,
        slug_field="code",
        key_label="党组织编码",
        help_text="召开会议的党组织编码；创建后不可修改",
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    attendance = AttendanceSerializer(
        many=True,
        required=False,
        max_length=2000,
        help_text="签到表：每名党员一行；修改时给出即整表替换，不给则不变",
    )
    decisions = DecisionSerializer(
        many=True,
        required=False,
        max_length=100,
        help_text="表决事项（仅党员大会、支委会）；修改时给出即整体替换，不给则不变",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "status",
            "held_on",
            "topic",
            "place",
            "host",
            "recorder",
            "lecturer",
            "study_form",
            "first_topic",
            "is_election",
            "content",
            "cancel_reason",
            *COUNTS,
            "attendance",
            "decisions",
        ]
        read_only_fields = list(COUNTS)

    def validate_organization(self, organization):
        if self.instance is not None and organization.pk != self.instance.organization_id:
            raise serializers.ValidationError("不能更换会议所属的党组织：请另行登记")
        return organization

    def create_record(self, data):
        organization = data.pop("organization")
        sheet, votes = self.sheet(data.pop("attendance", [])), self.votes(data.pop("decisions", []))
        return services.meeting_record(
            actor=self.actor, organization=organization, data=data, sheet=sheet, votes=votes
        )

    def update_record(self, instance, data):
        data.pop("organization", None)
        attendance, decisions = data.pop("attendance", None), data.pop("decisions", None)
        return services.meeting_update(
            actor=self.actor,
            meeting=instance,
            data=data,
            sheet=None if attendance is None else self.sheet(attendance),
            votes=None if decisions is None else self.votes(decisions),
        )

    @staticmethod
    def sheet(lines: list[dict]) -> list[SheetLine]:
        return [
            SheetLine(line["member"], line["presence"], line.get("reason", "")) for line in lines
        ]

    @staticmethod
    def votes(decisions: list[dict]) -> list[Vote]:
        return [Vote(**decision) for decision in decisions]


@extend_schema_view(
    list=extend_schema(summary="会议活动列表（?organization=组织编码 含下级、?kind=、?year=）"),
    retrieve=extend_schema(summary="会议活动详情（含出席人数、签到表和表决事项）"),
    create=extend_schema(summary="登记会议活动（人数、法定人数和表决结果由签到表计算）"),
    update=extend_schema(summary="修改会议活动"),
    partial_update=extend_schema(summary="部分修改会议活动"),
)
class MeetingViewSet(RegistryViewSet):
    kind = services.EDIT_KIND  # a meeting is the organization's own record
    lookup_value_regex = r"\d+"
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def visible_records(self, user):
        return (
            selectors.meeting_list(user=user)
            .prefetch_related("attendance__member", "decisions")
            .order_by("-held_on", "-id")
        )


router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")

urlpatterns = router.urls
