"""GET /api/v1/members/birthdays/?month=YYYY-MM and /api/v1/members/milestones/?year=YYYY."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.members import selectors
from liangxin.members.party_age import milestone_members
from liangxin.members.views import birthday_rows, month_param, year_param

LIMIT = 1000


def person(member) -> dict:
    return {
        "id": str(member.public_id),
        "name": member.name,
        "organization": member.organization.code,
    }


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="党员编号（public_id）")
    name = serializers.CharField()
    organization = serializers.CharField(help_text="所在党组织编码")


class BirthdaySerializer(PersonSerializer):
    joined_on = serializers.DateField(help_text="入党日期")
    years = serializers.IntegerField(help_text="入党年数")


class MilestoneSerializer(PersonSerializer):
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


urlpatterns = [
    path("members/birthdays/", BirthdaysApi.as_view(), name="member-birthdays"),
    path("members/milestones/", MilestonesApi.as_view(), name="member-milestones"),
]
