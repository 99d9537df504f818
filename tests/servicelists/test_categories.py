"""Need categories as data a district edits (issue 18): seeded with the fixed list's codes
and names and their source, added, renamed and switched off by the district admin only
(Chinese errors on a duplicate code or name and a bad code), and read by the form, the
list's filter, the export and the figures; the needs keep their codes."""

import pytest

from liangxin.servicelists import defaults
from liangxin.servicelists.models import Need, NeedCategory
from tests.servicelists.conftest import need
from tests.servicelists.test_pages import sheet

PAGE = "/service-lists/categories/"


def new(client, code, name, source="区两新工委 2026 年 3 号文"):
    return client.post(PAGE, {"new-code": code, "new-name": name, "new-source": source})


def test_the_defaults_are_the_fixed_lists_codes_with_their_source(world):
    rows = list(NeedCategory.objects.values_list("code", "name", "active"))
    assert rows == [(code, name, True) for code, name, _ in defaults.NEED_CATEGORIES]
    assert all(row.source for row in NeedCategory.objects.all())
    assert "[L:平湖]" in NeedCategory.objects.get(code="policy").source


def test_the_district_adds_renames_and_switches_off_a_category(world, login):
    client = login("district_admin")
    assert new(client, "housing", "住房保障").status_code == 302
    added = NeedCategory.objects.get(code="housing")
    assert (added.name, added.source, added.active) == (
        "住房保障",
        "区两新工委 2026 年 3 号文",
        True,
    )
    form = login("town_a_admin").get("/service-lists/needs/new/").content.decode()
    assert "住房保障" in form.split('id="id_category"')[1].split("</select>")[0]

    hiring = NeedCategory.objects.get(code="hiring")
    renamed = client.post(
        PAGE, {"rename": hiring.pk, f"c{hiring.pk}-name": "用工保障", f"c{hiring.pk}-source": "x"}
    )
    assert renamed.status_code == 302
    hiring.refresh_from_db()
    assert (hiring.code, hiring.name) == ("hiring", "用工保障")

    client.post(PAGE, {"toggle": added.pk})
    added.refresh_from_db()
    assert not added.active
    form = login("town_a_admin").get("/service-lists/needs/new/").content.decode()
    assert "住房保障" not in form.split('id="id_category"')[1].split("</select>")[0]


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("hiring", "新类别", "已有使用该代码的需求类别"),
        ("housing", "用工招聘", "已存在"),
        ("Housing", "住房保障", "代码须以小写英文字母开头"),
        ("1abc", "住房保障", "代码须以小写英文字母开头"),
        ("住房", "住房保障", "代码须以小写英文字母开头"),
        ("a" * 13, "住房保障", "12"),
        ("housing", "", "该字段是必填项"),
        ("housing", "长" * 41, "40"),
    ],
)
def test_a_bad_category_is_refused_in_chinese_and_nothing_saved(world, login, code, name, message):
    before = list(NeedCategory.objects.values_list("code", "name"))
    response = new(login("district_admin"), code, name)
    assert response.status_code == 200 and message in response.content.decode()
    assert list(NeedCategory.objects.values_list("code", "name")) == before


def test_a_rename_to_a_taken_name_is_refused(world, login):
    hiring = NeedCategory.objects.get(code="hiring")
    response = login("district_admin").post(
        PAGE, {"rename": hiring.pk, f"c{hiring.pk}-name": "法律服务"}
    )
    assert response.status_code == 200 and "已存在" in response.content.decode()
    hiring.refresh_from_db()
    assert hiring.name == "用工招聘"


def test_only_the_district_admin_edits_the_categories(world, login):
    hiring = NeedCategory.objects.get(code="hiring")
    for persona in ("town_a_admin", "secretary", "leader"):
        client = login(persona)
        assert client.get(PAGE).status_code == 200  # they read the list
        assert new(client, "housing", "住房保障").status_code == 403
        assert client.post(PAGE, {"toggle": hiring.pk}).status_code == 403
    assert login("district_admin").post(PAGE, {"toggle": "999999"}).status_code == 404
    assert not NeedCategory.objects.filter(code="housing").exists()
    hiring.refresh_from_db()
    assert hiring.active


def test_a_switched_off_category_is_refused_for_a_new_need_but_old_needs_keep_it(world, login):
    old = need(world, category="legal")
    NeedCategory.objects.filter(code="legal").update(active=False)
    client = login("town_a_admin")
    response = client.post(
        "/service-lists/needs/new/",
        {
            "requester_kind": "staff",
            "requester_name": "李师傅",
            "region": world.town_a.pk,
            "item": "劳动合同咨询",
            "category": "legal",
            "received_on": old.received_on.isoformat(),
        },
    )
    assert response.status_code == 200 and "请选择启用的需求类别" in response.content.decode()
    assert Need.objects.count() == 1
    page = client.get(f"/service-lists/needs/{old.pk}/").content.decode()
    assert "法律服务" in page


def test_filters_export_and_figures_read_the_table(world, login):
    need(world, category="hiring")
    need(world, category="hiring", item="招聘电工 2 名")
    need(world, kind="staff", category="living", item="子女暑期托管")
    NeedCategory.objects.filter(code="hiring").update(name="用工保障")
    client = login("town_a_admin")
    listing = client.get("/service-lists/?category=living").content.decode()
    assert "子女暑期托管" in listing and "招聘技术工人" not in listing
    assert '<option value="hiring">用工保障</option>' in listing
    rows = sheet(client.get("/service-lists/export/?category=hiring"))
    header = next(row for row in rows if row and row[0] == "提出日期")
    body = rows[rows.index(header) + 1 :]
    assert [row[header.index("类别")] for row in body] == ["用工保障", "用工保障"]
    year = Need.objects.first().received_on.year
    figures = client.get(f"/service-lists/figures/?by=category&year={year}").context["figures"]
    assert {row["label"]: row["received"] for row in figures.rows} == {"用工保障": 2, "生活服务": 1}
