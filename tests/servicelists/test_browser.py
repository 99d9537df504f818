"""The record forms on a 390 px phone in Chromium: a station's activity, then the service
record of a matched need (WORK.md §5 三张清单 [L:泉州])."""

from liangxin.servicelists import services
from liangxin.servicelists.models import Activity, NeedState, ServiceRecord
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.servicelists.conftest import days_ago, need, resource


def test_an_activity_and_a_service_record_on_a_phone(live_server, chromium, world):
    matched = need(world, kind="staff", received=days_ago(6))
    services.match_create(
        actor=world.user("town_a_admin"),
        need=matched,
        resource=resource(world),
        matched_on=days_ago(5),
    )
    page = phone_as(chromium, live_server, "town_a")

    page.goto(f"{live_server.url}/service-lists/activities/new/")
    assert fits_the_screen(page)
    page.select_option("#id_activity_type", label="邻里共享日")
    page.fill("#id_title", "邻里共享日·义诊")
    page.fill("#id_held_on", days_ago(1).isoformat())
    page.select_option("#id_region", label="川姜镇")
    page.fill("#id_place_name", "川姜镇党群服务中心")
    page.fill("#id_participants", "35")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_activity_form_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存")
    assert fits_the_screen(page)
    saved = Activity.objects.get()
    assert (saved.title, saved.participants, saved.region) == ("邻里共享日·义诊", 35, world.town_a)

    page.goto(f"{live_server.url}/service-lists/needs/{matched.pk}/")
    page.get_by_role("link", name="登记服务记录").click()
    page.wait_for_selector("#step-form")
    assert fits_the_screen(page)
    page.fill("#id_served_on", days_ago(1).isoformat())
    page.fill("#id_beneficiaries", "1")
    page.fill("#id_outcome", "已参加电工培训并取证")
    page.select_option("#id_rating", label="满意")
    page.click("button:has-text('确认登记服务记录')")
    page.wait_for_selector("text=已登记服务记录")
    assert page.inner_text("#need-state") == "已服务" and fits_the_screen(page)
    matched.refresh_from_db()
    assert matched.state == NeedState.SERVED
    assert ServiceRecord.objects.get().beneficiaries == 1


def test_an_activity_corrected_on_a_phone(live_server, chromium, world):
    from liangxin.servicelists.models import ActivityType

    recorded = services.activity_create(
        actor=world.user("town_a_admin"),
        data={
            "activity_type": ActivityType.objects.get(name="青春学堂"),
            "title": "青春学堂·直播带货",
            "held_on": days_ago(2),
            "region": world.town_a,
            "place_name": "川姜镇党群服务中心",
            "participants": 20,
        },
    )
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/service-lists/activities/")
    page.get_by_role("link", name=days_ago(2).isoformat()).click()
    page.wait_for_selector("#record-form")
    assert fits_the_screen(page)
    assert page.input_value("#id_participants") == "20"
    page.fill("#id_participants", "0")  # refused: nothing lost
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=请改正下面标出的错误后再保存")
    assert fits_the_screen(page)
    recorded.refresh_from_db()
    assert recorded.participants == 20
    page.fill("#id_participants", "28")
    page.screenshot(path=str(SCREENSHOTS / "liangxin_activity_edit_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存")
    recorded.refresh_from_db()
    assert (recorded.participants, recorded.title) == (28, "青春学堂·直播带货")

    page.goto(f"{live_server.url}/service-lists/activities/{recorded.pk}/")
    page.click("#record-delete")
    page.wait_for_selector("#delete-form")
    assert fits_the_screen(page)
    page.click("button:has-text('确认删除')")
    page.wait_for_selector("text=已删除阵地活动")
    assert not Activity.objects.filter(pk=recorded.pk).exists()
