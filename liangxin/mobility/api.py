"""/api/v1/ endpoints of mobile members and transfers, on the registry API's base classes.

Scoped like the pages: every queryset comes from ``liangxin.mobility.selectors``
(out of scope is 404), writes go through ``liangxin.mobility.services`` in an
audit context. Records are listed and created, never edited or deleted here:
their later states are the workflow actions (receive, return, transferred in).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from liangxin.api.fields import ScopedKeyField
from liangxin.api.permissions import BusinessRoleRequired
from liangxin.api.serializers import InputSerializer, ServiceSerializer
from liangxin.api.views import UUID_REGEX, RegistryViewSet
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.selectors import enterprise_list
from liangxin.members.models import Member
from liangxin.members.selectors import member_list
from liangxin.mobility import deadlines, filters, selectors, services
from liangxin.mobility.models import (
    ContactLog,
    DualManagementAgreement,
    InflowPerson,
    InflowRegistration,
    Transfer,
    TransferState,
)
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.selectors import organization_list
from liangxin.regions.models import Region
from liangxin.regions.selectors import region_list

READ_AND_CREATE = ["get", "post", "head", "options"]


def member_key_field(**kwargs) -> ScopedKeyField:
    return ScopedKeyField(
        selector=member_list, slug_field="public_id", key_label="党员编号", **kwargs
    )


# --- serializers -------------------------------------------------------------------------


class AgreementSerializer(ServiceSerializer):
    member = member_key_field(help_text="流入党员的编号（public_id）")
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = DualManagementAgreement
        fields = [
            "id",
            "member",
            "member_name",
            "number",
            "signed_on",
            "home_organization_name",
            "home_organization_code",
            "transferred_in_on",
            "note",
        ]
        read_only_fields = ["transferred_in_on"]
        validators = []  # uniqueness is the service's (its message names the field)
        extra_kwargs = {"number": {"validators": []}}

    def create_record(self, data):
        return services.agreement_create(actor=self.actor, data=data)


class TransferredInSerializer(InputSerializer):
    transferred_in_on = serializers.DateField(label="组织关系转入日期")


class ContactSerializer(ServiceSerializer):
    member = member_key_field(help_text="党员编号（public_id）")
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = ContactLog
        fields = ["id", "member", "member_name", "contacted_on", "method", "contact_name", "note"]
        validators = []  # uniqueness is the service's (its message names the field)

    def create_record(self, data):
        return services.contact_record(actor=self.actor, data=data)


class RegistrationSerializer(ServiceSerializer):
    id_number = serializers.CharField(write_only=True, max_length=32, label="公民身份号码")
    name = serializers.CharField(write_only=True, max_length=50, label="姓名")
    phone = serializers.CharField(
        write_only=True, max_length=32, required=False, allow_blank=True, label="手机号码"
    )
    person = serializers.UUIDField(source="person.public_id", read_only=True)
    id_number_masked = serializers.CharField(source="person.id_number_masked", read_only=True)
    region = ScopedKeyField(
        selector=region_list, slug_field="code", key_label="区域代码", required=False
    )
    employer = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="统一社会信用代码",
        required=False,
        allow_null=True,
    )

    class Meta:
        model = InflowRegistration
        fields = [
            "id",
            "person",
            "id_number_masked",
            "id_number",
            "name",
            "phone",
            "name_as_registered",
            "source",
            "registered_on",
            "region",
            "employer",
            "address_note",
        ]
        read_only_fields = ["name_as_registered"]
        validators = []  # uniqueness is the service's (its message names the field)

    # A registration seen through its employer (a secretary's coverage) or its region may
    # name the other one outside the caller's scope: read as null, as in the registry API.
    hidden_links = {"employer": (Enterprise, []), "region": (Region, [])}

    def create_record(self, data):
        return services.inflow_register(actor=self.actor, data=data)


class InflowPersonSerializer(serializers.ModelSerializer):
    # The name the caller's own latest registration wrote down, and a member record only
    # if the caller may open it: the person row is shared with other towns
    # (selectors.inflow_person_list).
    name = serializers.CharField(source="visible_name", read_only=True, label="姓名")
    registration_count = serializers.IntegerField(read_only=True)
    source_count = serializers.IntegerField(read_only=True)
    has_member_record = serializers.BooleanField(source="member_visible", read_only=True)

    class Meta:
        model = InflowPerson
        fields = [
            "public_id",
            "name",
            "id_number_masked",
            "registration_count",
            "source_count",
            "has_member_record",
        ]


class TransferSerializer(ServiceSerializer):
    member = member_key_field(required=False, allow_null=True, help_text="党员编号")
    member_name = serializers.CharField(source="holder_name", read_only=True)
    from_organization = ScopedKeyField(
        selector=organization_list,
        slug_field="code",
        key_label="转出党组织编码",
        required=False,
        allow_null=True,
    )
    # The receiving organization is usually outside the issuer's scope: any active code.
    to_organization = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PartyOrganization.objects.active(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "转入党组织编码“{value}”在平台上不存在"},
    )
    state = serializers.CharField(source="current_state", read_only=True)
    state_label = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = [
            "public_id",
            "member",
            "member_name",
            "person_name",
            "direction",
            "reason",
            "letter_number",
            "issued_on",
            "valid_until",
            "from_organization",
            "from_organization_name",
            "to_organization",
            "to_organization_name",
            "state",
            "state_label",
            "received_on",
            "returned_on",
            "note",
        ]
        read_only_fields = ["direction", "valid_until", "received_on", "returned_on"]
        validators = []  # uniqueness is the service's (its message names the field)
        extra_kwargs = {"letter_number": {"validators": []}}

    def get_state_label(self, transfer) -> str:
        return TransferState(transfer.current_state).label

    def create_record(self, data):
        return services.transfer_issue(actor=self.actor, data=data)


class ReceiveSerializer(InputSerializer):
    received_on = serializers.DateField(label="接收日期")


class ReturnSerializer(InputSerializer):
    returned_on = serializers.DateField(label="退回日期")
    note = serializers.CharField(label="退回原因", max_length=500)


class MobileMemberSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    organization = serializers.CharField(source="organization.code")
    abroad = serializers.BooleanField()
    # Annotated by the lists that need them (overdue, should transfer); None elsewhere.
    away_place = serializers.CharField(allow_null=True, default=None)
    away_since = serializers.DateField(allow_null=True, default=None)
    last_contacted_on = serializers.DateField(allow_null=True, default=None)


# --- viewsets --------------------------------------------------------------------------


class MobilityViewSet(RegistryViewSet):
    """List, read and create; writes need the members capability (accounts.roles)."""

    kind = services.EDIT_KIND
    http_method_names = READ_AND_CREATE


@extend_schema_view(
    list=extend_schema(summary="双重管理协议列表"),
    retrieve=extend_schema(summary="双重管理协议详情"),
    create=extend_schema(summary="登记双重管理协议"),
)
class AgreementViewSet(MobilityViewSet):
    serializer_class = AgreementSerializer
    filterset_class = filters.AgreementFilter
    lookup_value_regex = r"\d+"

    def visible_records(self, user):
        return selectors.agreement_list(user=user)

    @extend_schema(summary="登记组织关系已转入", request=TransferredInSerializer)
    @action(detail=True, methods=["post"], url_path="transferred-in")
    def transferred_in(self, request, pk=None):
        agreement = self.get_object()
        body = TransferredInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.audit():
            services.agreement_mark_transferred_in(
                actor=request.user, agreement=agreement, **body.validated_data
            )
        return Response(self.get_serializer(self.reread(agreement)).data)


@extend_schema_view(
    list=extend_schema(summary="流动党员联系记录列表"),
    retrieve=extend_schema(summary="联系记录详情"),
    create=extend_schema(summary="记录联系"),
)
class ContactViewSet(MobilityViewSet):
    serializer_class = ContactSerializer
    filterset_class = filters.ContactFilter
    lookup_value_regex = r"\d+"

    def visible_records(self, user):
        return selectors.contact_list(user=user)


@extend_schema_view(
    list=extend_schema(summary="流入党员登记列表（每个来源一条）"),
    retrieve=extend_schema(summary="流入党员登记详情"),
    create=extend_schema(summary="登记流入党员（按公民身份号码合并为一人）"),
)
class RegistrationViewSet(MobilityViewSet):
    serializer_class = RegistrationSerializer
    lookup_value_regex = r"\d+"

    def visible_records(self, user):
        return selectors.registration_list(user=user)


@extend_schema_view(
    list=extend_schema(summary="流入党员（排查，同一身份证号只计一人）"),
    retrieve=extend_schema(summary="流入党员详情（按编号）"),
)
class InflowPersonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = InflowPersonSerializer
    filterset_class = filters.InflowPersonFilter
    renderer_classes = [JSONRenderer]
    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return selectors.inflow_person_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="组织关系转接列表"),
    retrieve=extend_schema(summary="组织关系转接详情（按编号）"),
    create=extend_schema(summary="开具或登记组织关系介绍信"),
)
class TransferViewSet(MobilityViewSet):
    serializer_class = TransferSerializer
    filterset_class = filters.TransferFilter
    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    def visible_records(self, user):
        return selectors.transfer_list(user=user)

    @extend_schema(summary="接收组织关系", request=ReceiveSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, public_id=None):
        transfer = self.get_object()  # out of scope: 404 before anything else
        body = ReceiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.audit():
            services.transfer_receive(actor=request.user, transfer=transfer, **body.validated_data)
        return Response(self.get_serializer(self.reread(transfer)).data)

    @extend_schema(summary="退回介绍信", request=ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_letter(self, request, public_id=None):
        transfer = self.get_object()
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.audit():
            services.transfer_return(actor=request.user, transfer=transfer, **body.validated_data)
        return Response(self.get_serializer(self.reread(transfer)).data)


class MobileMemberListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A work list of members (read-only), paginated and filtered like the member list."""

    serializer_class = MobileMemberSerializer
    filterset_class = filters.MemberListFilter
    permission_classes = [BusinessRoleRequired]  # 三员分立: administrators get a 403
    renderer_classes = [JSONRenderer]
    selector = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no rules
            return Member.objects.none()
        return type(self).selector(user=self.request.user)


