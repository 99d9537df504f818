"""The match flow of 三张清单 (WORK.md §5 [L:泉州]): a need is matched to a resource or an
item of the service menu and, delivered, makes a service record; in the pages and in the
services, with the steps refused out of order."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.servicelists import services
from liangxin.servicelists.models import Match, Need, NeedState, ServiceRecord
from tests.servicelists.conftest import days_ago, need, resource, service_item


def test_a_need_is_matched_delivered_and_recorded_through_the_pages(world, login):
    offer = resource(world)
    client = login("town_a_admin")
    response = client.post(
        "/service-lists/needs/new/",
        {
            "requester_kind": "staff",
            "requester_name": "李师傅",
            "region": world.town_a.pk,
            "item": "电工证培训",
            "category": "training",
            "received_on": days_ago(5).isoformat(),
        },
    )
    created = Need.objects.get()
    assert response.status_code == 302 and response.url == f"/service-lists/needs/{created.pk}/"
    assert created.group == "workers" and created.region == world.town_a
    assert "对接资源或服务" in client.get(response.url).content.decode()

    response = client.post(
        f"/service-lists/needs/{created.pk}/match/",
        {"resource": offer.pk, "matched_on": days_ago(4).isoformat(), "note": "推荐下期班"},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.state == NeedState.MATCHED and created.match.resource == offer

    response = client.post(
        f"/service-lists/needs/{created.pk}/deliver/",
        {
            "served_on": days_ago(1).isoformat(),
            "beneficiaries": "1",
            "outcome": "已参加培训并取证",
            "rating": "satisfied",
        },
    )
    assert response.status_code == 302
    created.refresh_from_db()
    record = ServiceRecord.objects.get()
    assert created.state == NeedState.SERVED and record.match.need == created
    page = client.get(f"/service-lists/needs/{created.pk}/").content.decode()
    assert "已参加培训并取证" in page and "受益 1 人" in page and "已服务" in page


def test_a_need_matched_to_the_districts_menu_item(world):
    item = service_item(world, region=world.district)  # the district's menu reaches the towns
    found = need(world)
    services.match_create(
        actor=world.user("town_a_admin"), need=found, service_item=item, matched_on=days_ago(9)
    )
    assert Match.objects.get().service_item == item


def test_steps_out_of_order_are_refused_in_chinese(world):
    admin = world.user("town_a_admin")
    offer, found = resource(world), need(world)
    with pytest.raises(ValidationError, match="已对接的需求才能登记服务"):
        services.match_deliver(
            actor=admin, need=found, served_on=days_ago(1), beneficiaries=1, outcome="x"
        )
    with pytest.raises(ValidationError, match="对接日期不能早于需求提出日期"):
        services.match_create(actor=admin, need=found, resource=offer, matched_on=days_ago(30))
    services.match_create(actor=admin, need=found, resource=offer, matched_on=days_ago(9))
    found.refresh_from_db()
    with pytest.raises(ValidationError, match="只有待对接的需求可以对接"):
        services.match_create(actor=admin, need=found, resource=offer, matched_on=days_ago(9))
    with pytest.raises(ValidationError, match="服务日期不能早于对接日期"):
        services.match_deliver(
            actor=admin, need=found, served_on=days_ago(20), beneficiaries=1, outcome="x"
        )
    assert not ServiceRecord.objects.exists()


def test_a_need_closed_without_service_drops_its_match(world, login):
    admin = world.user("town_a_admin")
    found = need(world)
    services.match_create(actor=admin, need=found, resource=resource(world), matched_on=days_ago(9))
    response = login("town_a_admin").post(
        f"/service-lists/needs/{found.pk}/close/", {"reason": "企业已自行解决"}
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.state == NeedState.CLOSED and not Match.objects.exists()


def test_a_secretary_records_a_need_but_cannot_match_it(world):
    found = need(world, actor="secretary", kind="member")
    assert found.requester_name == "林晓红" and found.group == "party"
    with pytest.raises(PermissionDenied):
        services.match_create(
            actor=world.user("secretary"), need=found, resource=None, matched_on=days_ago(1)
        )


def test_a_secretary_records_a_workers_need_at_the_covered_enterprise(world, login):
    client = login("secretary")
    page = client.get("/service-lists/needs/new/").content.decode()
    assert world.grid_a.name in page  # the branch's grid is offered as the region
    response = client.post(
        "/service-lists/needs/new/",
        {
            "requester_kind": "staff",
            "requester_name": "王师傅",
            "enterprise": world.ent_a.uscc,
            "item": "夜班职工子女托管",
            "category": "living",
            "received_on": days_ago(1).isoformat(),
        },
    )
    created = Need.objects.get()
    assert response.status_code == 302 and created.region == world.grid_a
    assert client.get(f"/service-lists/needs/{created.pk}/").status_code == 200
    assert login("town_b_admin").get(f"/service-lists/needs/{created.pk}/").status_code == 404


def test_open_and_undelivered_needs_are_on_the_keepers_to_do_list(world, login):
    from liangxin.core.home import todos_for

    waiting, matched = need(world), need(world, kind="staff", item="子女暑期托管")
    services.match_create(
        actor=world.user("town_a_admin"), need=matched, resource=resource(world),
        matched_on=days_ago(9),
    )  # fmt: skip

    def due(persona) -> dict:
        found = todos_for(world.user(persona))
        return {t.todo.key: set(t.items.values_list("pk", flat=True)) for t in found}

    town_a = due("town_a_admin")
    assert town_a["servicelists_open_needs"] == {waiting.pk}
    assert town_a["servicelists_undelivered"] == {matched.pk}
    assert not due("town_b_admin").get("servicelists_open_needs")  # nothing of theirs
    assert "servicelists_open_needs" not in due("secretary")  # not a keeper
    assert "需求待对接" in login("town_a_admin").get("/").content.decode()
