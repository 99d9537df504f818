"""The request pages: scope (another town gets 404), the create form's Chinese errors on
malformed, oversized and duplicate input, the list's filters and its xlsx export."""

import io

import pytest
from python_calamine import CalamineWorkbook

from liangxin.requests import services
from liangxin.requests.models import Request, RequestCategory, State
from tests.requests.conftest import category, new_request


def form_data(world, **changes):
    data = {
        "enterprise": world.ent_a.pk,
        "channel": "window",
        "categories": [category("用工").pk],
        "urgency": "general",
        "content": "需要招聘普工 30 人",
        "submitter_name": "李经理",
        "submitter_phone": "0595-88886666",
        "number": "",
    }
    data.update(changes)
    return data


def test_a_town_admin_registers_a_request_and_sees_its_page(world, login, media):
    client = login("town_a_admin")
    assert client.get("/requests/new/").status_code == 200
    response = client.post("/requests/new/", form_data(world))
    created = Request.objects.get()
    assert response.status_code == 302 and response.url == f"/requests/{created.pk}/"
    page = client.get(response.url).content.decode()
    assert "需要招聘普工 30 人" in page and "受理" in page and "退回补充" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"submitter_phone": "abc"}, "联系电话格式不正确"),
        ({"content": "长" * 4001}, "4000"),
        ({"categories": []}, "请至少选择一个诉求类别"),
        ({"number": "SQ 1/2"}, "诉求编号只能包含字母、数字和短横线"),
        ({"enterprise": "999999"}, "选择一个有效的选项"),
        ({"urgency": "very"}, "选择一个有效的选项"),
    ],
)
def test_malformed_input_is_refused_in_chinese(world, login, changes, message):
    response = login("town_a_admin").post("/requests/new/", form_data(world, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Request.objects.exists()


def test_more_than_four_categories_and_a_duplicate_number_are_refused(world, login):
    client = login("town_a_admin")
    five = list(RequestCategory.objects.filter(parent=None).values_list("pk", flat=True)[:5])
    response = client.post("/requests/new/", form_data(world, categories=five))
    assert "每件诉求最多选择 4 个类别" in response.content.decode()
    client.post("/requests/new/", form_data(world, number="12345-0001"))
    again = client.post("/requests/new/", form_data(world, number="12345-0001"))
    assert "诉求编号已存在" in again.content.decode()
    assert Request.objects.count() == 1


def test_a_town_cannot_register_for_another_towns_enterprise(world, login):
    response = login("town_b_admin").post("/requests/new/", form_data(world))
    assert response.status_code == 200 and not Request.objects.exists()


def test_scope_another_town_gets_404_and_a_secretary_sees_her_enterprises(world, login):
    r = new_request(world)
    other = new_request(world, enterprise=world.ent_a2)
    assert login("town_b_admin").get(f"/requests/{r.pk}/").status_code == 404
    assert login("town_b_admin").post(f"/requests/{r.pk}/accept/", {}).status_code == 404
    assert login("outsider").get(f"/requests/{r.pk}/").status_code == 404
    assert r.number not in login("town_b_admin").get("/requests/").content.decode()
    secretary = login("secretary")
    assert secretary.get(f"/requests/{r.pk}/").status_code == 200  # ent_a covered by org_a
    assert secretary.get(f"/requests/{other.pk}/").status_code == 404
    assert login("district_admin").get(f"/requests/{other.pk}/").status_code == 200
    assert login("audit_admin").get("/requests/").status_code == 403


def test_an_action_page_shows_why_a_step_is_not_possible_now(world, login):
    r = new_request(world)
    client = login("town_a_admin")
    page = client.get(f"/requests/{r.pk}/resolve/").content.decode()
    assert "现在不能办结" in page
    response = client.post(f"/requests/{r.pk}/resolve/", {"result": "solved", "public_answer": "x"})
    assert "诉求当前状态为“已接收”，不能办结" in response.content.decode()
    assert client.get(f"/requests/{r.pk}/nonsense/").status_code == 404
    secretary = login("secretary").get(f"/requests/{r.pk}/").content.decode()
    assert "受理" not in secretary.split('id="request-facts"')[0]


def test_the_list_filters_and_exports(world, login):
    actor = world.user("town_a_admin")
    first = new_request(world, names=("用工",))
    services.request_accept(actor=actor, request=first)
    new_request(world, enterprise=world.ent_a2, names=("融资",), urgency="urgent")
    client = login("town_a_admin")

    def numbers(query):
        page = client.get(f"/requests/?{query}").content.decode()
        return sorted(r.number for r in Request.objects.all() if r.number in page)

    assert numbers("state=accepted") == [first.number]
    assert numbers(f"category={category('融资').pk}") != [first.number]
    assert numbers("urgency=urgent") != [first.number]
    assert numbers("q=川姜纺织") == [first.number]
    assert numbers(f"q={first.number}") == [first.number]
    assert len(numbers(f"region={world.town_a.code}")) == 2
    assert numbers(f"region={world.town_b.code}") == []
    assert numbers("overdue=1") == []
    assert len(numbers("month=" + first.received_at.strftime("%Y-%m"))) == 2
    export = client.get("/requests/export/?state=accepted")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    header = next(row for row in rows if row and row[0] == "诉求编号")
    data = rows[rows.index(header) + 1 :]
    assert [row[0] for row in data] == [first.number]
    assert data[0][header.index("状态")] == State.ACCEPTED.label


def test_settings_a_town_adds_a_unit_and_the_district_edits_a_span(world, login):
    client = login("town_a_admin")
    response = client.post(
        "/requests/settings/", {"name": "川姜镇人社所", "region": world.town_a.pk}
    )
    assert response.status_code == 302
    again = client.post("/requests/settings/", {"name": "川姜镇人社所", "region": world.town_a.pk})
    assert "该区域已有同名承办单位" in again.content.decode()
    other = client.post("/requests/settings/", {"name": "开发区办", "region": world.town_b.pk})
    assert "选择一个有效的选项" in other.content.decode()
    from liangxin.requests.models import DeadlineRule

    rule = DeadlineRule.objects.get(urgency="general", category=None)
    district = login("district_admin")
    district.post(
        f"/requests/settings/deadlines/{rule.pk}/",
        {"span": 7, "unit": "workdays", "source": "本区规定"},
    )
    rule.refresh_from_db()
    assert (rule.span, rule.source) == (7, "本区规定")
    assert login("secretary").get(f"/requests/settings/deadlines/{rule.pk}/").status_code == 403


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63606060f80f0001040100d6b7e2b60000000049454e44ae426082"
)


def test_attachments_are_kept_and_shown_in_scope_and_a_wrong_kind_is_refused(world, login, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("town_a_admin")
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    client.post("/requests/new/", {**form_data(world), "files": [photo]})
    r = Request.objects.get()
    attached = r.files.get()
    url = f"/requests/{r.pk}/files/{attached.pk}/"
    assert client.get(url).content == PNG
    assert login("town_b_admin").get(url).status_code == 404
    bad = SimpleUploadedFile("a.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post("/requests/new/", {**form_data(world), "files": [bad]})
    assert "不支持的文件类型“exe”" in response.content.decode()
    assert Request.objects.count() == 1


def test_what_each_persona_gets_on_the_pages(world, statuses):
    r = new_request(world)
    business = {
        "district_admin",
        "town_a_admin",
        "town_b_admin",
        "secretary",
        "instructor",
        "leader",
        "outsider",
    }
    for url in (
        "/requests/",
        "/requests/statistics/",
        "/requests/settings/",
        "/requests/export/",
        "/requests/statistics/export/",
    ):
        got = statuses(url)
        assert {p for p, code in got.items() if code == 200} == business, url
        assert got["system_admin"] == got["audit_admin"] == 403, url
    created = statuses("/requests/new/")
    assert {p for p, code in created.items() if code == 200} == {
        "district_admin",
        "town_a_admin",
        "town_b_admin",
        "secretary",
        "instructor",
        "outsider",
    }
    detail = statuses(f"/requests/{r.pk}/")
    assert {p for p, code in detail.items() if code == 200} == {
        "district_admin",
        "town_a_admin",
        "secretary",
        "leader",
    }


def test_the_assign_form_offers_the_towns_and_the_districts_units_only(world, login, units):
    from liangxin.requests.models import HandlingUnit

    HandlingUnit.objects.create(name="开发区经发局", region=world.town_b)
    r = new_request(world)
    services.request_accept(actor=world.user("town_a_admin"), request=r)
    page = login("town_a_admin").get(f"/requests/{r.pk}/assign/").content.decode()
    assert "川姜镇经发办" in page and "区人社局" in page and "开发区经发局" not in page
    district = login("district_admin").get(f"/requests/{r.pk}/assign/").content.decode()
    assert "开发区经发局" in district