@extend_schema_view(list=extend_schema(summary="逾期未联系的流动党员"))
class OverdueContactViewSet(MobileMemberListViewSet):
    selector = selectors.overdue_contacts


@extend_schema_view(
    list=extend_schema(
        summary=f"外出满 {deadlines.fixed_place_months()} 个月应转接组织关系的流动党员"
    )
)
class ShouldTransferViewSet(MobileMemberListViewSet):
    selector = selectors.should_transfer


@extend_schema_view(list=extend_schema(summary="组织关系未转出的离职党员"))
class DepartedOpenViewSet(MobileMemberListViewSet):
    selector = selectors.departed_open


@extend_schema_view(list=extend_schema(summary="未签双重管理协议的流入党员"))
class InflowWithoutAgreementViewSet(MobileMemberListViewSet):
    selector = selectors.inflow_without_agreement


# ``contacts`` is named as its ledger kind (DOMAIN.md §5); the work lists live under
# ``mobility/``.
router = SimpleRouter()
router.register("dual-agreements", AgreementViewSet, basename="dual-agreement")
router.register("contacts", ContactViewSet, basename="contact")
router.register("inflow-registrations", RegistrationViewSet, basename="inflow-registration")
router.register("inflow-persons", InflowPersonViewSet, basename="inflow-person")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("mobility/overdue-contacts", OverdueContactViewSet, basename="mobility-overdue")
router.register(
    "mobility/should-transfer", ShouldTransferViewSet, basename="mobility-should-transfer"
)
router.register("mobility/departed", DepartedOpenViewSet, basename="mobility-departed")
router.register(
    "mobility/inflow-without-agreement",
    InflowWithoutAgreementViewSet,
    basename="mobility-inflow-without-agreement",
)

urlpatterns = router.urls
