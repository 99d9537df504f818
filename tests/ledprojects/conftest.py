import datetime
import io

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook


def workbook_rows(response) -> list[list]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class Records:
    """This year's projects: a city leader's serving the district, town A's own, and a
    member unit's serving town B; two milestones past due and not done (one in each town)."""

    def __init__(self, world):
        from liangxin.duties.models import MemberUnit
        from liangxin.ledprojects import services

        self.world = world
        self.year = timezone.localdate().year
        district, a = world.user("district_admin"), world.user("town_a_admin")
        self.unit = MemberUnit.objects.create(name="区市场监管局", region=world.district, order=1)
        self.city = services.project_save(
            actor=district, year=self.year, title="规上企业党组织应建尽建",
            leader_kind="city_leader", leader_name="市委常委、组织部部长",
            region=world.district, targets="覆盖率 95%\n新建 20 个",
        )  # fmt: skip
        self.town = services.project_save(
            actor=a, year=self.year, title="共富工坊提质扩面", leader_kind="town",
            lead_region=world.town_a, leader_name="镇党委书记", region=world.town_a,
            targets="新建工坊 5 家",
        )  # fmt: skip
        self.unit_project = services.project_save(
            actor=district, year=self.year, title="党建指导员全覆盖", leader_kind="member_unit",
            lead_unit=self.unit, region=world.town_b,
        )  # fmt: skip
        self.overdue = self.milestone(self.town, "摸底排查", -10, actor="town_a_admin")
        self.ahead = self.milestone(self.town, "年度验收", 30, actor="town_a_admin")
        self.overdue_b = self.milestone(self.unit_project, "制定方案", -3)

    def milestone(self, project, title, due_in, actor="district_admin", **more):
        from liangxin.ledprojects import services

        return services.milestone_add(
            actor=self.world.user(actor), project=project, title=title, owner="联络员",
            due_on=days(due_in), state=more.pop("state", "in_progress"), **more,
        )  # fmt: skip


@pytest.fixture
def records(world):
    return Records(world)
