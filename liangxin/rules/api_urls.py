"""GET /api/v1/rules/: every rule with its value in force and its source."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.rules.registry import RULES
from liangxin.rules.values import rule_values


class RuleListView(APIView):
    @extend_schema(summary="规则参数（含来源）", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        values = rule_values()
        return Response(
            [
                {
                    "key": rule.key,
                    "label": rule.label,
                    "value": values[rule.key],
                    "default": rule.default,
                    "unit": rule.unit,
                    "source": rule.source,
                    "configurable": rule.configurable,
                }
                for rule in RULES
            ]
        )


urlpatterns = [path("rules/", RuleListView.as_view(), name="rules")]
