"""GET /api/v1/rules/: every rule with its value in force and its source."""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.rules.catalog import all_rules
from liangxin.rules.values import rule_values

# A rule's value is a number, a list of numbers (e.g. the milestone years) or a name a
# district renames (rules/labels.py).
RULE_VALUE = {
    "oneOf": [
        {"type": "integer"},
        {"type": "array", "items": {"type": "integer"}},
        {"type": "string"},
    ]
}


@extend_schema_field(RULE_VALUE)
class RuleValueField(serializers.JSONField):
    pass


class RuleSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = RuleValueField(help_text="现行值")
    default = RuleValueField(help_text="默认值")
    unit = serializers.CharField()
    source = serializers.CharField(help_text="依据")
    configurable = serializers.BooleanField()


class RuleListView(APIView):
    @extend_schema(summary="规则参数（含来源）", responses={200: RuleSerializer(many=True)})
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
                for rule in all_rules()
            ]
        )


urlpatterns = [path("rules/", RuleListView.as_view(), name="rules")]
