"""GET /api/v1/organizations/warnings/: the organization warnings, in the caller's scope."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.organizations import selectors, warnings


class WarningsApi(APIView):
    @extend_schema(
        summary="组织设置提醒（人数、支委会、换届、联合支部规模）",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        organizations = selectors.organization_list(user=request.user)
        return Response(
            {
                key: {
                    "title": warning.title,
                    "source": warning.source,
                    "organizations": [
                        {
                            "code": row["organization"].code,
                            "name": row["organization"].name,
                            "detail": row["detail"],
                        }
                        for row in warnings.warning_rows(key, organizations)
                    ],
                }
                for key, warning in warnings.WARNINGS.items()
            }
        )


urlpatterns = [path("organizations/warnings/", WarningsApi.as_view(), name="organization-warnings")]
