"""/api/v1/enterprises/: market entities over the API, named by their USCC."""

from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import ServiceSerializer
from liangxin.api.views import RegistryViewSet, registry_schema
from liangxin.core.scoping import scoped
from liangxin.enterprises.filters import EnterpriseFilter
from liangxin.enterprises.models import Enterprise, EnterpriseTag
from liangxin.enterprises.selectors import enterprise_list
from liangxin.enterprises.services import enterprise_create, enterprise_update
from liangxin.regions.selectors import region_list


def visible_enterprises(user):
    """Prefetch for enterprise lists inside another record: only those the user may see."""
    return scoped(Enterprise.objects.only("id", "uscc"), user)


class EnterpriseSerializer(ServiceSerializer):
    region = ScopedKeyField(
        selector=region_list, slug_field="code", key_label="区域代码", help_text="所属区域代码"
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    tags = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=EnterpriseTag.objects.all()
    )
    service_unique_keys = ("uscc",)

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "category",
            "ownership",
            "industry",
            "region",
            "region_name",
            "address",
            "registered_on",
            "status",
            "employee_count",
            "above_scale",
            "above_quota",
            "annual_output",
            "tags",
            "investor_is_member",
            "charter_includes_party",
            "chamber",
            # 党内统计 (issue 20), also in the ledger's last columns.
            "is_legal_entity",
            "control_type",
            "staff_on_post",
            "legal_rep_is_member",
            "legal_rep_is_secretary",
            "social_subtype",
            "assessment_grade",
            "created_at",
            "updated_at",
        ]

    def create_record(self, data):
        return enterprise_create(actor=self.actor, data=data)

    def update_record(self, instance, data):
        return enterprise_update(actor=self.actor, enterprise=instance, data=data)


@registry_schema("市场主体", key="统一社会信用代码")
class EnterpriseViewSet(RegistryViewSet):
    kind = "enterprises"
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    lookup_field = "uscc"

    def visible_records(self, user):
        return enterprise_list(user=user).prefetch_related("tags")


router = SimpleRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprise")

urlpatterns = router.urls
