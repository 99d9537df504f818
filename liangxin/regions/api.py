"""/api/v1/regions/: the region tree over the API, named by region codes."""

from rest_framework.routers import SimpleRouter

from liangxin.api.fields import TreeParentField, with_parent_code
from liangxin.api.serializers import TreeSerializer
from liangxin.api.views import RegistryViewSet, registry_schema
from liangxin.regions.filters import RegionFilter
from liangxin.regions.models import Region
from liangxin.regions.selectors import region_list
from liangxin.regions.services import region_create, region_update


class RegionSerializer(TreeSerializer):
    parent = TreeParentField(
        selector=region_list,
        slug_field="code",
        key_label="上级区域代码",
        required=False,
        allow_null=True,
        help_text="上级区域代码；创建后不可通过接口修改",
    )

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "depth"]
        read_only_fields = ["depth"]

    def create_record(self, data):
        parent = data.pop("parent", None)
        return region_create(actor=self.actor, parent=parent, data=data)

    def update_record(self, instance, data):
        data.pop("parent", None)
        return region_update(actor=self.actor, region=instance, data=data)


@registry_schema("区域", key="区域代码")
class RegionViewSet(RegistryViewSet):
    kind = "regions"
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"

    def visible_records(self, user):
        return with_parent_code(region_list(user=user), user)


router = SimpleRouter()
router.register("regions", RegionViewSet, basename="region")

urlpatterns = router.urls
