"""The 党内统计 pages: scoped forms, drill-down, xlsx in the form's layout (read back with
python-calamine), the return's review steps by role and its frozen figures (WORK.md §7)."""

import datetime
import io

import pytest
import python_calamine
from django.urls import reverse

from liangxin.statforms import editions
from liangxin.statforms.models import ReturnState, StatReturn
from tests import factories as f

T27 = editions.FORM_27.title


@pytest.fixture
def social(world):
    f.EnterpriseFactory(region=world.grid_a, category="social", social_subtype="foundation")


def forms_url(**q):
    from urllib.parse import urlencode

    return reverse("statforms:forms") + "?" + urlencode(q)


def test_the_forms_page_shows_both_forms_with_their_numbers(login, world):
    response = login("district_admin").get(forms_url(region=world.district.code))
    page = response.content.decode()
    assert response.status_code == 200
    assert "表27 非公有经济控制的企业法人单位建立党的基层组织情况" in page
    assert "表30 社会组织法人单位建立党的基层组织情况" in page
    assert "未转入组织关系" in page and "按组织关系所在计" in page


@pytest.mark.parametrize(
    "query, message",
    [
        ({"as_of": "2025-13-40"}, "统计截止日期格式应为 YYYY-MM-DD"),
        ({"as_of": "2999-12-31"}, "不能晚于今天"),
        ({"edition": "1999"}, "未知的报表版本"),
        ({"as_of": "x" * 500}, "查询参数过长"),
    ],
)
def test_malformed_queries_are_refused_in_chinese(login, world, query, message):
    response = login("district_admin").get(forms_url(**query))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_region_out_of_scope_is_404(login, world):
    client = login("town_a_admin")
    assert client.get(forms_url(region=world.town_b.code)).status_code == 404
    assert client.get(forms_url(region="NOPE")).status_code == 404
    cell = (
        reverse("statforms:cell") + f"?title={T27}&row=units&col=total&region={world.town_b.code}"
    )
    assert client.get(cell).status_code == 404
    export = reverse("statforms:export") + f"?region={world.town_b.code}"
    assert client.get(export).status_code == 404


def test_roles_without_a_region_do_not_see_the_forms(login, world):
    assert login("secretary").get(reverse("statforms:forms")).status_code == 403
    assert login("instructor").get(reverse("statforms:forms")).status_code == 403


def test_the_cell_page_lists_the_units_behind_the_cell(login, world):
    url = reverse("statforms:cell") + (
        f"?title={T27}&row=own&col=total&region={world.town_a.code}&as_of=2025-12-31"
    )
    page = login("town_a_admin").get(url).content.decode()
    assert world.ent_a.name in page and world.ent_b.name not in page
    bad = url.replace("row=own", "row=nope")
    assert login("town_a_admin").get(bad).status_code == 404


def test_the_xlsx_keeps_the_form_layout(login, world, social):
    url = reverse("statforms:export") + f"?region={world.district.code}&as_of=2025-12-31"
    response = login("district_admin").get(url)
    assert response.status_code == 200
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["表27", "表30"]
    rows = book.get_sheet_by_name("表27").to_python()
    assert rows[0][0] == "表27 非公有经济控制的企业法人单位建立党的基层组织情况"
    assert "统计截止日期：2025-12-31" in rows[1][0]
    assert rows[2][0] == "项目" and "按控股情况" in rows[2] and "私营独资" not in rows[2]
    assert "其中：私营独资" in rows[3]
    body = {row[0].strip("　"): row[1:] for row in rows[4:] if row[0]}
    assert body["单位数"][0] == 3  # ent_a, ent_a2, ent_b
    assert body["已单独建立党组织的"][0] == 2
    rows30 = book.get_sheet_by_name("表30").to_python()
    assert {row[0]: row[1] for row in rows30[4:]}["单位数"] == 1


def test_a_return_goes_through_town_district_and_is_frozen_when_sent(login, world):
    town, district = login("town_a_admin"), login("district_admin")
    response = town.post(
        reverse("statforms:returns"),
        {"edition": "2017", "region": world.town_a.code, "as_of": "2025-12-31"},
    )
    r = StatReturn.objects.get()
    assert response.status_code == 302 and r.state == ReturnState.DRAFT and r.version == 1
    url = reverse("statforms:return", args=[r.pk])
    district.post(url)  # the district admin may not skip the town's step … but may take it
    r.refresh_from_db()
    assert r.state == ReturnState.TOWN_REVIEWED
    town.post(url)  # the town admin may not take the district's step
    r.refresh_from_db()
    assert r.state == ReturnState.TOWN_REVIEWED
    district.post(url)
    district.post(url)
    r.refresh_from_db()
    assert r.state == ReturnState.SENT and r.sent_by == world.user("district_admin")
    frozen = r.figures[T27]["values"]["units"]["total"]
    assert frozen == 2
    f.EnterpriseFactory(region=world.grid_a)  # the registry moves on; the return does not
    page = district.get(url).content.decode()
    r.refresh_from_db()
    assert r.figures[T27]["values"]["units"]["total"] == 2 and "已报送" in page
    response = district.post(url)
    r.refresh_from_db()
    assert r.state == ReturnState.SENT
    # a resubmission is a new version
    district.post(
        reverse("statforms:returns"),
        {"edition": "2017", "region": world.town_a.code, "as_of": "2025-12-31"},
    )
    assert list(StatReturn.objects.order_by("version").values_list("version", flat=True)) == [1, 2]


def test_a_second_open_return_and_bad_input_are_refused(login, world):
    town = login("town_a_admin")
    data = {"edition": "2017", "region": world.town_a.code, "as_of": "2025-12-31"}
    town.post(reverse("statforms:returns"), data)
    response = town.post(reverse("statforms:returns"), data)
    assert response.status_code == 400 and "已有未报送的年报" in response.content.decode()
    for bad, message in (
        ({**data, "as_of": "31/12/2025"}, "格式应为"),
        ({**data, "edition": "1900"}, "未知的报表版本"),
        ({**data, "as_of": "9" * 300}, "格式应为"),
    ):
        response = town.post(reverse("statforms:returns"), bad)
        assert response.status_code == 400 and message in response.content.decode()
    response = town.post(reverse("statforms:returns"), {**data, "region": world.town_b.code})
    assert response.status_code == 404
    assert StatReturn.objects.count() == 1


def test_a_return_out_of_scope_is_404(login, world):
    r = StatReturn.objects.create(
        edition="2017",
        region=world.town_b,
        as_of=datetime.date(2025, 12, 31),
        created_by=world.user("district_admin"),
    )
    assert login("town_a_admin").get(reverse("statforms:return", args=[r.pk])).status_code == 404
    assert login("town_a_admin").post(reverse("statforms:return", args=[r.pk])).status_code == 404
    assert login("leader").get(reverse("statforms:return", args=[r.pk])).status_code == 200
