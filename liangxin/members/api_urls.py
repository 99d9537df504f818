"""GET /api/v1/members/birthdays/?month=YYYY-MM and /api/v1/members/milestones/?year=YYYY."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
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


class BirthdaysApi(APIView):
    @extend_schema(summary="本月政治生日（入党日期在该月）", responses={200: OpenApiTypes.OBJECT})
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
    @extend_schema(summary="本年度党龄满纪念年限的党员", responses={200: OpenApiTypes.OBJECT})
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
