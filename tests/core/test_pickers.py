"""The pickers (issue 14, item 1): a reference field is chosen by name, code or pinyin
initials, among the records the user may see, and a member is never shown with the full
ID number nor valued by it."""

import json
import re

import pytest
from django.urls import reverse

from liangxin.core import pickers
from liangxin.core.pinyin import initials, refresh_initials
from liangxin.enterprises.models import Enterprise
from liangxin.members import services as member_services
from liangxin.members.models import Member
from liangxin.regions.models import Region
from tests import factories as f
from tests.ledger.helpers import csv_bytes, run

pytestmark = pytest.mark.django_db

FULL_ID_NUMBER = re.compile(r"\d{17}[\dXx]")


def picked(client, key: str, q: str = ""):
    return client.get(reverse("picker", args=[key]), {"q": q})


def texts(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [option["text"] for option in response.json()]


def values(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [option["value"] for option in response.json()]


# --- initials -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三", "zs"),
        ("林晓红", "lxh"),
        ("重庆长安汽车", "cqcaqc"),  # 重 read chóng, 长 cháng in context
        ("中国银行", "zgyh"),  # 行 háng
        ("第3党支部（ABC）", "d3dzbabc"),  # digits and letters kept, brackets dropped
        ("", ""),
    ],
)
def test_initials_of_a_name(name, expected):
    assert initials(name) == expected


def test_every_write_path_keeps_the_initials(world):
    """Pages and API save through the model; the ledger writes in bulk; a row written
    past both (a data migration, COPY) is mended by refresh_initials."""
    assert Member.objects.get(pk=world.member_a.pk).name_initials == "lxh"
    world.ent_a.name = "江海服装有限公司"
    world.ent_a.save()
    assert Enterprise.objects.get(pk=world.ent_a.pk).name_initials == "jhfzyxgs"
    header = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
    data = csv_bytes([header, ["91350100M000100Y43", "新建科技有限公司", "CJ-A1-01", "在营", "9"]])
    assert run("enterprises", data, user=world.user("town_a_admin")).written
    assert Enterprise.objects.get(uscc="91350100M000100Y43").name_initials == "xjkjyxgs"
    Region.objects.filter(pk=world.town_a.pk).update(name_initials="")
    assert refresh_initials(Region) == 1
    assert Region.objects.get(pk=world.town_a.pk).name_initials == "cjz"


def test_a_renamed_member_is_found_by_the_new_initials(login, world):
    member_services.member_update(
        actor=world.user("town_a_admin"), member=world.member_a, data={"name": "王晓红"}
    )
    found = texts(picked(login("secretary"), "members", "wxh"))
    assert [t.split("（")[0] for t in found] == ["王晓红"]
    assert texts(picked(login("secretary"), "members", "lxh")) == []


# --- matching -------------------------------------------------------------------------


def test_members_by_pinyin_initials_with_the_id_number_masked(login, world):
    response = picked(login("secretary"), "members", "lxh")
    assert values(response) == [str(world.member_a.public_id)]
    (text,) = texts(response)
    assert text.startswith("林晓红") and world.member_a.id_number_masked in text
    assert world.member_a_id_number not in response.content.decode()
    assert not FULL_ID_NUMBER.search(response.content.decode())


@pytest.mark.parametrize(
    ("key", "q", "expected"),
    [
        ("regions", "cjy", ["川姜一片区", "川姜一网格"]),  # initials
        ("regions", "CJY", ["川姜一片区", "川姜一网格"]),  # initials in capitals
        ("regions", "CJ-A1-01", ["川姜一网格"]),  # the exact code
        ("regions", "cj-a1", ["川姜一片区", "川姜一网格"]),  # a code's start, any case
        ("regions", "网格", ["川姜一网格"]),  # part of the name
        ("organizations", "org-a", ["川姜纺织有限公司党支部", "第一党小组"]),
        ("organizations", "dydxz", ["第一党小组"]),
        ("enterprises", "cjfz", ["川姜纺织有限公司"]),
        ("enterprises", "电子", ["川姜电子有限公司"]),
        ("members", "林", ["林晓红"]),
        ("instructors", "wzd", ["王指导"]),
    ],
)
def test_name_code_and_initials_match(login, world, key, q, expected):
    found = texts(picked(login("town_a_admin"), key, q))
    assert sorted(text.split("（")[0] for text in found) == sorted(expected)


def test_the_exact_code_comes_first_and_values_are_codes(login, world):
    response = picked(login("town_a_admin"), "enterprises", world.ent_a.uscc)
    assert values(response)[0] == world.ent_a.uscc
    assert values(picked(login("town_a_admin"), "regions", "CJ-A1-01")) == ["CJ-A1-01"]


