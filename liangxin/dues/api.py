"""/api/v1/dues/… on the registry API's base classes, scoped like the pages.

Amounts travel as strings ("15.00"): exact decimals both ways. Writes go
through liangxin.dues.services inside the API's audit context; anything outside
the caller's scope is a 404.
"""

from decimal import Decimal

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import InputSerializer, ServiceSerializer
from liangxin.api.views import RegistryViewSet
from liangxin.core.roles import can_view_registry
from liangxin.core.scoping import get_scoped_or_404
from liangxin.dues import selectors, services
from liangxin.dues.amounts import BASE_CEILING, DuesCategory
from liangxin.dues.exports import BRANCH_ACTION
from liangxin.dues.filters import DuesBaseFilter, DuesMonthFilter
from liangxin.dues.models import DuesBase, DuesMonth, PaymentMethod
from liangxin.dues.periods import previous_month
from liangxin.members.models import Member
from liangxin.members.selectors import member_list
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.selectors import organization_list

READ_AND_POST = ["get", "post", "head", "options"]


def yuan(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), max_value=BASE_CEILING, **kwargs
    )


# --- bases ----------------------------------------------------------------------------------


class DuesBaseSerializer(ServiceSerializer):
    member = ScopedKeyField(
        selector=member_list, slug_field="public_id", key_label="党员编号", help_text="党员编号"
    )
    member_name = serializers.CharField(source="member.name", read_only=True)
    year = serializers.IntegerField(min_value=2000, max_value=2100, label="年度")
    category = serializers.ChoiceField(choices=DuesCategory.choices, label="党费类别")
    base = yuan(
        required=False,
        allow_null=True,
        label="月计算基数（元）",
        help_text="在职、离退休党员必填；其他类别可不填（按 0）",
    )
    farmer_amount = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        required=False,
        allow_null=True,
        label="农民党员月交纳额（元）",
    )

    class Meta:
        model = DuesBase
        fields = [
            "id",
            "member",
            "member_name",
            "year",
            "category",
            "base",
            "farmer_amount",
            "monthly_amount",
            "set_on",
        ]
        read_only_fields = ["monthly_amount", "set_on"]
        validators = []  # the service reports a duplicate (member, year) in Chinese

    def create_record(self, data):
        return services.dues_base_set(
            actor=self.actor,
            member=data["member"],
            year=data["year"],
            category=data["category"],
            base=data.get("base"),
            farmer_amount=data.get("farmer_amount"),
        )

    def update_record(self, instance, data):
        self.check_key_unchanged(instance, data)
        category = data.get("category", instance.category)
        farmer = data.get("farmer_amount", instance.farmer_amount)
        if category != DuesCategory.FARMER and "farmer_amount" not in data:
            farmer = None  # switching away from 农民 drops the branch's amount
        return services.dues_base_set(
            actor=self.actor,
            dues_base=instance,
            member=instance.member,
            year=instance.year,
            category=category,
            base=data.get("base", instance.base),
            farmer_amount=farmer,
        )

    def check_key_unchanged(self, instance, data) -> None:
        if (
            data.get("member", instance.member) != instance.member
            or data.get("year", instance.year) != instance.year
        ):
            raise serializers.ValidationError(
                {"non_field_errors": ["党员和年度不可修改；其他年度请新增一条基数"]}
            )


@extend_schema_view(
    list=extend_schema(summary="党费基数列表"),
    retrieve=extend_schema(summary="党费基数详情"),
    create=extend_schema(summary="核定党费基数（月应交党费由系统计算）"),
    update=extend_schema(summary="修改党费基数"),
    partial_update=extend_schema(summary="部分修改党费基数"),
)
class DuesBaseViewSet(RegistryViewSet):
    kind = "dues_bases"
    serializer_class = DuesBaseSerializer
    filterset_class = DuesBaseFilter
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]+"

    def visible_records(self, user):
        return selectors.dues_base_list(user=user).order_by("-year", "id")


# --- months ---------------------------------------------------------------------------------


