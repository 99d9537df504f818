"""/api/v1/requests/…: the request loop over the API (WORK.md §5, DOMAIN.md §5 conventions).

The pages are the reference: the list filters through the page's own filter
(views.RequestFilterMixin), a body is checked by the page's form (the body
serializers are generated from those forms, for the schema and for JSON types),
writes go through the same services with the same role checks, inside an audit
context, and the statistics are the page's (views.StatisticsMixin). Out of scope
is 404 (selectors.request_list passes core.scoping.scoped).
"""

import datetime
from types import SimpleNamespace

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import InputSerializer
from liangxin.core.audit import CHANNEL_API, audit_context, client_address
from liangxin.core.scoping import scoped
from liangxin.enterprises.selectors import enterprise_list
from liangxin.requests import forms, permissions, selectors, services, views
from liangxin.requests.models import (
    RUNNING_STATES,
    Action,
    Channel,
    ExtensionStatus,
    FollowUpMethod,
    HandlingUnit,
    Request,
    RequestCategory,
    Result,
    Satisfaction,
    SpanUnit,
    State,
    Urgency,
)

# --- bodies: generated from the pages' forms ---------------------------------------


def serializer_field(field: django_forms.Field) -> serializers.Field:
    """The JSON field documenting (and type-checking) one field of a page's form."""
    common = {
        "required": field.required,
        "label": str(field.label or ""),
        "help_text": str(field.help_text or "") or None,
    }
    if not field.required:
        common["allow_null"] = True
    if isinstance(field, django_forms.ModelMultipleChoiceField):
        common.pop("allow_null", None)
        return serializers.ListField(child=serializers.IntegerField(min_value=1), **common)
    if isinstance(field, django_forms.ModelChoiceField):
        return serializers.IntegerField(min_value=1, **common)
    if isinstance(field, django_forms.ChoiceField):
        return serializers.ChoiceField(choices=list(field.choices), **common)
    if isinstance(field, django_forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(field, django_forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, django_forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            min_value=field.min_value,
            **common,
        )
    blank = {} if field.required else {"allow_blank": True}
    return serializers.CharField(max_length=field.max_length, **blank, **common)


def body_serializer(name: str, form: django_forms.Form, **overrides) -> type:
    """An InputSerializer (unknown fields refused) with one field per form field."""
    fields = {key: serializer_field(field) for key, field in form.fields.items()}
    fields.update(overrides)
    return type(name, (InputSerializer,), fields)


def form_data(request, **replaced):
    """The body as the page's form reads it (a QueryDict keeps its lists)."""
    data = request.data.copy() if isinstance(request.data, QueryDict) else dict(request.data)
    for key, value in replaced.items():
        data[key] = value
    return data


def checked(form) -> dict:
    """The form's cleaned data, or its Chinese errors as a 400."""
    if form.is_valid():
        return form.cleaned_data
    errors = {
        (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): list(messages)
        for key, messages in form.errors.items()
    }
    raise exceptions.ValidationError(errors)


def audit(request):
    return audit_context(
        request.user, channel=CHANNEL_API, remote_addr=client_address(request), path=request.path
    )


# --- answers -----------------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class RequestSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.uscc", label="统一社会信用代码")
    enterprise_name = serializers.CharField(source="enterprise.name", label="企业名称")
    region = serializers.CharField(source="enterprise.region.code", label="所属区域代码")
    region_name = serializers.CharField(source="enterprise.region.name", label="所属区域")
    channel = serializers.ChoiceField(choices=Channel.choices, label="渠道")
    urgency = serializers.ChoiceField(choices=Urgency.choices, label="紧急程度")
    state = serializers.ChoiceField(choices=State.choices, label="状态")
    state_label = serializers.CharField(source="get_state_display", label="状态名称")
    categories = RefSerializer(many=True, label="类别")
    lead_unit = RefSerializer(allow_null=True, label="牵头单位")
    # Read-only fields lose the model's blank choice in DRF; the schema must list "".
    result = serializers.ChoiceField(choices=Result.choices, allow_blank=True, label="办理结果")
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, allow_blank=True, label="最近回访评价"
    )
    overdue = serializers.SerializerMethodField(label="逾期未办结")

    class Meta:
        model = Request
        fields = [
            "id", "number", "enterprise", "enterprise_name", "region", "region_name",
            "channel", "categories", "urgency", "state", "state_label", "content",
            "lead_unit", "received_at", "accepted_at", "due_at", "extended", "finished_at",
            "workdays_taken", "answered_directly", "result", "satisfaction", "reopen_count",
            "closed_at", "overdue",
        ]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, request) -> bool:
        return bool(
            request.due_at and request.state in RUNNING_STATES and timezone.now() > request.due_at
        )


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField(label="时间")
    action = serializers.ChoiceField(choices=Action.choices, label="操作")
    action_label = serializers.CharField(source="get_action_display", label="操作名称")
    from_state = serializers.ChoiceField(choices=State.choices, allow_blank=True, label="原状态")
    to_state = serializers.ChoiceField(choices=State.choices, label="新状态")
    actor = serializers.CharField(allow_null=True, label="操作人")
    comment = serializers.CharField(allow_blank=True, label="说明")