def test_at_most_twenty_options(login, world):
    for n in range(30):
        f.EnterpriseFactory(name=f"川姜批量{n}有限公司", region=world.grid_a)
    assert len(values(picked(login("town_a_admin"), "enterprises", "cjpl"))) == pickers.LIMIT
    assert len(values(picked(login("town_a_admin"), "enterprises", ""))) == pickers.LIMIT


# --- scope ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["regions", "organizations", "enterprises", "members"])
@pytest.mark.parametrize("q", ["", "k", "kfq", "开发区", "陈", "cjg", "ORG-B", "KF-01"])
def test_out_of_scope_rows_are_never_offered(login, world, key, q):
    """开发区 (town B) and its records lie outside town A's admin's scope."""
    found = " ".join(texts(picked(login("town_a_admin"), key, q)))
    for outside in ("开发区", "陈建国", world.ent_b.uscc, "ORG-B", "KF-01"):
        assert outside not in found


def test_the_same_search_finds_them_for_the_district(login, world):
    assert "开发区（350599200000）" in texts(picked(login("district_admin"), "regions", "kfq"))
    assert texts(picked(login("district_admin"), "members", "cjg"))[0].startswith("陈建国")


def test_every_registered_source_is_scoped(login, world):
    """An outsider (the town admin of another county, 外区, which holds nothing) sees
    nothing of 示范区 through any picker, whatever the source an app registers — but a
    source that names its wider rows on purpose (the transfer's receiving organization,
    tests/mobility/test_transfer_picker.py)."""
    assert set(pickers.sources()) >= {"regions", "organizations", "enterprises", "members"}
    scoped = [key for key, source in pickers.sources().items() if source.rows is None]
    for key in scoped:
        own = [world.other_root.code] if key == "regions" else []
        assert values(picked(login("outsider"), key, "")) == own, key


def test_a_secretary_sees_only_the_members_of_their_organization(login, world):
    found = texts(picked(login("secretary"), "members", ""))
    assert [text.split("（")[0] for text in found] == ["林晓红"]


# --- access and bad input ---------------------------------------------------------------


def test_login_is_required(client, world):
    response = picked(client, "members", "lxh")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
def test_administrators_see_no_registry_data(login, world, persona):
    assert picked(login(persona), "members", "").status_code == 403


def test_an_unknown_picker_is_404(login, world):
    assert picked(login("town_a_admin"), "passwords", "").status_code == 404


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 51, "搜索内容过长"),
        ("林\x01", "无法识别的字符"),
    ],
)
def test_bad_searches_get_a_chinese_400(login, world, q, message):
    response = picked(login("town_a_admin"), "members", q)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize("q", ["%", "_", "'", '"; DROP TABLE', "\\", "(", "😀", "ㄅ", "   "])
def test_odd_searches_answer_a_list(login, world, q):
    for key in ("members", "regions", "enterprises"):
        assert isinstance(picked(login("town_a_admin"), key, q).json(), list)


def test_a_percent_sign_is_no_wildcard(login, world):
    assert values(picked(login("town_a_admin"), "enterprises", "%")) == []


# --- the form widgets -------------------------------------------------------------------


def picker_input(html: str, name: str) -> dict:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
    import html as html_module

    attrs["options"] = json.loads(html_module.unescape(attrs.get("data-picker-options", "[]")))
    return attrs


def test_an_edit_form_opens_with_the_names_of_its_references(login, world):
    html = login("town_a_admin").get(reverse("organizations:edit", args=[world.org_a.code]))
    attrs = picker_input(html.content.decode(), "region")
    assert attrs["data-picker-url"] == reverse("picker", args=["regions"])
    assert attrs["value"] == "CJ-A1-01"
    assert attrs["options"] == [{"value": "CJ-A1-01", "text": "川姜一网格（CJ-A1-01）"}]
    covered = picker_input(html.content.decode(), "covered_enterprises")
    assert covered["data-picker-multiple"] == "true"
    assert covered["options"] == [
        {"value": world.ent_a.uscc, "text": f"川姜纺织有限公司（{world.ent_a.uscc}）"}
    ]


def test_a_mistyped_code_comes_back_as_typed_with_its_error(login, world):
    response = login("town_a_admin").post(
        reverse("organizations:edit", args=[world.org_a.code]),
        {"region": "NO-SUCH", "name": "x", "kind": "branch", "formation": "single"},
    )
    html = response.content.decode()
    assert "区域代码“NO-SUCH”不存在或不在您的管辖范围内" in html
    assert picker_input(html, "region")["options"] == [{"value": "NO-SUCH", "text": "NO-SUCH"}]


def test_the_dues_base_form_picks_the_member_and_shows_no_id_number(login, world):
    html = login("secretary").get(reverse("dues:base-create")).content.decode()
    attrs = picker_input(html, "member")
    assert attrs["data-picker-url"] == reverse("picker", args=["members"])
    assert 'name="id_number"' not in html
    assert world.member_a_id_number not in html
