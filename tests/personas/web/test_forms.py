"""Create and edit pages: services do the writes; their errors appear in Chinese by the field."""

import datetime
import random

import pytest
from django.urls import reverse

from liangxin.core.identifiers import make_id_number, make_uscc
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor

pytestmark = pytest.mark.django_db
rng = random.Random(7)


def enterprise_data(world, **overrides) -> dict:
    data = {
        "uscc": make_uscc(rng, area_code="350599"),
        "name": "川姜新材料有限公司",
        "category": "enterprise",
        "region": world.grid_a.code,
        "status": "operating",
        "employee_count": "60",
    }
    return {**data, **overrides}


def member_data(world, **overrides) -> dict:
    number = make_id_number(
        rng, area_code="350503", birth_date=datetime.date(1990, 5, 4), male=True
    )
    data = {
        "name": "张伟",
        "id_number": number,
        "phone": "13812345678",
        "ethnicity": "汉族",
        "status": "full",
        "joined_on": "2015-07-01",
        "full_member_on": "2016-07-01",
        "organization": world.org_a.code,
        "employer": world.ent_a.uscc,
        "flow_type": "regular",
    }
    return {**data, **overrides}


def post(login, persona, url_name, data, args=()):
    return login(persona).post(reverse(url_name, args=args), data)


# --- enterprises -----------------------------------------------------------------


def test_enterprise_created_and_shown(login, world):
    data = enterprise_data(world)
    response = post(login, "town_a_admin", "enterprises:create", data)
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:detail", args=[data["uscc"]])
    assert Enterprise.objects.get(uscc=data["uscc"]).region == world.grid_a


def test_malformed_uscc_is_rejected_in_chinese(login, world):
    response = post(
        login, "town_a_admin", "enterprises:create", enterprise_data(world, uscc="91350599ABC")
    )
    assert response.status_code == 200
    assert "统一社会信用代码应为18位" in response.content.decode()
    assert Enterprise.objects.count() == 3


def test_wrong_check_character_is_rejected(login, world):
    good = make_uscc(rng, area_code="350599")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = post(login, "town_a_admin", "enterprises:create", enterprise_data(world, uscc=bad))
    assert "校验码错误" in response.content.decode()
    assert not Enterprise.objects.filter(uscc=bad).exists()


def test_oversized_name_is_rejected(login, world):
    data = enterprise_data(world, name="长" * 201)
    response = post(login, "town_a_admin", "enterprises:create", data)
    page = response.content.decode()
    assert "确保该变量包含不超过 200 字符" in page
    assert not Enterprise.objects.filter(uscc=data["uscc"]).exists()


def test_duplicate_uscc_is_rejected(login, world):
    response = post(
        login, "town_a_admin", "enterprises:create", enterprise_data(world, uscc=world.ent_a.uscc)
    )
    assert response.status_code == 200
    assert "统一社会信用代码的市场主体已存在" in response.content.decode().replace(" ", "")
    assert Enterprise.objects.filter(uscc=world.ent_a.uscc).count() == 1


def test_region_of_another_town_is_refused_like_an_unknown_code(login, world):
    data = enterprise_data(world, region=world.grid_b.code)
    response = post(login, "town_a_admin", "enterprises:create", data)
    page = response.content.decode()
    assert f"区域代码“{world.grid_b.code}”不存在或不在您的管辖范围内" in page
    assert not Enterprise.objects.filter(uscc=data["uscc"]).exists()


def test_enterprise_edit_keeps_errors_by_the_field(login, world):
    url_args = [world.ent_a.uscc]
    data = enterprise_data(world, uscc=world.ent_a.uscc, employee_count="-5")
    response = post(login, "town_a_admin", "enterprises:edit", data, args=url_args)
    page = response.content.decode()
    assert 'id="id_employee_count"' in page and "is-invalid" in page
    assert "确保该值大于或等于0" in page
    world.ent_a.refresh_from_db()
    assert world.ent_a.employee_count == 120


