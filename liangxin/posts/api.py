"""/api/v1/posts/ (post assignments) and /api/v1/teams/ (teams with their members), scoped;
/api/v1/posts/counts/ (people in posts and teams by organization and kind).

Writes go through ``liangxin.posts.services`` inside the API's audit context, as every
registry write: create and edit (PATCH), and the verbs that end a record (``end``,
``members``, ``leave``). Nothing is deleted (405).
"""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import InputSerializer, ServiceSerializer
from liangxin.api.views import RegistryViewSet
from liangxin.core.roles import can_edit
from liangxin.members.selectors import member_list
from liangxin.organizations.selectors import organization_list
from liangxin.posts import selectors, services
from liangxin.posts.filters import PostFilter, TeamFilter
from liangxin.posts.models import POST_KINDS, PostAssignment, PostKind, Team, TeamMembership

ID_REGEX = r"\d+"


def member_key_field(**kwargs) -> ScopedKeyField:
    return ScopedKeyField(
        selector=member_list, slug_field="public_id", key_label="党员编号", **kwargs
    )


# --- posts ----------------------------------------------------------------------------------


class PostAssignmentSerializer(ServiceSerializer):
    member = member_key_field(help_text="党员编号（public_id）；创建后不可修改")
    member_name = serializers.CharField(source="member.name", read_only=True)
    organization = serializers.CharField(source="organization.code", read_only=True)
    kind = serializers.ChoiceField(
        choices=[(kind.value, kind.label) for kind in POST_KINDS],
        label="类别",
        error_messages={"invalid_choice": "“{input}”不是岗位类别；先锋队、攻坚队请登记为队伍"},
    )

    class Meta:
        model = PostAssignment
        fields = [
            "id",
            "member",
            "member_name",
            "organization",
            "kind",
            "title",
            "started_on",
            "ended_on",
        ]
        validators = []  # uniqueness is the service's (full_clean, its Chinese message)

    def validate_member(self, member):
        if self.instance is not None and member.pk != self.instance.member_id:
            raise serializers.ValidationError("不能更换岗位上的党员：请结束此岗位后另行安排")
        return member

    def create_record(self, data):
        return services.post_assign(actor=self.actor, data=data)

    def update_record(self, instance, data):
        data.pop("member", None)
        return services.post_update(actor=self.actor, assignment=instance, data=data)


class EndSerializer(InputSerializer):
    ended_on = serializers.DateField(label="结束日期")


class EditableViewSet(RegistryViewSet):
    """List, read, create, edit; the ending verbs check the role as an edit does."""

    kind = services.EDIT_KIND
    lookup_value_regex = ID_REGEX

    def check_edit(self) -> None:
        if not can_edit(self.request.user, self.kind):
            raise PermissionDenied("您的角色无权修改此类记录")


