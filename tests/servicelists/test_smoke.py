"""Every page of the three lists answers a reader, with records on it, in Chinese."""

import pytest

from liangxin.servicelists import services
from liangxin.servicelists.models import ActivityType, Event, EventType
from tests.servicelists.conftest import days_ago, need, resource, service_item


@pytest.fixture
def records(world):
    admin = world.user("town_a_admin")
    item = service_item(world)
    found = need(world)
    services.match_create(actor=admin, need=found, service_item=item, matched_on=days_ago(9))
    services.activity_create(
        actor=admin,
        data={
            "activity_type": ActivityType.objects.get(name="青春学堂"),
            "title": "青春学堂·直播带货",
            "held_on": days_ago(2),
            "region": world.town_a,
            "place_name": "川姜镇青年驿站",
            "organizer": world.org_a,
            "participants": 40,
            "members": [world.member_a],
            "service_item": item,
            "note": "",
        },
    )
    services.event_create(
        actor=admin,
        data={
            "event_type": EventType.objects.get(name="招商推介会"),
            "title": "川姜家纺招商推介会",
            "held_on": days_ago(3),
            "region": world.town_a,
            "organizer": world.org_a,
            "organizer_name": "",
            "enterprises": [world.ent_a],
            "other_enterprises": 4,
            "note": "",
        },
        outcomes={"contracts": 2},
    )
    return {"need": found, "item": item, "resource": resource(world)}


@pytest.mark.parametrize("persona", ["district_admin", "leader"])
def test_every_page_answers(world, login, records, persona):
    client = login(persona)
    event = Event.objects.get()
    assert event.organizer_name == world.org_a.name  # the organization's name when left blank
    pages = {
        "/service-lists/": "招聘技术工人",
        "/service-lists/resources/": "职业技能培训名额",
        "/service-lists/menu/": "企业提出",
        "/service-lists/menu/list/": "政策直通车",
        "/service-lists/activities/": "青春学堂·直播带货",
        "/service-lists/events/": "川姜家纺招商推介会",
        f"/service-lists/events/{event.pk}/": "川姜纺织有限公司",
        f"/service-lists/needs/{records['need'].pk}/": "政策直通车",
        "/service-lists/figures/?by=category": "用工招聘",
        "/service-lists/events/figures/": "川姜镇",
        "/service-lists/types/": "邻里共享日",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_the_keepers_edit_pages_show_the_record(world, login, records):
    client = login("town_a_admin")
    page = client.get(f"/service-lists/resources/{records['resource'].pk}/").content.decode()
    assert "职业技能培训名额" in page
    response = client.post(
        f"/service-lists/menu/{records['item'].pk}/",
        {
            "region": world.town_a.pk,
            "provider_organization": world.org_a.code,
            "provider_name": "",
            "title": "政策直通车",
            "group": "enterprises",
            "process": "提出\n办理",
            "active": "",
        },
    )
    assert response.status_code == 302
    records["item"].refresh_from_db()
    assert records["item"].provider_name == world.org_a.name and not records["item"].active

    def menu(query=""):  # the cards, after the flash message of the save
        return client.get(f"/service-lists/menu/{query}").content.decode().split("menu-group-1")[1]

    assert "政策直通车" not in menu()
    assert "政策直通车" in menu("?all=1")
