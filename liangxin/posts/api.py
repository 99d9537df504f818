"""GET /api/v1/posts/ (assignments, scoped) and /api/v1/posts/counts/ (by organization)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.posts import selectors
from liangxin.posts.filters import PostFilter
from liangxin.posts.models import PostAssignment, PostKind


class PostAssignmentSerializer(serializers.ModelSerializer):
    member = serializers.UUIDField(source="member.public_id")
    member_name = serializers.CharField(source="member.name")
    organization = serializers.CharField(source="organization.code")

    class Meta:
        model = PostAssignment
        fields = [
            "member",
            "member_name",
            "organization",
            "kind",
            "title",
            "started_on",
            "ended_on",
        ]


class PostListApi(ListAPIView):
    serializer_class = PostAssignmentSerializer
    filterset_class = PostFilter
    queryset = PostAssignment.objects.none()  # schema only; get_queryset scopes

    def get_queryset(self):
        return selectors.post_list(user=self.request.user).order_by("-started_on", "id")


class PostCountsSerializer(serializers.Serializer):
    organization__code = serializers.CharField(help_text="党组织编码")
    organization__name = serializers.CharField(help_text="党组织名称")
    total = serializers.IntegerField(help_text="在岗合计")

    def get_fields(self):
        # One count per post kind, named by the kind (selectors._kind_counts).
        fields = super().get_fields()
        for kind, label in PostKind.choices:
            fields[kind] = serializers.IntegerField(help_text=str(label))
        return fields


class PostCountsApi(APIView):
    @extend_schema(
        summary="在岗先锋岗与队伍按党组织、类别计数",
        responses={200: PostCountsSerializer(many=True)},
    )
    def get(self, request):
        return Response(selectors.counts_by_organization(user=request.user))


urlpatterns = [
    path("posts/", PostListApi.as_view(), name="posts"),
    path("posts/counts/", PostCountsApi.as_view(), name="post-counts"),
]
