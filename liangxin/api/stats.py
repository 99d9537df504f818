"""GET /api/v1/stats/coverage/?region=CODE[&category=…] — the statistics JSON of DOMAIN.md §5."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.api.errors import translate_exception
from liangxin.coverage.access import CATEGORY_CHOICES, statistics_region
from liangxin.coverage.selectors import coverage_report


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

    def handle_exception(self, exc):
        return super().handle_exception(translate_exception(exc))