@extend_schema_view(
    list=extend_schema(summary="先锋岗（安排到党员的岗位）列表"),
    retrieve=extend_schema(summary="岗位详情"),
    create=extend_schema(summary="为党员安排岗位"),
    update=extend_schema(summary="修改岗位"),
    partial_update=extend_schema(summary="部分修改岗位"),
)
class PostViewSet(EditableViewSet):
    serializer_class = PostAssignmentSerializer
    filterset_class = PostFilter

    def visible_records(self, user):
        return selectors.post_list(user=user).order_by("-started_on", "id")

    @extend_schema(summary="结束岗位", request=EndSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()  # out of scope: 404 before anything else
        self.check_edit()
        body = EndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.audit():
            services.post_end(actor=request.user, assignment=assignment, **body.validated_data)
        return Response(self.get_serializer(self.reread(assignment)).data)


# --- teams ----------------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    member = serializers.UUIDField(source="member.public_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "member", "member_name", "joined_on", "left_on"]


class TeamSerializer(ServiceSerializer):
    organization = ScopedKeyField(
        selector=organization_list,
        slug_field="code",
        key_label="党组织编码",
        help_text="队伍所属党组织编码",
    )
    leader = member_key_field(
        required=False, allow_null=True, help_text="队长的党员编号（public_id），加入队伍"
    )
    leader_name = serializers.CharField(source="leader.name", read_only=True, default="")
    members = MembershipSerializer(source="memberships", many=True, read_only=True)
    joining = serializers.ListField(
        child=member_key_field(),
        write_only=True,
        required=False,
        max_length=500,
        label="队员",
        help_text="创建时一并加入的队员党员编号（组建日期加入）；之后用 members 动作添加",
    )

    class Meta:
        model = Team
        fields = [
            "id",
            "name",
            "kind",
            "organization",
            "leader",
            "leader_name",
            "formed_on",
            "ended_on",
            "members",
            "joining",
        ]
        validators = []  # uniqueness is the service's (full_clean, its Chinese message)

    def validate_ended_on(self, ended_on):
        """Ended with the ``end`` action (its members leave the same day); sending back the
        value read is no change."""
        current = self.instance.ended_on if self.instance is not None else None
        if ended_on != current:
            raise serializers.ValidationError("撤销队伍请用 end 动作（在队队员同日退出）")
        return ended_on

    def validate_joining(self, members):
        if self.instance is not None:
            raise serializers.ValidationError("已有队伍请用 members 动作添加队员")
        return members

    def create_record(self, data):
        data.pop("ended_on", None)
        members = data.pop("joining", [])
        return services.team_create(actor=self.actor, data=data, members=members)

    def update_record(self, instance, data):
        data.pop("joining", None)
        data.pop("ended_on", None)
        return services.team_update(actor=self.actor, team=instance, data=data)


class JoinSerializer(InputSerializer):
    member = serializers.UUIDField(label="党员编号")
    joined_on = serializers.DateField(label="加入日期")


class LeaveSerializer(InputSerializer):
    member = serializers.UUIDField(label="党员编号")
    left_on = serializers.DateField(label="退出日期")


@extend_schema_view(
    list=extend_schema(summary="党员队伍（先锋队、攻坚队）列表"),
    retrieve=extend_schema(summary="队伍详情（含队员）"),
    create=extend_schema(summary="组建队伍"),
    update=extend_schema(summary="修改队伍"),
    partial_update=extend_schema(summary="部分修改队伍"),
)
class TeamViewSet(EditableViewSet):
    serializer_class = TeamSerializer
    filterset_class = TeamFilter

    def visible_records(self, user):
        return (
            selectors.team_list(user=user)
            .prefetch_related("memberships__member")
            .order_by("-formed_on", "id")
        )

    @extend_schema(summary="撤销队伍（在队队员同日退出）", request=EndSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        team = self.get_object()
        self.check_edit()
        body = EndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.audit():
            services.team_end(actor=request.user, team=team, **body.validated_data)
        return Response(self.get_serializer(self.reread(team)).data)

    @extend_schema(summary="添加队员", request=JoinSerializer)
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        team = self.get_object()
        self.check_edit()
        body = JoinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = self.scoped_member(body.validated_data["member"], "member")
        with self.audit():
            services.team_member_add(
                actor=request.user,
                team=team,
                member=member,
                joined_on=body.validated_data["joined_on"],
            )
        return Response(self.get_serializer(self.reread(team)).data, status=201)

    @extend_schema(summary="队员退出", request=LeaveSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        team = self.get_object()
        self.check_edit()
        body = LeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        public_id = body.validated_data["member"]
        membership = team.memberships.filter(member__public_id=public_id, left_on=None).first()
        if membership is None:
            raise serializers.ValidationError({"member": ["该党员不在此队伍中"]})
        with self.audit():
            services.team_member_leave(
                actor=request.user, membership=membership, left_on=body.validated_data["left_on"]
            )
        return Response(self.get_serializer(self.reread(team)).data)

    def scoped_member(self, public_id, field: str):
        member = member_list(user=self.request.user).filter(public_id=public_id).first()
        if member is None:
            raise serializers.ValidationError(
                {field: [f"党员编号“{public_id}”不存在或不在您的数据范围内"]}
            )
        return member


# --- counts ---------------------------------------------------------------------------------


class PostCountsSerializer(serializers.Serializer):
    organization__code = serializers.CharField(help_text="党组织编码")
    organization__name = serializers.CharField(help_text="党组织名称")
    total = serializers.IntegerField(help_text="在岗、在队合计")

    def get_fields(self):
        # One count per post and team kind, named by the kind (selectors._kind_counts).
        fields = super().get_fields()
        for kind, label in PostKind.choices:
            fields[kind] = serializers.IntegerField(help_text=str(label))
        return fields


class PostCountsApi(APIView):
    @extend_schema(
        summary="在岗先锋岗与在队队员按党组织、类别计数",
        responses={200: PostCountsSerializer(many=True)},
    )
    def get(self, request):
        return Response(selectors.counts_by_organization(user=request.user))


router = SimpleRouter()
router.register("posts", PostViewSet, basename="post")
router.register("teams", TeamViewSet, basename="team")

# The counts first: they are not a post's id.
urlpatterns = [
    path("posts/counts/", PostCountsApi.as_view(), name="post-counts"),
    *router.urls,
]