class DuesMonthSerializer(serializers.ModelSerializer):
    member = serializers.UUIDField(source="member.public_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    organization = serializers.CharField(source="member.organization.code", read_only=True)
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices,
        allow_blank=True,
        read_only=True,
        label="交纳方式",
        help_text="空：未交，或交纳方式登记之前已交",
    )

    class Meta:
        model = DuesMonth
        fields = [
            "id",
            "member",
            "member_name",
            "organization",
            "year",
            "month",
            "amount_due",
            "approved_amount",
            "amount_paid",
            "status",
            "paid_on",
            "method",
            "decided_on",
            "approval_number",
            "approved_on",
            "approver",
            "reason",
        ]
        read_only_fields = fields


class PaySerializer(InputSerializer):
    paid_on = serializers.DateField(required=False, label="交纳日期", help_text="默认今天")
    amount = yuan(required=False, label="实交金额（元）", help_text="默认应交金额")
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices,
        label="交纳方式",
        error_messages={"required": "请选择交纳方式", "invalid_choice": "交纳方式“{input}”无效"},
    )


class ApprovalSerializer(InputSerializer):
    decided_on = serializers.DateField(label="支部决定日期")
    approval_number = serializers.CharField(max_length=100, label="批准文号")
    approved_on = serializers.DateField(label="上级批准日期")
    approver = serializers.CharField(max_length=100, label="批准党组织")
    reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label="减免原因"
    )

    def approval(self) -> services.Approval:
        return services.Approval(**self.validated_data)


class ReduceSerializer(ApprovalSerializer):
    amount = yuan(label="减交后应交金额（元）")

    def approval(self) -> services.Approval:
        data = {k: v for k, v in self.validated_data.items() if k != "amount"}
        return services.Approval(**data)


class OpenSerializer(InputSerializer):
    organization = ScopedKeyField(
        selector=organization_list, slug_field="code", key_label="组织编码", help_text="组织编码"
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100, label="年度")
    month = serializers.IntegerField(min_value=1, max_value=12, label="月份")


class OpenResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(label="新生成")
    already_open = serializers.IntegerField(label="已存在")
    without_base = serializers.IntegerField(label="无基数")


