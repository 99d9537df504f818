"""/api/v1/members/: party members over the API, addressed by their public id, and
GET /api/v1/members/birthdays/?month=YYYY-MM and /api/v1/members/milestones/?year=YYYY."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from liangxin.api.fields import ScopedKeyField
from liangxin.api.serializers import PERSONAL_FIELDS, PersonSerializer
from liangxin.api.views import PersonViewSet, registry_schema
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.selectors import enterprise_list
from liangxin.members import selectors
from liangxin.members.filters import MemberFilter
from liangxin.members.models import Member
from liangxin.members.party_age import milestone_members
from liangxin.members.privacy import sees_birth_date
from liangxin.members.services import member_create, member_update, record_member_view
from liangxin.members.views import birthday_rows, month_param, year_param
from liangxin.organizations.selectors import organization_list

LIMIT = 1000


@extend_schema_field({"type": "string", "format": "date", "nullable": True})
class BirthDateField(serializers.DateField):
    """The birth date, or null for a role that may not unmask the ID number: the date is
    digits 7–14 of the number, the part the mask hides (members.privacy)."""

    def to_representation(self, value):
        if not sees_birth_date(self.context["request"].user):
            return None
        return super().to_representation(value)


class MemberSerializer(PersonSerializer):
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
        help_text="工作单位统一社会信用代码",
    )

    class Meta:
        model = Member
        fields = [
            "public_id",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "birth_year",
            "education",
            "joined_on",
            "full_member_on",
            "status",
            "organization",
            "employer",
            "post_level",
            "is_investor",
            "flow_type",
            "abroad",
            "id_number_masked",
            "phone_masked",
            *PERSONAL_FIELDS,
        ]
        # Derived from the ID number when left out (GB 11643).
        extra_kwargs = {"gender": {"required": False}, "birth_date": {"required": False}}

    hidden_links = {"employer": (Enterprise, [])}

    def create_record(self, data):
        return member_create(actor=self.actor, data=data)

    def update_record(self, instance, data):
        return member_update(actor=self.actor, member=instance, data=data)


@registry_schema("党员", key="编号")
class MemberViewSet(PersonViewSet):
    kind = "members"
    serializer_class = MemberSerializer
    filterset_class = MemberFilter

    def visible_records(self, user):
        return selectors.member_list(user=user)

    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()  # out of scope: 404, and nothing audited
        with self.audit():
            record_member_view(request, member)
        return Response(self.get_serializer(member).data)


# --- birthdays and milestones -------------------------------------------------------


def person(member) -> dict:
    return {
        "id": str(member.public_id),
        "name": member.name,
        "organization": member.organization.code,
    }


class ListedMemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="党员编号（public_id）")
    name = serializers.CharField()
    organization = serializers.CharField(help_text="所在党组织编码")


class BirthdaySerializer(ListedMemberSerializer):
    joined_on = serializers.DateField(help_text="入党日期")
    years = serializers.IntegerField(help_text="入党年数")


class MilestoneSerializer(ListedMemberSerializer):
    full_member_on = serializers.DateField(help_text="转正日期")
    party_age = serializers.IntegerField(help_text="党龄（年）")


class BirthdaysApi(APIView):
    @extend_schema(
        summary="本月政治生日（入党日期在该月）",
        parameters=[
            OpenApiParameter(
                "month", OpenApiTypes.STR, description="YYYY-MM，默认本月；格式不对时按本月"
            )
        ],
        responses={200: BirthdaySerializer(many=True)},
    )
    def get(self, request):
        year, month = month_param(request)
        members, _ = birthday_rows(request.user, year, month)
        return Response(
            [
                {**person(m), "joined_on": m.joined_on, "years": year - m.joined_on.year}
                for m in members[:LIMIT]
            ]
        )


class MilestonesApi(APIView):
    @extend_schema(
        summary="本年度党龄满纪念年限的党员",
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, description="年份（1921–2200），默认本年；不合法时按本年"
            )
        ],
        responses={200: MilestoneSerializer(many=True)},
    )
    def get(self, request):
        rows = milestone_members(selectors.member_list(user=request.user), year=year_param(request))
        return Response(
            [
                {**person(m), "full_member_on": m.full_member_on, "party_age": years}
                for m, years in rows[:LIMIT]
            ]
        )


router = SimpleRouter()
router.register("members", MemberViewSet, basename="member")

urlpatterns = [
    path("members/birthdays/", BirthdaysApi.as_view(), name="member-birthdays"),
    path("members/milestones/", MilestonesApi.as_view(), name="member-milestones"),
    *router.urls,
]