class ExtensionSerializer(serializers.Serializer):
    reason = serializers.CharField(label="延期理由")
    old_due_at = serializers.DateTimeField(label="原期限")
    new_due_at = serializers.DateTimeField(label="申请延至")
    asked_at = serializers.DateTimeField(label="申请时间")
    asked_by = serializers.CharField(allow_null=True, label="申请人")
    status = serializers.ChoiceField(choices=ExtensionStatus.choices, label="审批状态")
    decided_at = serializers.DateTimeField(allow_null=True, label="审批时间")
    decided_by = serializers.CharField(allow_null=True, label="审批人")
    decision_note = serializers.CharField(allow_blank=True, label="审批意见")


class FollowUpSerializer(serializers.Serializer):
    on = serializers.DateField(label="回访日期")
    method = serializers.ChoiceField(choices=FollowUpMethod.choices, label="回访方式")
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, label="评价")
    note = serializers.CharField(allow_blank=True, label="回访记录")
    reopened = serializers.BooleanField(label="转重办")
    recorded_by = serializers.CharField(allow_null=True, label="回访人")


class RequestDetailSerializer(RequestSerializer):
    co_units = RefSerializer(many=True, label="协办单位")
    span_unit = serializers.ChoiceField(
        choices=SpanUnit.choices, allow_blank=True, label="时限单位"
    )
    events = EventSerializer(many=True, label="办理记录")
    extensions = ExtensionSerializer(many=True, label="延期申请")
    follow_ups = FollowUpSerializer(many=True, label="回访记录")
    allowed_actions = serializers.SerializerMethodField(label="您现在可进行的操作")

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields,
            "submitter_name", "submitter_phone", "co_units", "span", "span_unit",
            "span_source", "paused_workdays", "result_reason", "public_answer", "funds",
            "follow_up_due", "events", "extensions", "follow_ups", "allowed_actions",
        ]  # fmt: skip
        read_only_fields = fields

    def get_allowed_actions(self, request) -> list[str]:
        return services.allowed_actions(self.context["request"].user, request)


def detail_queryset(user):
    return selectors.request_list(user=user).prefetch_related(
        "categories__parent",
        "co_units",
        "events__actor",
        "extensions__asked_by",
        "extensions__decided_by",
        "follow_ups__recorded_by",
    )


# --- statistics ------------------------------------------------------------------------


class StatisticsParams(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, help_text="年度（按接收时间计入），默认今年"
    )
    dimension = serializers.ChoiceField(
        choices=list(selectors.DIMENSIONS.items()),
        required=False,
        default="region",
        help_text="统计维度：region 区域（下一级）、unit 牵头单位（按按时办结率排名）、"
        "category 类别、month 月份",
    )
    region = serializers.CharField(
        required=False, max_length=32, help_text="区域代码（默认：本人管辖的最高一级区域）"
    )

    def validate_year(self, year):
        latest = timezone.localdate().year + 1
        if year > latest:
            raise serializers.ValidationError(f"年度不能晚于 {latest}")
        return year


class StatisticsRowSerializer(serializers.Serializer):
    label = serializers.CharField(label="名称")
    code = serializers.CharField(allow_blank=True, label="区域代码（按区域时）")
    received = serializers.IntegerField(label="接收")
    accepted = serializers.IntegerField(label="已受理")
    closed = serializers.IntegerField(label="已办结")
    on_time = serializers.IntegerField(label="按时办结")
    on_time_rate = serializers.FloatField(allow_null=True, label="按时办结率（%）")
    direct = serializers.IntegerField(label="直接答复")
    avg_days = serializers.FloatField(allow_null=True, label="平均办理工作日")
    extended = serializers.IntegerField(label="延期")
    overdue = serializers.IntegerField(label="逾期未办结")
    rated = serializers.IntegerField(label="已回访")
    satisfied = serializers.IntegerField(label="满意")
    basically = serializers.IntegerField(label="基本满意")
    satisfaction_rate = serializers.FloatField(allow_null=True, label="满意率（满意+基本满意，%）")
    satisfied_rate = serializers.FloatField(allow_null=True, label="满意率（仅满意，%）")
    reopened = serializers.IntegerField(label="重办")
    reopen_rate = serializers.FloatField(allow_null=True, label="重办率（%）")
    funds = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, label="兑现资金（万元）"
    )