def test_enterprise_edit_saves_through_the_service(login, world):
    data = enterprise_data(world, uscc=world.ent_a.uscc, name="川姜纺织集团有限公司")
    response = post(login, "district_admin", "enterprises:edit", data, args=[world.ent_a.uscc])
    assert response.status_code == 302
    world.ent_a.refresh_from_db()
    assert world.ent_a.name == "川姜纺织集团有限公司"


def test_enterprise_edit_keeps_the_statistics_fields(login, world):
    """党内统计 (WORK.md §7 "Ledger fields to add"): on the form as in the ledger."""
    data = enterprise_data(
        world,
        uscc=world.ent_a.uscc,
        is_legal_entity="on",
        control_type="foreign_sole",
        staff_on_post="50",
        legal_rep_is_member="on",
    )
    response = post(login, "town_a_admin", "enterprises:edit", data, args=[world.ent_a.uscc])
    assert response.status_code == 302
    world.ent_a.refresh_from_db()
    assert world.ent_a.control_type == "foreign_sole" and world.ent_a.staff_on_post == 50
    assert world.ent_a.legal_rep_is_member and not world.ent_a.legal_rep_is_secretary
    page = login("town_a_admin").get(reverse("enterprises:detail", args=[world.ent_a.uscc]))
    assert "外商独资" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("assessment_grade", "6", "评估等级应为1A到5A"),
        ("control_type", "state_owned", "不在可用的选项中"),
        ("staff_on_post", "-1", "确保该值大于或等于0"),
    ],
)
def test_a_bad_statistics_field_is_refused_in_chinese(login, world, field, value, error):
    data = enterprise_data(world, uscc=world.ent_a.uscc, **{field: value})
    response = post(login, "town_a_admin", "enterprises:edit", data, args=[world.ent_a.uscc])
    assert response.status_code == 200 and error in response.content.decode()
    world.ent_a.refresh_from_db()
    assert world.ent_a.control_type == "" and world.ent_a.assessment_grade is None


def test_edit_form_shows_codes_not_row_ids(login, world):
    page = login("town_a_admin").get(reverse("enterprises:edit", args=[world.ent_a.uscc]))
    assert f'value="{world.grid_a.code}"' in page.content.decode()


def test_instructor_cannot_post_an_edit(login, world):
    response = post(
        login,
        "instructor",
        "enterprises:edit",
        enterprise_data(world, uscc=world.ent_a2.uscc),
        args=[world.ent_a2.uscc],
    )
    assert response.status_code == 403


def test_town_b_cannot_post_an_edit_to_town_a(login, world):
    data = enterprise_data(world, uscc=world.ent_a.uscc, region=world.grid_b.code)
    response = post(login, "town_b_admin", "enterprises:edit", data, args=[world.ent_a.uscc])
    assert response.status_code == 404
    world.ent_a.refresh_from_db()
    assert world.ent_a.region == world.grid_a


# --- regions -----------------------------------------------------------------------


def test_region_created_under_own_town(login, world):
    data = {"parent": world.town_a.code, "code": "CJ-A2", "name": "川姜二片区", "kind": "area"}
    response = post(login, "town_a_admin", "regions:create", data)
    assert response.status_code == 302
    assert Region.objects.get(code="CJ-A2").path.startswith(world.town_a.path)


def test_region_parent_of_another_town_is_refused(login, world):
    data = {"parent": world.town_b.code, "code": "KF-02", "name": "开发区二网格", "kind": "grid"}
    response = post(login, "town_a_admin", "regions:create", data)
    assert "上级区域代码“350599200000”不存在或不在您的管辖范围内" in response.content.decode()
    assert not Region.objects.filter(code="KF-02").exists()


def test_duplicate_region_code_is_refused(login, world):
    data = {"parent": world.town_a.code, "code": world.grid_a.code, "name": "重复", "kind": "grid"}
    response = post(login, "town_a_admin", "regions:create", data)
    assert "区域代码的区域已存在" in response.content.decode().replace(" ", "")
    assert Region.objects.filter(code=world.grid_a.code).count() == 1


