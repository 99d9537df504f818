"""/api/v1/development-cases/ and /api/v1/development/…: the development workflow over the API.

Built on the registry API's base viewset (liangxin.api.views): scoped
querysets (404 outside), role checks, writes through the services inside an
audit context, errors translated to Chinese JSON.
"""

from django.db.models import Exists, OuterRef
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import PERSONAL_FIELDS, InputSerializer, PersonSerializer
from liangxin.api.views import PersonViewSet
from liangxin.core.roles import can_edit
from liangxin.core.scoping import get_scoped_or_404, in_scope, scoped
from liangxin.development import selectors, services
from liangxin.development.checks import violations
from liangxin.development.filters import CaseFilter
from liangxin.development.models import CaseStep, DevelopmentCase, FullDecision, Step
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.selectors import enterprise_list
from liangxin.members.api import BirthDateField
from liangxin.members.models import Member
from liangxin.members.selectors import member_list
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.selectors import organization_list
from liangxin.regions.models import Region
from liangxin.rules.values import rule_values

REMINDER_ROWS = 100  # rows per reminder list in one answer; ``count`` gives the full number
# Sanity bounds of the input only; the rule checks list values outside the regulations.
MAX_HOURS = 1000
MAX_EXTENSION_MONTHS = 99
PEOPLE = ("introducer_first", "introducer_second", "contact_first", "contact_second")


def member_key(**kwargs) -> ScopedKeyField:
    return ScopedKeyField(
        selector=member_list, slug_field="public_id", key_label="党员编号", **kwargs
    )


def with_people_in_scope(cases, user):
    """``<link>_in_scope`` for the member record and the four people of each case."""
    return cases.annotate(
        **{
            f"{name}_in_scope": Exists(
                scoped(Member.objects.filter(pk=OuterRef(f"{name}_id")), user)
            )
            for name in ("member", *PEOPLE)
        }
    )


class PersonRefSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    status = serializers.CharField()


def person_ref(person) -> dict | None:
    if person is None:
        return None
    return {"public_id": str(person.public_id), "name": person.name, "status": person.status}


class DevelopmentCaseSerializer(PersonSerializer):
    birth_date = BirthDateField(
        required=False, label="出生日期", help_text="无查看明文权限的角色读取为 null，见 birth_year"
    )
    birth_year = serializers.IntegerField(
        source="birth_date.year", read_only=True, label="出生年份"
    )
    organization = ScopedKeyField(
        selector=organization_list,
        slug_field="code",
        key_label="组织编码",
        help_text="所在党组织编码",
    )
    employer = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="工作单位统一社会信用代码",
        required=False,
        allow_null=True,
    )
    introducers = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()
    # Null until the case ends with the applicant admitted.
    member = serializers.SlugRelatedField(slug_field="public_id", read_only=True, allow_null=True)
    # Read-only fields lose the model's blank choice in DRF; the schema must list "".
    full_decision = serializers.ChoiceField(
        choices=FullDecision.choices, allow_blank=True, read_only=True, label="转正决定"
    )

    class Meta:
        model = DevelopmentCase
        fields = [
            "public_id",
            "name",
            "gender",
            "birth_date",
            "birth_year",
            "ethnicity",
            "education",
            "organization",
            "employer",
            "post_level",
            "status",
            "stage",
            "step",
            "applied_on",
            "talked_on",
            "activist_on",
            "evaluations",
            "target_on",
            "political_review_on",
            "training_start_on",
            "training_end_on",
            "training_hours",
            "notice_start_on",
            "notice_end_on",
            "branch_meeting_on",
            "approved_on",
            "oath_on",
            "extension_months",
            "probation_ends_on",
            "full_notice_start_on",
            "full_notice_end_on",
            "full_decision",
            "full_meeting_on",
            "full_approved_on",
            "introducers",
            "contacts",
            "member",
            "closed_reason",
            "note",
            "id_number_masked",
            "phone_masked",
            *PERSONAL_FIELDS,
        ]
        # Step dates are recorded through /steps/ so each one leaves an event row.
        read_only_fields = [
            name
            for name in fields
            if name.endswith("_on")
            and name != "applied_on"
            or name
            in {"status", "stage", "step", "evaluations", "extension_months", "full_decision"}
            or name == "closed_reason"
        ]
        extra_kwargs = {"gender": {"required": False}, "birth_date": {"required": False}}

    # Linked records outside the caller's scope read as null (the employer, the member
    # record) or are left out (introducers, contacts who moved away since), as in the
    # registry API. The members' visibility comes annotated on the list's one query
    # (``with_people_in_scope``), so a page costs no query per link.
    hidden_links = {"employer": (Enterprise, [])}

    def get_introducers(self, case) -> list[dict]:
        return self.people(case, "introducer_first", "introducer_second")

    def get_contacts(self, case) -> list[dict]:
        return self.people(case, "contact_first", "contact_second")

    def people(self, case, *names) -> list[dict]:
        shown = [getattr(case, n) for n in names if self.member_link_visible(case, n)]
        return [p for p in map(person_ref, shown) if p]

    def member_link_visible(self, case, name: str) -> bool:
        if getattr(case, f"{name}_id") is None:
            return False
        known = getattr(case, f"{name}_in_scope", None)
        if known is None:  # a case just written, not read through the list's query
            known = in_scope(getattr(case, name), self.context["request"].user)
        return known

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.member_link_visible(instance, "member"):
            data["member"] = None
        return data

    def create_record(self, data):
        return services.development_create(actor=self.actor, data=data)

    def update_record(self, instance, data):
        applied = data.pop("applied_on", None)
        if applied and applied != instance.applied_on:
            raise exceptions.ValidationError(
                {"applied_on": ["递交申请日期请通过步骤接口（第1步）更正"]}
            )
        return services.development_update(actor=self.actor, case=instance, data=data)


