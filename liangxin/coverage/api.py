"""/api/v1/stats/coverage/ and /api/v1/worklists/<key>/: the coverage JSON of DOMAIN.md §5
and the work lists of §3."""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.coverage.access import CATEGORY_CHOICES, statistics_region
from liangxin.coverage.selectors import coverage_report
from liangxin.coverage.worklists import WORK_LISTS, work_list
from liangxin.enterprises.models import Enterprise


class CoverageStatsView(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="两个覆盖指标（按区域子树）",
        parameters=[
            OpenApiParameter(
                "region", OpenApiTypes.STR, description="区域代码（默认：本人管辖的区域）"
            ),
            OpenApiParameter("category", OpenApiTypes.STR, enum=list(CATEGORY_CHOICES)),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        category = request.query_params.get("category", "enterprise")
        if category not in CATEGORY_CHOICES:
            raise exceptions.ValidationError(
                {"category": [f"单位类别应为 {'、'.join(CATEGORY_CHOICES)} 之一"]}
            )
        region = statistics_region(request.user, request.query_params.get("region"))
        return Response(coverage_report(region=region, category=category))


class WorkListEntrySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    employed_members = serializers.IntegerField(source="employed")
    full_members = serializers.IntegerField()

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "region",
            "region_name",
            "status",
            "employee_count",
            "above_scale",
            "employed_members",
            "full_members",
        ]


class WorkListView(ListAPIView):
    """GET /api/v1/worklists/<key>/?region=CODE — one work list of DOMAIN.md §3, paginated."""

    serializer_class = WorkListEntrySerializer
    renderer_classes = [JSONRenderer]
    queryset = Enterprise.objects.none()  # for the schema; get_queryset scopes the real one

    @extend_schema(
        summary="工作清单（应建未建、1-2名党员未覆盖、无党员未工作覆盖、筹建三个同步）",
        parameters=[OpenApiParameter("region", OpenApiTypes.STR, description="区域代码")],
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        spec = WORK_LISTS[self.kwargs["key"]]
        response.data = {
            "list": spec.key,
            "title": spec.title,
            "action": spec.action,
            **response.data,
        }
        return response

    def get_queryset(self):
        key = self.kwargs["key"]
        if key not in WORK_LISTS:
            raise Http404("未知的工作清单")
        region = statistics_region(self.request.user, self.request.query_params.get("region"))
        return work_list(key=key, user=self.request.user, region=region).order_by(
            "region__path", "name", "id"
        )


urlpatterns = [
    path("stats/coverage/", CoverageStatsView.as_view(), name="stats-coverage"),
    path("worklists/<slug:key>/", WorkListView.as_view(), name="worklist"),
]