@pytest.mark.parametrize("code", ["tree", "NEW"])
def test_a_region_code_the_addresses_use_is_refused(login, world, code):
    """/regions/tree/ and /regions/new/ stand where a region's own page would."""
    data = {"parent": world.town_a.code, "code": code, "name": "保留字片区", "kind": "area"}
    response = post(login, "town_a_admin", "regions:create", data)
    assert f"“{code}”是系统保留的网址用词，不能用作编码" in response.content.decode()
    assert not Region.objects.filter(name="保留字片区").exists()


# --- organizations -------------------------------------------------------------


def test_an_organization_code_the_addresses_use_is_refused(login, world):
    """/organizations/warnings/ (page and API) stands where the organization's would."""
    response = post(
        login, "town_a_admin", "organizations:create", organization_data(world, code="warnings")
    )
    assert "“warnings”是系统保留的网址用词，不能用作编码" in response.content.decode()
    assert not PartyOrganization.objects.filter(code="warnings").exists()


def organization_data(world, **overrides) -> dict:
    data = {
        "code": "ORG-A2",
        "name": "川姜电子有限公司党支部",
        "kind": "branch",
        "formation": "single",
        "region": world.grid_a.code,
        "covered_enterprises": world.ent_a2.uscc,
    }
    return {**data, **overrides}


def test_organization_created_with_coverage(login, world):
    response = post(login, "town_a_admin", "organizations:create", organization_data(world))
    assert response.status_code == 302
    org = PartyOrganization.objects.get(code="ORG-A2")
    assert list(org.covered_enterprises.all()) == [world.ent_a2]


def test_covering_an_enterprise_of_another_town_is_refused(login, world):
    data = organization_data(world, covered_enterprises=f"{world.ent_a2.uscc}\n{world.ent_b.uscc}")
    response = post(login, "town_a_admin", "organizations:create", data)
    page = response.content.decode()
    assert f"统一社会信用代码“{world.ent_b.uscc}”不存在或不在您的管辖范围内" in page
    assert not PartyOrganization.objects.filter(code="ORG-A2").exists()


def test_secretary_creates_only_under_own_organization(login, world):
    root = organization_data(world, covered_enterprises="")
    response = post(login, "secretary", "organizations:create", root)
    assert "保存后的记录不在您的数据范围内" in response.content.decode()
    assert not PartyOrganization.objects.filter(code="ORG-A2").exists()
    data = organization_data(world, parent=world.org_a.code, kind="group", covered_enterprises="")
    assert post(login, "secretary", "organizations:create", data).status_code == 302


def test_dissolved_before_established_is_refused(login, world):
    data = organization_data(world, established_on="2020-01-01", dissolved_on="2019-01-01")
    response = post(login, "town_a_admin", "organizations:create", data)
    assert "撤销日期不能早于成立日期" in response.content.decode()
    assert not PartyOrganization.objects.filter(code="ORG-A2").exists()


def test_edit_keeps_coverage_the_user_cannot_see(login, world):
    PartyOrganization.objects.get(pk=world.org_a.pk).covered_enterprises.add(world.ent_b)
    page = login("town_a_admin").get(reverse("organizations:edit", args=[world.org_a.code]))
    assert world.ent_b.uscc not in page.content.decode()
    data = organization_data(
        world, code=world.org_a.code, name="新名称", covered_enterprises=world.ent_a.uscc
    )
    response = post(login, "town_a_admin", "organizations:edit", data, args=[world.org_a.code])
    assert response.status_code == 302
    covered = set(PartyOrganization.objects.get(pk=world.org_a.pk).covered_enterprises.all())
    assert covered == {world.ent_a, world.ent_b}


# --- members -------------------------------------------------------------------


