"""What was held at a place (issue 19: activities with participants, linked to organization
life and the service menu): the 阵地活动 list names an activity's place by the place record
(its current name, not the text typed then), and the place's page lists both the service
menu's activities held there and the organization-life meetings held there."""

from django.urls import reverse
from django.utils import timezone

from liangxin.life.models import Meeting
from liangxin.venues import services
from tests.venues.conftest import place_data
from tests.venues.test_figures import activity


def table(page: str, table_id: str) -> str:
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


def test_the_activity_list_shows_the_linked_place_by_its_record(world, login, places):
    centre, today = places["centre"], timezone.localdate()
    activity(world, "town_a_admin", world.town_a, centre, "邻里共享日", today, 30, "中心二楼")
    activity(world, "town_a_admin", world.town_a, None, "村里的活动", today, 12, "某村礼堂")
    services.place_save(
        actor=world.user("town_a_admin"),
        data=place_data(world, name="川姜镇党群服务中心（新馆）"),
        station=centre,
    )
    page = login("town_a_admin").get(reverse("servicelists:activities")).content.decode()
    assert "川姜镇党群服务中心（新馆）" in page and "中心二楼" not in page
    assert "某村礼堂" in page  # no place on record: the name typed stays


def test_the_place_page_lists_activities_and_meetings_held_there(world, login, places):
    centre, park, today = places["centre"], places["park"], timezone.localdate()
    activity(world, "town_a_admin", world.town_a, centre, "青春学堂第 1 期", today, 25)
    activity(world, "town_b_admin", world.town_b, park, "园区的活动", today, 40)
    common = {"organization": world.org_a, "kind": "general_assembly", "held_on": today}
    Meeting.objects.create(place=centre.name, topic="学习党章", **common)
    Meeting.objects.create(place="公司会议室", topic="在别处开的会", **common)

    page = login("town_a_admin").get(reverse("venues:place", args=[centre.pk])).content.decode()
    held = table(page, "place-activities")
    assert "青春学堂第 1 期" in held and ">25<" in held and "园区的活动" not in held
    meetings = table(page, "place-meetings")
    assert "学习党章" in meetings and world.org_a.name in meetings
    assert "在别处开的会" not in meetings and "青春学堂" not in meetings
    assert "共 1 次，参加 25 人次" in page
