"""/api/v1/instructors/: party-building instructors over the API, addressed by their public id."""

from django.db.models import Prefetch
from rest_framework.routers import SimpleRouter

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import PERSONAL_FIELDS, PersonSerializer
from liangxin.api.views import PersonViewSet, registry_schema
from liangxin.enterprises.api import visible_enterprises
from liangxin.enterprises.selectors import enterprise_list
from liangxin.regions.models import Region
from liangxin.regions.selectors import region_list
from liangxin.workforce.filters import InstructorFilter
from liangxin.workforce.models import Instructor
from liangxin.workforce.selectors import instructor_list
from liangxin.workforce.services import instructor_create, instructor_update


class InstructorSerializer(PersonSerializer):
    region = ScopedKeyField(
        selector=region_list,
        slug_field="code",
        key_label="区域代码",
        required=False,
        allow_null=True,
        help_text="管理该指导员的区域代码",
    )
    enterprises = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="统一社会信用代码",
        many=True,
        required=False,
        help_text="联系企业的统一社会信用代码",
    )
    kept_hidden_links = ("enterprises",)
    hidden_links = {"region": (Region, [])}

    class Meta:
        model = Instructor
        fields = [
            "public_id",
            "name",
            "source",
            "region",
            "enterprises",
            "active",
            "id_number_masked",
            "phone_masked",
            *PERSONAL_FIELDS,
        ]

    def create_record(self, data):
        return instructor_create(actor=self.actor, data=data)

    def update_record(self, instance, data):
        return instructor_update(actor=self.actor, instructor=instance, data=data)


@registry_schema("党建指导员", key="编号")
class InstructorViewSet(PersonViewSet):
    kind = "instructors"
    serializer_class = InstructorSerializer
    filterset_class = InstructorFilter

    def visible_records(self, user):
        assigned = Prefetch("enterprises", queryset=visible_enterprises(user))
        return instructor_list(user=user).prefetch_related(assigned)


router = SimpleRouter()
router.register("instructors", InstructorViewSet, basename="instructor")

urlpatterns = router.urls