class StatisticsTotalSerializer(StatisticsRowSerializer):
    label = serializers.CharField(default="合计", label="名称")
    code = serializers.CharField(default="", allow_blank=True, label="区域代码")


class StatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年度")
    dimension = serializers.ChoiceField(choices=list(selectors.DIMENSIONS.items()))
    dimension_label = serializers.CharField(label="统计维度")
    region = serializers.CharField(allow_null=True, label="区域代码")
    region_name = serializers.CharField(allow_null=True, label="区域名称")
    rows = StatisticsRowSerializer(many=True, label="各行（按牵头单位时为排名顺序）")
    total = StatisticsTotalSerializer(label="合计")


class PageStatistics(views.StatisticsMixin):
    def __init__(self, user, query: dict):
        self.request = SimpleNamespace(user=user, GET=query)


def statistics_answer(request) -> Response:
    params = StatisticsParams(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    checked_params = params.validated_data
    query = {
        "year": str(checked_params.get("year", "")),
        "by": checked_params["dimension"],
        "region": checked_params.get("region", ""),
    }
    year, dimension, region, stats = PageStatistics(request.user, query).figures()
    answer = {
        "year": year,
        "dimension": dimension,
        "dimension_label": selectors.DIMENSIONS[dimension],
        "region": region.code if region else None,
        "region_name": region.name if region else None,
        "rows": stats.rows,
        "total": {**stats.total, "label": "合计", "code": ""},
    }
    return Response(StatisticsSerializer(answer).data)


# --- list, detail, create ------------------------------------------------------------


def month_text(value: str) -> str:
    if not value:
        return value
    try:
        datetime.datetime.strptime(value, "%Y-%m")
    except ValueError as exc:
        raise serializers.ValidationError("月份格式应为 YYYY-MM，如 2026-11") from exc
    return value


class RequestFilterParams(serializers.Serializer):
    """The list's query: the page's filters (views.RequestFilterMixin), plus the lead unit."""

    search = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="诉求编号或企业名称（包含）"
    )
    region = serializers.CharField(
        required=False, allow_blank=True, max_length=32, help_text="区域代码（含下级）"
    )
    state = serializers.ChoiceField(
        choices=[("running", "办理期内（已受理至办理中）"), *State.choices],
        required=False,
        allow_blank=True,
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, allow_blank=True)
    category = serializers.IntegerField(required=False, min_value=1, help_text="类别编号")
    unit = serializers.IntegerField(required=False, min_value=1, help_text="牵头单位编号")
    overdue = serializers.BooleanField(required=False, help_text="只列逾期未办结的")
    month = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=7,
        validators=[month_text],
        help_text="接收月份 YYYY-MM",
    )


class PageFilter(views.RequestFilterMixin):
    """The page's filter run on the checked query (the page reads request.GET)."""

    def __init__(self, user, query: dict):
        self.request = SimpleNamespace(user=user, GET=query)


def filtered_requests(user, params: dict):
    query = {
        "q": params.get("search", ""),
        "region": params.get("region", ""),
        "state": params.get("state", ""),
        "urgency": params.get("urgency", ""),
        "category": str(params.get("category", "")),
        "month": params.get("month", ""),
        "overdue": "1" if params.get("overdue") else "",
    }
    requests = PageFilter(user, query).requests()
    if params.get("unit"):
        requests = requests.filter(lead_unit_id=params["unit"])
    return requests


def create_body() -> type:
    """The create form's fields, the enterprise named by its 统一社会信用代码 (the API's key)."""
    form = forms.RequestForm.base_fields
    fields = {key: serializer_field(field) for key, field in form.items()}
    fields["enterprise"] = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="统一社会信用代码",
        help_text="企业的统一社会信用代码（须在您的数据范围内）",
    )
    return type("RequestCreateSerializer", (InputSerializer,), fields)


RequestCreateBody = create_body()