@extend_schema_view(
    list=extend_schema(summary="月度党费台账"),
    retrieve=extend_schema(summary="月度党费详情"),
    # POST on the list answers 405 (the months come from "open"): not an operation.
    create=extend_schema(exclude=True),
)
class DuesMonthViewSet(RegistryViewSet):
    kind = services.EDIT_KIND
    serializer_class = DuesMonthSerializer
    filterset_class = DuesMonthFilter
    http_method_names = READ_AND_POST
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]+"

    def visible_records(self, user):
        return selectors.dues_month_list(user=user).order_by("-year", "-month", "id")

    def create(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed("POST", detail="月度党费由“生成”接口按基数生成")

    def answer(self, month) -> Response:
        return Response(DuesMonthSerializer(self.reread(month)).data)

    def body(self, serializer_class):
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return body

    @extend_schema(summary="登记交纳", request=PaySerializer, responses={200: DuesMonthSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        month = self.get_object()  # out of scope: 404 before anything else
        data = self.body(PaySerializer).validated_data
        with self.audit():
            services.dues_pay(actor=request.user, dues_month=month, **data)
        return self.answer(month)

    @extend_schema(
        summary="批准减交", request=ReduceSerializer, responses={200: DuesMonthSerializer}
    )
    @action(detail=True, methods=["post"])
    def reduce(self, request, pk=None):
        month = self.get_object()
        body = self.body(ReduceSerializer)
        with self.audit():
            services.dues_reduce(
                actor=request.user,
                dues_month=month,
                amount=body.validated_data["amount"],
                approval=body.approval(),
            )
        return self.answer(month)

    @extend_schema(
        summary="批准免交", request=ApprovalSerializer, responses={200: DuesMonthSerializer}
    )
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        month = self.get_object()
        body = self.body(ApprovalSerializer)
        with self.audit():
            services.dues_waive(actor=request.user, dues_month=month, approval=body.approval())
        return self.answer(month)

    @extend_schema(
        summary="生成月度台账（按年度基数，幂等）",
        request=OpenSerializer,
        responses={200: OpenResultSerializer},
    )
    @action(detail=False, methods=["post"])
    def open(self, request):
        data = self.body(OpenSerializer).validated_data
        with self.audit():
            result = services.dues_month_open(actor=request.user, **data)
        return Response(
            {
                "created": result.created,
                "already_open": result.already_open,
                "without_base": result.without_base,
            }
        )


# --- the alert ------------------------------------------------------------------------------


class PeriodQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    organization = serializers.CharField(max_length=64, required=False)


def period_query(request, *, default) -> dict:
    """year, month and organization (scoped: another code is a 404) from the query string."""
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    organization = None
    if data.get("organization"):
        organization = get_scoped_or_404(
            PartyOrganization.objects.all(), request.user, code=data["organization"]
        )
    year, month = default
    return {
        "year": data.get("year", year),
        "month": data.get("month", month),
        "organization": organization,
        "month_given": "month" in data,
    }


class AlertSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code")
    organization_name = serializers.CharField(source="organization.name")
    since = serializers.SerializerMethodField()
    months = serializers.SerializerMethodField()
    unpaid_due = serializers.SerializerMethodField()
    action = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "public_id",
            "name",
            "organization",
            "organization_name",
            "since",
            "months",
            "unpaid_due",
            "action",
        ]

    def detail(self, member) -> dict:
        return self.context["details"].get(member.pk, {})

    def get_since(self, member) -> str | None:
        since = self.detail(member).get("since")
        return f"{since[0]:04d}-{since[1]:02d}" if since else None

    def get_months(self, member) -> int | None:
        return self.detail(member).get("months")

    def get_unpaid_due(self, member) -> str | None:
        due = self.detail(member).get("unpaid_due")
        return None if due is None else str(due)

    def get_action(self, member) -> str:
        return BRANCH_ACTION


@extend_schema_view(list=extend_schema(summary="连续六个月未交党费的党员（提醒支部，不自动处理）"))
class DuesAlertViewSet(RegistryViewSet):
    kind = services.EDIT_KIND
    serializer_class = AlertSerializer
    http_method_names = ["get", "head", "options"]

    def visible_records(self, user):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no real query string
            return Member.objects.none()
        self.period = period_query(self.request, default=previous_month())
        members = selectors.alert_members(
            user=user, year=self.period["year"], month=self.period["month"]
        )
        organization = self.period["organization"]
        if organization is not None:
            members = members.filter(organization__path__startswith=organization.path)
        return members

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        details = selectors.streak_details(
            user=request.user,
            year=self.period["year"],
            month=self.period["month"],
            member_ids=[member.pk for member in page],
        )
        context = {**self.get_serializer_context(), "details": details}
        return self.get_paginated_response(AlertSerializer(page, many=True, context=context).data)


# --- totals ---------------------------------------------------------------------------------


def shown(summary: dict) -> dict:
    """Decimals as strings: exact in JSON."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in summary.items()}


class DuesTotalsView(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(summary="党费汇总（按党组织子树、按月）", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if not can_view_registry(request.user):
            raise exceptions.PermissionDenied("您的角色不使用业务台账")
        period = period_query(request, default=(timezone.localdate().year, None))
        month = period["month"] if period["month_given"] else None
        year, parent = period["year"], period["organization"]
        figures = dict(user=request.user, year=year, parent=parent)
        groups = selectors.totals_by_organization(month=month, **figures)
        return Response(
            {
                "year": year,
                "month": month,
                "organization": parent.code if parent else None,
                "total": shown(selectors.subtree_total(month=month, **figures)),
                "groups": [group_json(org, summary) for org, summary in groups],
                "by_month": [shown(row) for row in selectors.totals_by_month(**figures)],
            }
        )


def group_json(organization, summary: dict) -> dict:
    return {
        "organization": organization.code if organization else None,
        "name": organization.name if organization else None,
        **shown(summary),
    }


router = SimpleRouter()
router.register("dues/bases", DuesBaseViewSet, basename="dues-base")
router.register("dues/months", DuesMonthViewSet, basename="dues-month")

urlpatterns = [
    path("dues/alerts/", DuesAlertViewSet.as_view({"get": "list"}), name="dues-alerts"),
    path("dues/totals/", DuesTotalsView.as_view(), name="dues-totals"),
    *router.urls,
]
