"""Pages of 发展党员 against every persona, their forms, exports and query counts."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.development.models import CaseStep, DevelopmentCase
from tests.clients import expect
from tests.development.conftest import make_case

pytestmark = pytest.mark.django_db
VALID_ID_NUMBER = "11010519491231002X"  # GB 11643's own example
ADMINS_403 = {"system_admin": 403, "audit_admin": 403}
# case_a (org_a, town A) is visible to these personas.
SEES_CASE_A = {"district_admin": 200, "town_a_admin": 200, "secretary": 200, "leader": 200}
EDITS_CASE_A = {**SEES_CASE_A, "leader": 403}


def url(name, *args) -> str:
    return reverse(f"development:{name}", args=args)


READ_PAGES = ["list", "violations", "reminders", "priorities", "export", "violations-export"]


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_pages_are_for_the_business_roles(dev, statuses, name):
    assert statuses(url(name)) == expect(200, **ADMINS_403)


def test_detail_is_404_outside_the_scope(dev, statuses):
    assert statuses(url("detail", dev.case_a.public_id)) == expect(404, **SEES_CASE_A, **ADMINS_403)


@pytest.mark.parametrize("name", ["edit", "step"])
def test_edit_and_step_forms_need_scope_then_role(dev, statuses, name):
    args = (dev.case_a.public_id, 2) if name == "step" else (dev.case_a.public_id,)
    assert statuses(url(name, *args)) == expect(404, **EDITS_CASE_A, **ADMINS_403)


def test_create_form_is_for_roles_that_edit_members(dev, statuses):
    assert statuses(url("create")) == expect(
        200, instructor=403, leader=403, system_admin=403, audit_admin=403
    )


def test_reveal_is_audited_and_scoped(dev, statuses):
    result = statuses(url("reveal", dev.case_a.public_id, "id_number"), method="post")
    assert result == expect(404, **EDITS_CASE_A, **ADMINS_403)


def test_close_by_another_town_is_404(dev, login):
    response = login("town_b_admin").post(
        url("close", dev.case_a.public_id), {"closed_reason": "x"}
    )
    assert response.status_code == 404
    dev.case_a.refresh_from_db()
    assert dev.case_a.status == "open"


def test_close_by_the_leader_is_403(dev, login):
    response = login("leader").post(url("close", dev.case_a.public_id), {"closed_reason": "x"})
    assert response.status_code == 403


def test_close_by_the_secretary(dev, login):
    response = login("secretary").post(
        url("close", dev.case_a.public_id), {"closed_reason": "撤回"}
    )
    assert response.status_code == 302
    dev.case_a.refresh_from_db()
    assert (dev.case_a.status, dev.case_a.closed_reason) == ("closed", "撤回")


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("district_admin", {"赵申请", "钱申请"}),
        ("town_a_admin", {"赵申请"}),
        ("town_b_admin", {"钱申请"}),
        ("secretary", {"赵申请"}),
        ("instructor", set()),
        ("leader", {"赵申请", "钱申请"}),
        ("outsider", set()),
    ],
)
def test_the_list_shows_exactly_the_scope(dev, login, persona, names):
    response = login(persona).get(url("list"))
    assert {case.name for case in response.context["object_list"]} == names


def test_list_filters_by_stage_region_organization_and_search(dev, login, world):
    client = login("district_admin")
    dev.case_b.stage = 3
    dev.case_b.save()

    def names(**params):
        return {c.name for c in client.get(url("list"), params).context["object_list"]}

    assert names(stage=3) == {"钱申请"}
    assert names(region=world.town_a.code) == {"赵申请"}
    assert names(organization="ORG-B") == {"钱申请"}
    assert names(search="赵") == {"赵申请"}


def test_list_query_count_does_not_grow(dev, login, world):
    client = login("district_admin")

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("list"))
        return len(captured), len(response.context["object_list"])

    count()  # the first request also saves the new session
    few, few_rows = count()
    for i in range(26):
        make_case(world.org_a, name=f"申请人{i}", employer=world.ent_a)
    many, many_rows = count()
    assert (few_rows, many_rows) == (2, 25) and many == few


def test_violation_list_query_count_does_not_grow(dev, login, world):
    client = login("district_admin")
    late = {"talked_on": datetime.date(2024, 6, 1)}  # applied 2024-03-01: talk too late

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("violations"))
        return len(captured), len(response.context["page_obj"].object_list)

    make_case(world.org_a, name="迟谈0", **late)
    count()  # the first request also saves the new session
    few, few_rows = count()
    for i in range(1, 30):
        make_case(world.org_a, name=f"迟谈{i}", **late)
    many, many_rows = count()
    assert (few_rows, many_rows) == (1, 25) and many == few


# --- forms --------------------------------------------------------------------------------


def create_data(world, **changes) -> dict:
    data = {
        "name": "李新",
        "id_number": VALID_ID_NUMBER,
        "phone": "13812345678",
        "organization": world.org_a.code,
        "employer": world.ent_a.uscc,
        "post_level": "front_line",
        "applied_on": "2026-01-05",
        "ethnicity": "汉族",
    }
    return {**data, **changes}


def test_create_then_the_detail_page(dev, login, world):
    client = login("town_a_admin")
    response = client.post(url("create"), create_data(world))
    case = DevelopmentCase.objects.get(name="李新")
    assert response.status_code == 302 and response.url == url("detail", case.public_id)
    page = client.get(response.url).content.decode()
    assert "递交入党申请书" in page and "1101**********002X" in page
    assert VALID_ID_NUMBER not in page


def form_errors(response) -> dict:
    assert response.status_code == 200
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "校验码"),
        ({"organization": "ORG-B"}, "organization", "不在您的管辖范围内"),
        ({"name": "名" * 51}, "name", "不超过 50"),
        ({"applied_on": "2026-13-45"}, "applied_on", "日期"),
        ({"applied_on": "2099-01-01"}, "applied_on", "不能晚于今天"),
        ({"phone": "12345"}, "phone", "手机号码格式"),
    ],
)
def test_create_errors_are_chinese_and_next_to_the_field(dev, login, world, changes, field, text):
    errors = form_errors(login("town_a_admin").post(url("create"), create_data(world, **changes)))
    assert text in " ".join(errors[field])


def test_a_duplicate_open_case_is_shown_on_the_id_number(dev, login, world):
    client = login("town_a_admin")
    client.post(url("create"), create_data(world))
    errors = form_errors(client.post(url("create"), create_data(world, name="李新二")))
    assert errors["id_number"] == ["该公民身份号码已有进行中的发展党员记录"]


def test_record_a_step_from_its_form(dev, login):
    client = login("secretary")
    response = client.post(url("step", dev.case_a.public_id, 2), {"done_on": "2024-03-20"})
    assert response.status_code == 302
    dev.case_a.refresh_from_db()
    assert (dev.case_a.talked_on, dev.case_a.step) == (datetime.date(2024, 3, 20), 2)
    assert CaseStep.objects.filter(case=dev.case_a, step=2).get().actor.username == "secretary_a"


def test_a_step_date_before_the_application_is_shown_on_the_date(dev, login):
    client = login("secretary")
    errors = form_errors(
        client.post(url("step", dev.case_a.public_id, 2), {"done_on": "2024-01-01"})
    )
    assert "不能早于递交入党申请书日期" in errors["done_on"][0]


def test_the_introducer_form_offers_the_branch_members(dev, login, world):
    client = login("secretary")
    form = client.get(url("step", dev.case_a.public_id, 9)).context["form"]
    offered = {str(m) for m in form.fields["introducer_first"].queryset}
    assert offered == {"林晓红", "周正式", "吴预备"}
    data = {
        "done_on": "2024-03-20",
        "introducer_first": str(world.member_a.public_id),
        "introducer_second": str(dev.probationary_a.public_id),
    }
    # Said before saving (tests/development/test_step_check.py), then saved once confirmed.
    asked = client.post(url("step", dev.case_a.public_id, 9), data).content.decode()
    assert "入党介绍人吴预备不是正式党员" in asked
    shown = re.search(r'name="acknowledged" value="([0-9a-f]+)"', asked).group(1)
    data = {**data, "confirm": "on", "acknowledged": shown}
    assert client.post(url("step", dev.case_a.public_id, 9), data).status_code == 302
    page = client.get(url("detail", dev.case_a.public_id)).content.decode()
    # Saved (the branch must see it), and listed at once with its source.
    assert "入党介绍人吴预备不是正式党员" in page and "第十九条" in page


def test_an_introducer_of_another_branch_is_not_a_choice(dev, login, world):
    data = {
        "done_on": "2024-03-20",
        "introducer_first": str(world.member_a.public_id),
        "introducer_second": str(world.member_b.public_id),
    }
    errors = form_errors(login("district_admin").post(url("step", dev.case_a.public_id, 9), data))
    assert "introducer_second" in errors


@pytest.mark.parametrize("step", range(1, 26))
def test_every_step_has_its_form(dev, login, step):
    response = login("district_admin").get(url("step", dev.case_a.public_id, step))
    assert response.status_code == 200
    assert f"第{step}步" in response.content.decode()


def test_an_unknown_step_is_404(dev, login):
    assert login("district_admin").get(url("step", dev.case_a.public_id, 26)).status_code == 404


def test_the_detail_page_lists_violations_with_their_source(dev, login):
    dev.case_a.talked_on = datetime.date(2024, 6, 1)
    dev.case_a.save()
    page = login("town_a_admin").get(url("detail", dev.case_a.public_id)).content.decode()
    assert "收到申请书92天后才谈话" in page and "中办发〔2014〕33号" in page


def test_priorities_of_a_region_outside_the_scope_is_404(dev, login, world):
    client = login("town_a_admin")
    assert client.get(url("priorities"), {"region": world.town_b.code}).status_code == 404
    assert client.get(url("priorities"), {"region": world.town_a.code}).status_code == 200
    assert client.get(url("priorities"), {"year": "abcd"}).status_code == 404


def test_unknown_reminder_kind_is_404(dev, login):
    assert login("district_admin").get(url("reminders"), {"kind": "nope"}).status_code == 404


# --- exports ------------------------------------------------------------------------------


def sheet_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    title, *rows = book.get_sheet_by_index(0).to_python()  # a report's title row first
    assert "导出日期" in title[0]
    return rows


def test_list_export_is_scoped_and_masked(dev, login, world):
    rows = sheet_rows(login("town_a_admin").get(url("export")))
    assert rows[0][:4] == ["姓名", "性别", "出生日期", "公民身份号码"]
    assert [row[0] for row in rows[1:]] == ["赵申请"]
    assert "*" in rows[1][3]


def test_violations_export_one_line_per_rule(dev, login):
    dev.case_a.talked_on = datetime.date(2024, 6, 1)
    dev.case_a.save()
    rows = sheet_rows(login("district_admin").get(url("violations-export")))
    assert rows[0] == ["姓名", "所在党组织编码", "所在党组织", "当前阶段", "规则", "问题", "依据"]
    assert [(r[0], r[4]) for r in rows[1:]] == [("赵申请", "dev.talk_within_days")]
    assert "第七条" in rows[1][6] and "发展党员工作细则" in rows[1][6]


def test_the_navbar_links_the_development_pages(dev, login):
    page = login("leader").get(reverse("home")).content.decode()
    assert url("list") in page
