"""/api/v1/requests/…: the request loop over the API, as on the pages (WORK.md §5). Scope
(another town and an outsider get 404), roles (403), bad input (malformed, oversized,
duplicate number, out-of-scope enterprise, a step the state does not allow: 400 in Chinese,
nothing saved), a request taken through every step, and the statistics JSON equal to the
statistics page's export."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from python_calamine import CalamineWorkbook

from liangxin.requests import services
from liangxin.requests.models import DeadlineRule, Request, RequestCategory, RequestEvent
from tests.clients import assert_chinese_error
from tests.requests.conftest import category, new_request

URL = "/api/v1/requests/"


def a_request(world):
    """One request of town A, for the API's schema tests (tests/personas/api) that list
    every resource: the categories of migration requests 0002 first, if a flush lost them."""
    if not DeadlineRule.objects.exists():
        importlib.import_module("liangxin.requests.migrations.0002_defaults").seed(apps, None)
    return new_request(world)


def body(world, **changes) -> dict:
    data = {
        "enterprise": world.ent_a.uscc,
        "channel": "hotline",
        "categories": [category("用工").pk],
        "urgency": "general",
        "content": "需要招聘普工 30 人",
        "submitter_name": "李经理",
        "submitter_phone": "0595-88886666",
    }
    data.update(changes)
    return data


def act(client, r, step, data=None):
    return client.post(f"{URL}{r.pk}/actions/{step}/", data or {}, format="json")


# --- list and detail ------------------------------------------------------------------


def test_the_list_is_scoped_paginated_and_filtered(world, client_as, units):
    a = new_request(world)
    a2 = new_request(world, enterprise=world.ent_a2, urgency="complex", names=("融资",))
    b = new_request(world, world.user("town_b_admin"), enterprise=world.ent_b)
    town_a = client_as("town_a_admin")
    page = town_a.get(URL).json()
    assert page["count"] == 2 and {row["number"] for row in page["results"]} == {
        a.number,
        a2.number,
    }
    assert {"count", "next", "previous", "results"} <= set(page)
    assert client_as("town_b_admin").get(URL).json()["count"] == 1
    assert client_as("outsider").get(URL).json()["count"] == 0
    assert client_as("district_admin").get(URL + "?page_size=1").json()["next"]

    def numbers(query):
        response = client_as("district_admin").get(URL + query)
        assert response.status_code == 200, response.content
        return {row["number"] for row in response.json()["results"]}

    assert numbers("?urgency=complex") == {a2.number}
    assert numbers(f"?category={category('融资').pk}") == {a2.number}
    assert numbers(f"?region={world.town_b.code}") == {b.number}
    assert numbers("?state=received") == {a.number, a2.number, b.number}
    assert numbers(f"?search={a2.number}") == {a2.number}
    admin = world.user("town_a_admin")
    services.request_accept(actor=admin, request=a)
    services.request_assign(
        actor=admin, request=Request.objects.get(pk=a.pk), lead_unit=units["hr"]
    )
    assert numbers(f"?unit={units['hr'].pk}") == {a.number}
    assert numbers("?state=running") == {a.number}
    assert numbers("?overdue=true") == set()
    month = a.received_at.astimezone(datetime.UTC).strftime("%Y-%m")
    assert a.number in numbers(f"?month={month}")
    assert numbers("?month=1999-01") == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?state=lost", "state"),
        ("?month=2026-13", "month"),
        ("?urgency=very", "urgency"),
        ("?unit=x", "unit"),
    ],
)
def test_a_malformed_filter_is_a_chinese_400(world, client_as, query, field):
    response = client_as("district_admin").get(URL + query)
    assert response.status_code == 400
    assert_chinese_error(response, field)


def test_the_detail_shows_the_events_and_out_of_scope_is_404(world, client_as):
    r = new_request(world)
    detail = client_as("town_a_admin").get(f"{URL}{r.pk}/").json()
    assert detail["number"] == r.number and detail["enterprise"] == world.ent_a.uscc
    assert [e["action"] for e in detail["events"]] == ["receive"]
    assert "accept" in detail["allowed_actions"]
    assert detail["extensions"] == [] and detail["follow_ups"] == []
    for persona in ("town_b_admin", "outsider"):
        assert client_as(persona).get(f"{URL}{r.pk}/").status_code == 404
        assert act(client_as(persona), r, "accept").status_code == 404
    assert client_as("district_admin").get(f"{URL}999999/").status_code == 404
    assert Request.objects.get(pk=r.pk).state == "received"


def test_roles_administrators_and_non_handlers_get_403(world, client_as):
    r = new_request(world)
    assert client_as("system_admin").get(URL).status_code == 403
    response = act(client_as("secretary"), r, "accept")  # sees it, may not handle it
    assert response.status_code == 403 and "您的角色不能受理" in response.json()["detail"]
    response = client_as("leader").post(URL, body(world), format="json")
    assert response.status_code == 403 and "不能登记诉求" in response.json()["detail"]
    assert Request.objects.count() == 1 and RequestEvent.objects.count() == 1


# --- create -------------------------------------------------------------------------------


def test_a_request_is_created_as_on_the_page(world, client_as):
    response = client_as("town_a_admin").post(URL, body(world), format="json")
    assert response.status_code == 201, response.content
    created = Request.objects.get()
    assert response.json()["number"] == created.number and created.state == "received"
    assert created.channel == "hotline" and list(created.categories.all()) == [category("用工")]
    assert response.json()["events"][0]["action"] == "receive"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"submitter_phone": "abc"}, "submitter_phone", "联系电话格式不正确"),
        ({"content": "长" * 4001}, "content", "4000"),
        ({"categories": []}, "categories", "请至少选择一个诉求类别"),
        ({"number": "SQ 1/2"}, "number", "诉求编号只能包含字母、数字和短横线"),
        ({"urgency": "very"}, "urgency", "不是合法选项"),
        ({"enterprise": "91350500MA00000000"}, "enterprise", "不存在或不在您的数据范围内"),
        ({"content": ["not", "text"]}, "content", ""),
    ],
)
def test_malformed_and_oversized_input_is_refused_in_chinese(
    world, client_as, changes, field, message
):
    response = client_as("town_a_admin").post(URL, body(world, **changes), format="json")
    assert response.status_code == 400, response.content
    assert message in " ".join(assert_chinese_error(response, field))
    assert not Request.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(world, client_as):
    response = client_as("town_a_admin").post(URL, ["a"], format="json")
    assert response.status_code == 400 and not Request.objects.exists()


def test_five_categories_a_duplicate_number_and_another_towns_enterprise_are_refused(
    world, client_as
):
    client = client_as("town_a_admin")
    five = list(RequestCategory.objects.filter(parent=None).values_list("pk", flat=True)[:5])
    response = client.post(URL, body(world, categories=five), format="json")
    assert response.status_code == 400
    assert "最多选择 4 个类别" in " ".join(assert_chinese_error(response, "categories"))
    assert client.post(URL, body(world, number="12345-0001"), format="json").status_code == 201
    again = client.post(URL, body(world, number="12345-0001"), format="json")
    assert again.status_code == 400
    assert "诉求编号已存在" in " ".join(assert_chinese_error(again))  # the constraint's message
    other = client_as("town_b_admin").post(URL, body(world), format="json")
    assert other.status_code == 400
    assert "不在您的数据范围内" in " ".join(assert_chinese_error(other, "enterprise"))
    assert Request.objects.count() == 1


# --- workflow -----------------------------------------------------------------------------


def test_a_step_the_state_does_not_allow_is_a_chinese_400_and_saves_nothing(world, client_as):
    r = new_request(world)
    client = client_as("town_a_admin")
    response = act(client, r, "resolve", {"result": "solved", "public_answer": "已办"})
    assert response.status_code == 400
    assert "不能办结" in " ".join(assert_chinese_error(response))
    response = act(client, r, "return", {})  # the page's form: the reason is required
    assert response.status_code == 400 and assert_chinese_error(response, "comment")
    unknown = act(client, r, "accept", {"colour": "red"})
    assert unknown.status_code == 400 and "不支持的字段" in unknown.json()["non_field_errors"][0]
    assert Request.objects.get(pk=r.pk).state == "received"
    assert RequestEvent.objects.filter(request=r).count() == 1


def test_a_request_goes_through_every_step_over_the_api(world, client_as, units, clock):
    clock.set(2026, 11, 2)  # one day: the token's clock is this clock too
    client = client_as("town_a_admin")
    r = Request.objects.get(number=client.post(URL, body(world), format="json").json()["number"])
    assert act(client, r, "return", {"comment": "请补充岗位要求"}).json()["state"] == "returned"
    resubmitted = act(client, r, "resubmit", {"content": "普工 30 人，两班倒"})
    assert resubmitted.json()["state"] == "received"
    assert act(client, r, "accept").json()["due_at"]
    assign = {"lead_unit": units["hr"].pk, "co_units": [units["econ"].pk]}
    assigned = act(client, r, "assign", assign).json()
    assert assigned["lead_unit"]["name"] == "区人社局"
    assert [u["name"] for u in assigned["co_units"]] == ["川姜镇经发办"]
    assert act(client, r, "start").json()["state"] == "handling"
    asked = act(client, r, "extend_ask", {"reason": "等招聘会", "new_due": "2026-11-13"})
    assert asked.status_code == 200, asked.content
    approved = act(client, r, "extend_approve").json()
    assert approved["extended"] and approved["extensions"][0]["status"] == "approved"
    resolved = act(
        client, r, "resolve", {"result": "solved", "public_answer": "已对接", "funds": "1.50"}
    )
    assert resolved.json()["state"] == "resolved" and resolved.json()["funds"] == "1.50"
    assert act(client, r, "reply").json()["state"] == "follow_up"
    visit = {"on": "2026-11-02", "method": "phone", "satisfaction": "dissatisfied", "reopen": True}
    reopened = act(client, r, "follow_up", visit).json()
    assert reopened["state"] == "handling" and reopened["reopen_count"] == 1
    act(client, r, "resolve", {"result": "solved", "public_answer": "已再次对接"})
    act(client, r, "reply")
    visit = {"on": "2026-11-02", "method": "visit", "satisfaction": "satisfied"}
    closed = act(client, r, "follow_up", visit).json()
    assert closed["state"] == "closed" and closed["satisfaction"] == "satisfied"
    assert [e["action"] for e in closed["events"]][-2:] == ["follow_up", "close"]
    assert all(e["actor"] for e in closed["events"])


# --- statistics -----------------------------------------------------------------------


def sheet_rows(response) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


@pytest.mark.parametrize("dimension", ["region", "unit", "category", "month"])
def test_the_statistics_json_equals_the_pages_figures(
    world, client_as, login, units, clock, dimension
):
    clock.set(2026, 11, 2)
    admin = world.user("town_a_admin")
    r1 = services.request_accept(actor=admin, request=new_request(world))
    new_request(world, enterprise=world.ent_a2, names=("融资", "法律"))
    services.request_answer_directly(actor=admin, request=r1, answer="见政策汇编", funds="2.5")
    new_request(world, world.user("town_b_admin"), enterprise=world.ent_b)
    clock.set(2026, 11, 20)
    query = f"?year=2026&dimension={dimension}&region={world.district.code}"
    answer = client_as("district_admin").get(URL + "statistics/" + query)
    assert answer.status_code == 200, answer.content
    data = answer.json()
    page_query = f"?year=2026&by={dimension}&region={world.district.code}"
    export = login("district_admin").get("/requests/statistics/export/" + page_query)
    rows = [row for row in sheet_rows(export) if row and row[0]]
    header = rows.index(next(row for row in rows if row[1] == "接收"))
    table = rows[header + 1 :]
    assert [row[0] for row in table] == [row["label"] for row in data["rows"]] + ["合计"]
    for row, figures in zip(table, [*data["rows"], data["total"]], strict=True):
        assert row[1] == figures["received"] and row[3] == figures["closed"]
        assert (row[5] or None) == figures["on_time_rate"]
        assert (row[11] or None) == figures["satisfaction_rate"]
    assert data["total"]["received"] == 3 and data["total"]["direct"] == 1
    assert data["total"]["funds"] == "2.50"


def test_the_statistics_are_scoped_and_refuse_bad_parameters(world, client_as):
    new_request(world, world.user("town_b_admin"), enterprise=world.ent_b)
    stats = client_as("town_a_admin").get(URL + "statistics/").json()
    assert stats["total"]["received"] == 0 and stats["region"] == world.town_a.code
    assert (
        client_as("town_a_admin").get(URL + f"statistics/?region={world.town_b.code}").status_code
        == 404
    )
    for query, field in (("?year=1999", "year"), ("?dimension=colour", "dimension")):
        response = client_as("district_admin").get(URL + "statistics/" + query)
        assert response.status_code == 400
        assert_chinese_error(response, field)


def test_the_categories_and_the_units_a_body_names(world, client_as, units):
    categories = client_as("town_a_admin").get("/api/v1/request-categories/?page_size=200")
    names = {row["name"]: row["id"] for row in categories.json()["results"]}
    assert names["用工"] == category("用工").pk
    town_a = client_as("town_a_admin").get("/api/v1/handling-units/").json()["results"]
    assert {row["name"] for row in town_a} == {"川姜镇经发办", "区人社局", "区市场监管局"}
    town_b = client_as("town_b_admin").get("/api/v1/handling-units/").json()["results"]
    assert {row["name"] for row in town_b} == {"区人社局", "区市场监管局"}  # not town A's office
    assert client_as("outsider").get("/api/v1/handling-units/").json()["count"] == 0
    assert client_as("system_admin").get("/api/v1/handling-units/").status_code == 403