@extend_schema_view(
    list=extend_schema(summary="诉求列表", parameters=[RequestFilterParams]),
    retrieve=extend_schema(summary="诉求详情（含办理记录、延期申请、回访记录）"),
    create=extend_schema(
        summary="登记诉求（与登记页面相同的校验）",
        request=RequestCreateBody,
        responses={201: RequestDetailSerializer},
    ),
)
class RequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    renderer_classes = [JSONRenderer]
    filter_backends = []  # the page's filters, run on the checked query (filtered_requests)
    lookup_value_regex = r"\d+"
    queryset = Request.objects.none()  # for the schema; get_queryset scopes the real one

    def get_serializer_class(self):
        return RequestSerializer if self.action == "list" else RequestDetailSerializer

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            params = RequestFilterParams(data=self.request.query_params.dict())
            params.is_valid(raise_exception=True)
            requests = filtered_requests(user, params.validated_data)
            return requests.prefetch_related("categories__parent")
        return detail_queryset(user)

    def create(self, request, *args, **kwargs):
        if not permissions.can_submit(request.user):
            raise PermissionDenied("您的角色不能登记诉求")
        body = RequestCreateBody(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        enterprise = body.validated_data["enterprise"]
        form = forms.RequestForm(form_data(request, enterprise=enterprise.pk), user=request.user)
        data = checked(form)
        with audit(request):
            created = services.request_create(actor=request.user, data=data)
        answer = self.get_serializer(detail_queryset(request.user).get(pk=created.pk))
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="诉求统计（与统计页面相同的数字）",
        parameters=[StatisticsParams],
        responses={200: StatisticsSerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def statistics(self, request):
        return statistics_answer(request)


# --- workflow actions ------------------------------------------------------------------


class RequestActionView(APIView):
    """POST /api/v1/requests/<id>/actions/<action>/: one step of the loop, as on the page."""

    renderer_classes = [JSONRenderer]
    step: str = ""

    def perform(self, request, pk: int) -> Response:
        target = selectors.request_detail(user=request.user, pk=pk)  # out of scope: 404
        step = services.STEPS[self.step]
        allowed = (
            permissions.can_submit if step.who == services.SUBMITTER else permissions.can_handle
        )
        if not allowed(request.user):
            raise PermissionDenied(f"您的角色不能{Action(self.step).label}")
        make_form, run = views.ACTIONS[self.step]
        body = ACTION_BODIES[self.step](data=request.data)
        body.is_valid(raise_exception=True)
        kwargs = {"user": request.user} if self.step == Action.ASSIGN else {}
        data = checked(make_form(data=form_data(request), **kwargs))
        with audit(request):
            run(request.user, target, data)
        fresh = detail_queryset(request.user).get(pk=target.pk)
        return Response(RequestDetailSerializer(fresh, context={"request": request}).data)


def action_form(step: str) -> django_forms.Form:
    make_form, _ = views.ACTIONS[step]
    return make_form(**({"user": None} if step == Action.ASSIGN else {}))


ACTION_BODIES = {
    step: body_serializer(f"Request{step.title().replace('_', '')}Serializer", action_form(step))
    for step in views.ACTIONS
}


def action_view(step: str) -> type[RequestActionView]:
    label = Action(step).label

    @extend_schema(
        summary=f"诉求办理：{label}",
        description=f"与页面上“{label}”相同的表单校验、角色检查和办理服务：角色不能{label}时 "
        f"403；诉求当前状态不能{label}、或内容不合要求时 400（中文说明），不作任何修改。",
        request=ACTION_BODIES[step],
        responses={200: RequestDetailSerializer},
        operation_id=f"requests_action_{step}",
    )
    def post(self, request, pk):
        return self.perform(request, pk)

    name = f"Request{step.title().replace('_', '')}ActionView"
    return type(name, (RequestActionView,), {"step": step, "post": post})


# --- vocabulary: the ids a body names ---------------------------------------------------


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__", label="类别（含上级）")
    parent = serializers.IntegerField(source="parent_id", allow_null=True, label="上级类别编号")
    active = serializers.BooleanField(label="启用")


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(label="单位名称")
    region = serializers.CharField(source="region.code", label="所属区域代码")
    region_name = serializers.CharField(source="region.name", label="所属区域")
    active = serializers.BooleanField(label="启用")


@extend_schema_view(list=extend_schema(summary="诉求类别（登记诉求时 categories 填其编号）"))
class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CategorySerializer
    renderer_classes = [JSONRenderer]
    filter_backends = []
    queryset = RequestCategory.objects.none()  # for the schema

    def get_queryset(self):
        return scoped(RequestCategory.objects.select_related("parent"), self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="承办单位（派单时可选的：本级、下级和上级的单位；lead_unit 填其编号）"
    )
)
class UnitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = UnitSerializer
    renderer_classes = [JSONRenderer]
    filter_backends = []
    queryset = HandlingUnit.objects.none()  # for the schema

    def get_queryset(self):
        user = self.request.user
        units = scoped(HandlingUnit.objects.select_related("region"), user)
        return units.filter(selectors.units_near(user)).order_by("region__path", "name")


router = SimpleRouter()
router.register("requests", RequestViewSet, basename="request")
router.register("request-categories", CategoryViewSet, basename="request-category")
router.register("handling-units", UnitViewSet, basename="handling-unit")

urlpatterns = [
    *[
        path(
            f"requests/<int:pk>/actions/{step}/",
            action_view(step).as_view(),
            name=f"request-action-{step}",
        )
        for step in views.ACTIONS
    ],
    *router.urls,
]