def test_member_created_with_encrypted_id_number(login, world):
    data = member_data(world)
    response = post(login, "secretary", "members:create", data)
    assert response.status_code == 302
    member = Member.objects.get(name="张伟")
    assert member.reveal_id_number() == data["id_number"]
    assert member.gender == "M" and member.birth_date == datetime.date(1990, 5, 4)
    assert data["id_number"] not in login("secretary").get(response["Location"]).content.decode()


def test_duplicate_id_number_is_refused(login, world):
    data = member_data(world, id_number=world.member_a_id_number, name="林晓红二")
    response = post(login, "town_a_admin", "members:create", data)
    assert "该公民身份号码已登记为党员" in response.content.decode()
    assert not Member.objects.filter(name="林晓红二").exists()


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("12345", "公民身份号码应为18位"),
        ("35050319900230001X", "出生日期不存在"),
        ("3" * 40, "确保该变量包含不超过 32 字符"),
    ],
)
def test_malformed_id_number_is_refused(login, world, id_number, message):
    response = post(
        login, "town_a_admin", "members:create", member_data(world, id_number=id_number)
    )
    assert message in response.content.decode()
    assert not Member.objects.filter(name="张伟").exists()


def test_gender_contradicting_id_number_is_refused(login, world):
    response = post(login, "town_a_admin", "members:create", member_data(world, gender="F"))
    assert "性别与公民身份号码不符" in response.content.decode()
    assert not Member.objects.filter(name="张伟").exists()


def test_member_in_organization_of_another_town_is_refused(login, world):
    data = member_data(world, organization=world.org_b.code, employer="")
    response = post(login, "town_a_admin", "members:create", data)
    assert f"组织编码“{world.org_b.code}”不存在或不在您的管辖范围内" in response.content.decode()
    assert not Member.objects.filter(name="张伟").exists()


def test_member_edit_with_blank_id_number_keeps_it(login, world):
    data = member_data(world, id_number="", phone="", name="林晓红", gender="", birth_date="")
    args = [world.member_a.public_id]
    response = post(login, "town_a_admin", "members:edit", data, args=args)
    assert response.status_code == 302
    member = Member.objects.get(pk=world.member_a.pk)
    assert member.reveal_id_number() == world.member_a_id_number
    assert member.phone_masked == world.member_a.phone_masked


def test_member_edit_form_never_holds_plaintext(login, world):
    page = login("town_a_admin").get(reverse("members:edit", args=[world.member_a.public_id]))
    text = page.content.decode()
    assert world.member_a_id_number not in text
    assert world.member_a.id_number_masked in text


# --- instructors ---------------------------------------------------------------


def instructor_data(world, **overrides) -> dict:
    number = make_id_number(
        rng, area_code="350503", birth_date=datetime.date(1975, 2, 3), male=False
    )
    data = {
        "name": "李指导",
        "id_number": number,
        "phone": "13912345678",
        "source": "hired",
        "region": world.town_a.code,
        "enterprises": world.ent_a.uscc,
        "active": "on",
    }
    return {**data, **overrides}


def test_instructor_created(login, world):
    response = post(login, "town_a_admin", "instructors:create", instructor_data(world))
    assert response.status_code == 302
    assert list(Instructor.objects.get(name="李指导").enterprises.all()) == [world.ent_a]


def test_duplicate_instructor_id_number_is_refused(login, world):
    first = instructor_data(world)
    assert post(login, "town_a_admin", "instructors:create", first).status_code == 302
    second = instructor_data(world, name="李指导二", id_number=first["id_number"])
    response = post(login, "town_a_admin", "instructors:create", second)
    assert "该公民身份号码已登记为党建指导员" in response.content.decode()
    assert not Instructor.objects.filter(name="李指导二").exists()


def test_bad_phone_is_refused(login, world):
    response = post(
        login, "town_a_admin", "instructors:create", instructor_data(world, phone="12345")
    )
    assert "手机号码格式不正确" in response.content.decode()
    assert not Instructor.objects.filter(name="李指导").exists()