class StepSerializer(InputSerializer):
    step = serializers.ChoiceField(choices=Step.choices, label="步骤")
    done_on = serializers.DateField(label="日期")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    document = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact_first = member_key(required=False)
    contact_second = member_key(required=False)
    introducer_first = member_key(required=False)
    introducer_second = member_key(required=False)
    training_end_on = serializers.DateField(required=False)
    training_hours = serializers.IntegerField(required=False, min_value=0, max_value=MAX_HOURS)
    notice_start_on = serializers.DateField(required=False)
    notice_end_on = serializers.DateField(required=False)
    full_decision = serializers.ChoiceField(choices=FullDecision.choices, required=False)
    extension_months = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_EXTENSION_MONTHS
    )
    full_notice_start_on = serializers.DateField(required=False)
    full_notice_end_on = serializers.DateField(required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        common = {name: data.pop(name) for name in ("step", "done_on", "note", "document")}
        return {**common, "details": data}


class CaseStepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = CaseStep
        fields = ["step", "done_on", "note", "document", "actor", "recorded_at"]


class ViolationSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    source = serializers.CharField()


@extend_schema_view(
    list=extend_schema(summary="发展党员列表"),
    retrieve=extend_schema(summary="发展党员详情（按编号）"),
    create=extend_schema(summary="登记入党申请人（第1步）"),
    update=extend_schema(summary="修改申请人信息"),
    partial_update=extend_schema(summary="部分修改申请人信息"),
)
class DevelopmentCaseViewSet(PersonViewSet):
    kind = "members"  # whoever may edit members may run the workflow
    serializer_class = DevelopmentCaseSerializer
    filterset_class = CaseFilter

    def visible_records(self, user):
        cases = selectors.case_list(user=user).select_related("member", *PEOPLE)
        return with_people_in_scope(cases, user)

    @extend_schema(summary="不符合规定的事项", responses={200: ViolationSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)  # a plain list
    def violations(self, request, public_id=None):
        case = self.get_object()
        return Response([violation.as_dict() for violation in violations(case)])

    @extend_schema(
        summary="办理记录；POST 记录一个步骤",
        request=StepSerializer,
        responses={200: CaseStepSerializer(many=True), 201: CaseStepSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # a plain list
    def steps(self, request, public_id=None):
        case = self.get_object()  # out of scope: 404 before anything else
        if request.method == "GET":
            return Response(CaseStepSerializer(selectors.case_steps(case), many=True).data)
        if not can_edit(request.user, self.kind):
            raise exceptions.PermissionDenied("您的角色无权修改此类记录")
        body = StepSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        with self.audit():
            entry = services.development_record_step(
                actor=request.user, case=case, **body.service_kwargs()
            )
        return Response(CaseStepSerializer(entry).data, status=201)


class ReminderAPIView(APIView):
    @extend_schema(summary="发展党员到期提醒", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        values = rule_values()
        found = selectors.reminders(user=request.user)
        kind = request.query_params.get("kind")
        if kind and kind not in {reminder.key for reminder in found}:
            raise exceptions.ValidationError({"kind": ["未知的提醒类别"]})
        return Response(
            {
                "as_of": timezone.localdate(),
                "reminders": [
                    reminder_body(reminder, values)
                    for reminder in found
                    if not kind or reminder.key == kind
                ],
            }
        )


def reminder_body(reminder, values) -> dict:
    rows = reminder.queryset[:REMINDER_ROWS]
    return {
        "key": reminder.key,
        "label": reminder.label,
        "count": reminder.queryset.count(),
        "results": [
            {
                "public_id": str(case.public_id),
                "name": case.name,
                "organization": case.organization.code,
                "step": case.step,
                "due_on": reminder.due_on(case, values),
            }
            for case in rows
        ],
    }


class PrioritiesAPIView(APIView):
    @extend_schema(
        summary="四个倾斜：当年新党员按岗位层级的占比", responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request):
        params = request.query_params
        year = params.get("year") or str(timezone.localdate().year)
        if not year.isdigit() or not 1921 <= int(year) <= timezone.localdate().year:
            raise exceptions.ValidationError({"year": ["年份不正确"]})
        region = organization = None
        if params.get("region"):
            region = get_scoped_or_404(Region.objects.all(), request.user, code=params["region"])
        if params.get("organization"):
            organization = get_scoped_or_404(
                PartyOrganization.objects.all(), request.user, code=params["organization"]
            )
        return Response(
            selectors.four_priorities(
                user=request.user, year=int(year), region=region, organization=organization
            )
        )


router = SimpleRouter()
router.register("development-cases", DevelopmentCaseViewSet, basename="development-case")

urlpatterns = [
    path("development/reminders/", ReminderAPIView.as_view(), name="development-reminders"),
    path("development/priorities/", PrioritiesAPIView.as_view(), name="development-priorities"),
    path("", include(router.urls)),
]
