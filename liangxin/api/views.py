"""The bases of every app's viewsets (liangxin/<app>/api.py) and the JSON 404.

Every queryset comes from the app's selector (which applies
``liangxin.core.scoping.scoped``), so anything outside the caller's scope is
a 404. Writes go through the services inside an audit context, because
AuditContextMiddleware runs before DRF has authenticated a token user. Errors
are answered by the EXCEPTION_HANDLER (liangxin.api.errors).
"""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from liangxin.api.errors import NOT_FOUND_MESSAGE
from liangxin.api.permissions import CanEditKind
from liangxin.api.serializers import UnmaskRequestSerializer, UnmaskResponseSerializer
from liangxin.core import page_cache
from liangxin.core.audit import CHANNEL_API, audit_context, client_address, record_unmask
from liangxin.core.roles import can_unmask

KEY_REGEX = r"[^/]+"
UUID_REGEX = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


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


class PersonViewSet(RegistryViewSet):
    """Members and instructors: addressed by the opaque public id, never by ID number."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    @extend_schema(
        summary="查看个人信息明文（记入审计日志）",
        request=UnmaskRequestSerializer,
        responses={200: UnmaskResponseSerializer},
    )
    @action(detail=True, methods=["post"])
    def unmask(self, request, public_id=None):
        person = self.get_object()  # out of scope: 404 before anything else
        if not can_unmask(request.user):
            raise exceptions.PermissionDenied("您的角色无权查看个人信息明文")
        body = UnmaskRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        field = body.validated_data["field"]
        with self.audit():  # names the channel (API) on the ACCESS entry
            value = reveal(person, field)
            record_unmask(request.user, person, field=field, remote_addr=client_address(request))
        return Response({"field": field, "value": value})


def reveal(person, field: str) -> str:
    return person.reveal_id_number() if field == "id_number" else person.reveal_phone()


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer JSON, like every other API error.

    CSRF-exempt like the DRF views: a token client's POST to a mistyped address
    (e.g. a record key that is not a UUID) gets this 404, not Django's HTML 403.
    """
    return JsonResponse({"detail": NOT_FOUND_MESSAGE}, status=404)
