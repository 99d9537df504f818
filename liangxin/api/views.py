"""The registry API: one generic viewset, five ledger kinds.

Every queryset comes from the app's selector (which applies
``liangxin.core.scoping.scoped``), so anything outside the caller's scope is
a 404. Writes go through the services inside an audit context, because
AuditContextMiddleware runs before DRF has authenticated a token user.
"""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from liangxin.api import serializers as s
from liangxin.api.errors import NOT_FOUND_MESSAGE, translate_exception
from liangxin.api.fields import with_parent_code
from liangxin.api.permissions import CanEditKind
from liangxin.core import page_cache
from liangxin.core.audit import (
    CHANNEL_API,
    audit_context,
    client_address,
    record_event,
    record_unmask,
)
from liangxin.core.roles import can_unmask
from liangxin.core.scoping import scoped
from liangxin.enterprises.filters import EnterpriseFilter
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.selectors import enterprise_list
from liangxin.members.filters import MemberFilter
from liangxin.members.selectors import member_list
from liangxin.organizations.filters import OrganizationFilter
from liangxin.organizations.selectors import organization_list
from liangxin.regions.filters import RegionFilter
from liangxin.regions.selectors import region_list
from liangxin.workforce.filters import InstructorFilter
from liangxin.workforce.selectors import instructor_list

KEY_REGEX = r"[^/]+"
UUID_REGEX = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


def visible_enterprises(user):
    """Prefetch for enterprise lists inside another record: only those the user may see."""
    return scoped(Enterprise.objects.only("id", "uscc"), user)


def registry_schema(noun: str, *, key: str):
    """OpenAPI summaries of one ledger kind's five operations, in Chinese."""
    return extend_schema_view(
        list=extend_schema(summary=f"{noun}列表"),
        retrieve=extend_schema(summary=f"{noun}详情（按{key}）"),
        create=extend_schema(summary=f"新增{noun}"),
        update=extend_schema(summary=f"修改{noun}"),
        partial_update=extend_schema(summary=f"部分修改{noun}"),
    )


class RegistryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update one ledger kind. No delete (405)."""

    kind: str = ""  # the ledger kind, also the key of accounts.roles.EDITABLE_KINDS
    lookup_value_regex = KEY_REGEX
    permission_classes = [IsAuthenticated, CanEditKind]
    filter_backends = [DjangoFilterBackend]  # the shared FilterSets bring search and ordering
    renderer_classes = [JSONRenderer]

    def list(self, request, *args, **kwargs):
        return page_cache.cached(request, lambda: self.rendered_list(request), csrf=False)

    def rendered_list(self, request):
        response = self.finalize_response(request, super().list(request))
        return response.render()

    def get_queryset(self):
        return self.visible_records(self.request.user)

    def visible_records(self, user):
        """The scoped queryset from the app's selector, with what the serializer reads."""
        raise NotImplementedError

    def audit(self, **details):
        request = self.request
        return audit_context(
            request.user,
            channel=CHANNEL_API,
            remote_addr=client_address(request),
            path=request.path,
            **details,
        )

    def perform_create(self, serializer):
        with self.audit():
            serializer.save()
        serializer.instance = self.reread(serializer.instance)

    def perform_update(self, serializer):
        with self.audit():
            serializer.save()
        serializer.instance = self.reread(serializer.instance)

    def reread(self, instance):
        """Answer with the record as a list would show it (annotations, scoped prefetches)."""
        return self.get_queryset().get(pk=instance.pk)

    def handle_exception(self, exc):
        return super().handle_exception(translate_exception(exc))


@registry_schema("区域", key="区域代码")
class RegionViewSet(RegistryViewSet):
    kind = "regions"
    serializer_class = s.RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"

    def visible_records(self, user):
        return with_parent_code(region_list(user=user), user)


@registry_schema("市场主体", key="统一社会信用代码")
class EnterpriseViewSet(RegistryViewSet):
    kind = "enterprises"
    serializer_class = s.EnterpriseSerializer
    filterset_class = EnterpriseFilter
    lookup_field = "uscc"

    def visible_records(self, user):
        return enterprise_list(user=user).prefetch_related("tags")


@registry_schema("党组织", key="组织编码")
class OrganizationViewSet(RegistryViewSet):
    kind = "organizations"
    serializer_class = s.OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "code"

    def visible_records(self, user):
        covered = Prefetch("covered_enterprises", queryset=visible_enterprises(user))
        return with_parent_code(organization_list(user=user), user).prefetch_related(covered)


class PersonViewSet(RegistryViewSet):
    """Members and instructors: addressed by the opaque public id, never by ID number."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    @extend_schema(
        summary="查看个人信息明文（记入审计日志）",
        request=s.UnmaskRequestSerializer,
        responses={200: s.UnmaskResponseSerializer},
    )
    @action(detail=True, methods=["post"])
    def unmask(self, request, public_id=None):
        person = self.get_object()  # out of scope: 404 before anything else
        if not can_unmask(request.user):
            raise exceptions.PermissionDenied("您的角色无权查看个人信息明文")
        body = s.UnmaskRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        field = body.validated_data["field"]
        with self.audit():  # names the channel (API) on the ACCESS entry
            value = reveal(person, field)
            record_unmask(request.user, person, field=field, remote_addr=client_address(request))
        return Response({"field": field, "value": value})


def reveal(person, field: str) -> str:
    return person.reveal_id_number() if field == "id_number" else person.reveal_phone()


@registry_schema("党员", key="编号")
class MemberViewSet(PersonViewSet):
    kind = "members"
    serializer_class = s.MemberSerializer
    filterset_class = MemberFilter

    def visible_records(self, user):
        return member_list(user=user)

    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()  # out of scope: 404, and nothing audited
        with self.audit():
            record_event(
                request.user,
                action="view",
                target=member,
                summary="查看党员详情",
                remote_addr=client_address(request),
            )
        return Response(self.get_serializer(member).data)


@registry_schema("党建指导员", key="编号")
class InstructorViewSet(PersonViewSet):
    kind = "instructors"
    serializer_class = s.InstructorSerializer
    filterset_class = InstructorFilter

    def visible_records(self, user):
        assigned = Prefetch("enterprises", queryset=visible_enterprises(user))
        return instructor_list(user=user).prefetch_related(assigned)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer JSON, like every other API error.

    CSRF-exempt like the DRF views: a token client's POST to a mistyped address
    (e.g. a record key that is not a UUID) gets this 404, not Django's HTML 403.
    """
    return JsonResponse({"detail": NOT_FOUND_MESSAGE}, status=404)
