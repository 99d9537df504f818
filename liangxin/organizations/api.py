"""/api/v1/organizations/: party organizations over the API, named by organization codes,
and /api/v1/organizations/warnings/: the organization warnings, in the caller's scope."""

from django.db.models import Prefetch
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from liangxin.api.fields import ScopedKeyField, TreeParentField, with_parent_code
from liangxin.api.serializers import TreeSerializer
from liangxin.api.views import RegistryViewSet, registry_schema
from liangxin.core.scoping import scoped
from liangxin.enterprises.api import visible_enterprises
from liangxin.enterprises.selectors import enterprise_list
from liangxin.organizations import selectors, warnings
from liangxin.organizations.filters import OrganizationFilter
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.services import organization_create, organization_update
from liangxin.regions.selectors import region_list

# The secretary is a member. Members stand above organizations, so their model is
# reached through the relation, not imported.
Member = PartyOrganization._meta.get_field("secretary").related_model


def secretary_candidates(*, user):
    """The members the caller may name as secretary: those in its scope."""
    return scoped(Member._default_manager.defer("id_number_cipher", "phone_cipher"), user)


class OrganizationSerializer(TreeSerializer):
    parent = TreeParentField(
        selector=selectors.organization_list,
        slug_field="code",
        key_label="上级组织编码",
        required=False,
        allow_null=True,
        help_text="上级组织编码；创建后不可通过接口修改",
    )
    region = ScopedKeyField(
        selector=region_list, slug_field="code", key_label="区域代码", help_text="所属区域代码"
    )
    covered_enterprises = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="统一社会信用代码",
        many=True,
        required=False,
        help_text="覆盖企业的统一社会信用代码",
    )
    secretary = ScopedKeyField(
        selector=secretary_candidates,
        slug_field="public_id",
        key_label="书记（党员编号）",
        required=False,
        allow_null=True,
        help_text="书记的党员编号（public_id）",
    )
    kept_hidden_links = ("covered_enterprises",)
    # An instructor sees the organizations covering its enterprises, not their members.
    hidden_links = {"secretary": (Member, ["secretary_name"])}

    class Meta:
        model = PartyOrganization
        # The model's own message (its validators), not DRF's generic bound.
        extra_kwargs = {
            "term_years": {
                "error_messages": {
                    "min_value": "任期（年）应在1到10之间",
                    "max_value": "任期（年）应在1到10之间",
                }
            }
        }
        fields = [
            "code",
            "name",
            "kind",
            "formation",
            "parent",
            "region",
            "covered_enterprises",
            "established_on",
            "dissolved_on",
            "term_started_on",
            "term_years",
            "secretary",
            "secretary_name",
            "secretary_is_investor",
            "has_committee",
            # 党内统计 表30 (issue 20), also in the ledger's last columns.
            "has_party_group",
            "formed_by_untransferred",
            "star_level",
            "star_category",
            "brand",
        ]

    def create_record(self, data):
        parent = data.pop("parent", None)
        return organization_create(actor=self.actor, parent=parent, data=data)

    def update_record(self, instance, data):
        data.pop("parent", None)
        return organization_update(actor=self.actor, organization=instance, data=data)


@registry_schema("党组织", key="组织编码")
class OrganizationViewSet(RegistryViewSet):
    kind = "organizations"
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "code"

    def visible_records(self, user):
        covered = Prefetch("covered_enterprises", queryset=visible_enterprises(user))
        organizations = with_parent_code(selectors.organization_list(user=user), user)
        return organizations.prefetch_related(covered)


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


router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="organization")

# The warnings first: the router's detail route would take "warnings" for a code.
urlpatterns = [
    path("organizations/warnings/", WarningsApi.as_view(), name="organization-warnings"),
    *router.urls,
]
