"""Bad input answers 400 with Chinese messages keyed by field, and nothing is saved."""

import json

import pytest
from rest_framework.test import APIClient
from stdnum.cn import ric, uscc

from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.workforce.models import Instructor
from tests.clients import assert_chinese_error, token_client
from tests.personas.api.test_personas import VALID_ID_NUMBER, VALID_USCC

# One digit changed: the check character no longer fits (GB 11643 / GB 32100).
WRONG_ID_NUMBER = "11010519491231012X"
WRONG_USCC = "91110000600037342L"


def test_the_example_numbers_are_what_the_tests_say():
    assert ric.is_valid(VALID_ID_NUMBER) and not ric.is_valid(WRONG_ID_NUMBER)
    assert uscc.is_valid(VALID_USCC) and not uscc.is_valid(WRONG_USCC)


def enterprise(**changes) -> dict:
    return {
        "uscc": VALID_USCC,
        "name": "川姜新材料有限公司",
        "region": "CJ-A1-01",
        "employee_count": 12,
    } | changes


def member(**changes) -> dict:
    return {
        "name": "张桂兰",
        "status": "full",
        "organization": "ORG-A",
        "id_number": VALID_ID_NUMBER,
        "joined_on": "1975-07-01",
        "full_member_on": "1976-07-01",
    } | changes


@pytest.fixture
def town_a(client_as):
    return client_as("town_a_admin")


@pytest.mark.django_db
class TestEnterpriseInput:
    def post(self, client, body):
        before = Enterprise.objects.count()
        response = client.post("/api/v1/enterprises/", body, format="json")
        assert Enterprise.objects.count() == before
        return response

    def test_malformed_json(self, world, town_a):
        response = town_a.post(
            "/api/v1/enterprises/", data='{"name": "川姜', content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json() == {"detail": "请求体格式错误：不是有效的 JSON（第 1 行第 10 列）"}

    def test_oversized_name(self, world, town_a):
        messages = assert_chinese_error(self.post(town_a, enterprise(name="企" * 201)), "name")
        assert "200" in messages[0]

    def test_wrong_uscc_check_character(self, world, town_a):
        messages = assert_chinese_error(self.post(town_a, enterprise(uscc=WRONG_USCC)), "uscc")
        assert "校验码" in messages[0]

    def test_duplicate_uscc(self, world, town_a):
        assert_chinese_error(self.post(town_a, enterprise(uscc=world.ent_a.uscc)), "uscc")

    def test_missing_required_fields(self, world, town_a):
        response = self.post(town_a, {"name": "只有名称"})
        for field in ("uscc", "region"):
            assert_chinese_error(response, field)

    def test_unknown_choice(self, world, town_a):
        assert_chinese_error(self.post(town_a, enterprise(status="bankrupt")), "status")

    def test_negative_count(self, world, town_a):
        assert_chinese_error(self.post(town_a, enterprise(employee_count=-1)), "employee_count")

    def test_region_of_another_town_is_unknown(self, world, town_a):
        messages = assert_chinese_error(self.post(town_a, enterprise(region="KF-01")), "region")
        assert messages == ["区域代码“KF-01”不存在或不在您的数据范围内"]

    def test_region_that_does_not_exist_reads_the_same(self, world, town_a):
        messages = assert_chinese_error(self.post(town_a, enterprise(region="NOPE")), "region")
        assert messages == ["区域代码“NOPE”不存在或不在您的数据范围内"]

    def test_moving_an_enterprise_out_of_scope_is_refused(self, world, town_a):
        url = f"/api/v1/enterprises/{world.ent_a.uscc}/"
        response = town_a.patch(url, {"region": "KF-01"}, format="json")
        assert_chinese_error(response, "region")
        world.ent_a.refresh_from_db()
        assert world.ent_a.region == world.grid_a

    def test_unknown_tag(self, world, town_a):
        assert_chinese_error(self.post(town_a, enterprise(tags=["no-such-tag"])), "tags")


@pytest.mark.django_db
class TestMemberInput:
    def post(self, client, body):
        before = Member.objects.count()
        response = client.post("/api/v1/members/", body, format="json")
        assert Member.objects.count() == before
        return response

    def test_wrong_id_number_check_character(self, world, town_a):
        response = self.post(town_a, member(id_number=WRONG_ID_NUMBER))
        assert assert_chinese_error(response, "id_number") == ["公民身份号码校验码错误"]

    def test_duplicate_id_number(self, world, town_a):
        response = self.post(town_a, member(id_number=world.member_a_id_number))
        assert assert_chinese_error(response, "id_number") == ["该公民身份号码已登记为党员"]
        assert world.member_a_id_number not in response.content.decode()

    def test_id_number_is_required_on_create(self, world, town_a):
        body = member()
        del body["id_number"]
        assert_chinese_error(self.post(town_a, body), "id_number")

    def test_oversized_id_number(self, world, town_a):
        assert_chinese_error(self.post(town_a, member(id_number="1" * 100)), "id_number")

    def test_wrong_phone(self, world, town_a):
        assert_chinese_error(self.post(town_a, member(phone="12345")), "phone")

    def test_gender_must_agree_with_the_id_number(self, world, town_a):
        # The 17th digit of the example is even: a woman.
        assert_chinese_error(self.post(town_a, member(gender="M")), "gender")

    def test_rule_on_the_whole_record(self, world, town_a):
        body = member(status="probationary")  # but with a full-membership date
        messages = assert_chinese_error(self.post(town_a, body), "non_field_errors")
        assert messages == ["预备党员不应有转正日期"]

    def test_organization_of_another_town(self, world, town_a):
        response = self.post(town_a, member(organization="ORG-B"))
        assert_chinese_error(response, "organization")
        assert world.org_b.name not in response.content.decode()

    def test_employer_of_another_town(self, world, town_a):
        response = self.post(town_a, member(employer=world.ent_b.uscc))
        assert_chinese_error(response, "employer")
        assert world.ent_b.name not in response.content.decode()

    def test_secretary_cannot_register_outside_its_organization(self, world, client_as):
        assert_chinese_error(self.post(client_as("secretary"), member(organization="ORG-B")))

    def test_update_with_wrong_id_number_changes_nothing(self, world, town_a):
        url = f"/api/v1/members/{world.member_a.public_id}/"
        response = town_a.patch(url, {"id_number": WRONG_ID_NUMBER, "name": "新名"}, format="json")
        assert_chinese_error(response, "id_number")
        world.member_a.refresh_from_db()
        assert world.member_a.name == "林晓红"
        assert world.member_a.reveal_id_number() == world.member_a_id_number


@pytest.mark.django_db
class TestTreeAndLinkInput:
    def test_organization_parent_of_another_town(self, world, town_a):
        body = {
            "code": "ORG-X",
            "name": "新支部",
            "kind": "branch",
            "formation": "single",
            "parent": "ORG-B",
            "region": "CJ-A1-01",
        }
        response = town_a.post("/api/v1/organizations/", body, format="json")
        assert_chinese_error(response, "parent")
        assert not PartyOrganization.objects.filter(code="ORG-X").exists()

    def test_covering_an_enterprise_of_another_town(self, world, town_a):
        url = "/api/v1/organizations/ORG-A/"
        response = town_a.patch(url, {"covered_enterprises": [world.ent_b.uscc]}, format="json")
        assert_chinese_error(response, "covered_enterprises")
        assert list(world.org_a.covered_enterprises.all()) == [world.ent_a]

    def test_duplicate_organization_code(self, world, town_a):
        body = {
            "code": "ORG-A",
            "name": "重复",
            "kind": "branch",
            "formation": "single",
            "region": "CJ-A1-01",
        }
        assert_chinese_error(town_a.post("/api/v1/organizations/", body, format="json"), "code")

    @pytest.mark.parametrize(
        ("path", "body"),
        [
            ("/api/v1/regions/", {"code": "tree", "name": "保留字片区", "kind": "area"}),
            (
                "/api/v1/organizations/",
                {"code": "Warnings", "name": "保留字支部", "kind": "branch", "formation": "single"},
            ),
        ],
    )
    def test_a_code_the_addresses_use_is_refused_as_by_the_forms(self, world, town_a, path, body):
        """/api/v1/regions/tree/ and /api/v1/organizations/warnings/ stand where the record
        would answer: the API refuses the code as the pages and the ledger do."""
        parent = {"parent": world.town_a.code} if "regions" in path else {"region": "CJ-A1-01"}
        response = town_a.post(path, body | parent, format="json")
        assert "系统保留的网址用词" in assert_chinese_error(response, "code")[0]

    def test_town_admin_cannot_create_a_root_region(self, world, town_a):
        body = {"code": "999999", "name": "新区", "kind": "county"}
        response = town_a.post("/api/v1/regions/", body, format="json")
        assert_chinese_error(response, "non_field_errors")
        assert not world.district.__class__.objects.filter(code="999999").exists()

    def test_links_the_caller_cannot_see_survive_an_update(self, world, client_as):
        """Town A edits its instructor's enterprises; the link in town B stays."""
        world.instructor.enterprises.add(world.ent_b)
        client = client_as("town_a_admin")
        url = f"/api/v1/instructors/{world.instructor.public_id}/"
        assert client.get(url).json()["enterprises"] == [world.ent_a2.uscc]
        response = client.patch(url, {"enterprises": [world.ent_a.uscc]}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["enterprises"] == [world.ent_a.uscc]
        assert set(world.instructor.enterprises.all()) == {world.ent_a, world.ent_b}

    def test_instructor_enterprise_of_another_town(self, world, town_a):
        body = {
            "name": "李指导",
            "source": "hired",
            "region": "350599100000",
            "enterprises": [world.ent_b.uscc],
            "id_number": VALID_ID_NUMBER,
        }
        response = town_a.post("/api/v1/instructors/", body, format="json")
        assert_chinese_error(response, "enterprises")
        assert Instructor.objects.count() == 1


@pytest.mark.django_db
class TestMalformedRequests:
    """Bodies and addresses no form would send: a Chinese JSON answer, never a 500 or HTML."""

    def post(self, client, body, content_type="application/json"):
        before = Enterprise.objects.count()
        response = client.generic("POST", "/api/v1/enterprises/", body, content_type=content_type)
        assert Enterprise.objects.count() == before
        return response

    def test_a_10_mb_body_is_refused_in_chinese(self, world, town_a):
        """Django's RequestDataTooBig escaped DRF: an HTML 400 (a raised error in tests)."""
        response = self.post(town_a, json.dumps(enterprise(address="址" * 4_000_000)))
        assert response.status_code == 400
        assert response.json() == {
            "detail": "请求体过大：不得超过 2.5 MB（大批量数据请使用台账导入）"
        }

    def test_a_100k_character_name_is_refused_on_the_field(self, world, town_a):
        response = self.post(town_a, json.dumps(enterprise(name="企" * 100_000)))
        assert "200" in assert_chinese_error(response, "name")[0]

    def test_deeply_nested_json_is_refused_not_a_crash(self, world, town_a):
        """json.load raised RecursionError, which DRF's parser let through: 500."""
        response = self.post(town_a, '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}")
        assert response.status_code == 400
        assert response.json() == {"detail": "请求体格式错误：JSON 嵌套层数过多"}

    def test_json_that_is_not_utf_8(self, world, town_a):
        body = json.dumps(enterprise(), ensure_ascii=False).encode("gbk")
        response = self.post(town_a, body)
        assert response.status_code == 400
        assert response.json() == {
            "detail": "请求体格式错误：不是有效的 JSON（不是 UTF-8 编码的文本）"
        }

    def test_broken_multipart_body(self, world, town_a):
        response = self.post(town_a, "--x\r\nnot a part", "multipart/form-data; boundary=")
        assert response.status_code == 400
        assert response.json() == {"detail": "请求体格式错误：不是有效的 multipart/form-data 表单"}

    def test_a_body_that_is_not_an_object(self, world, town_a):
        assert_chinese_error(self.post(town_a, "[]"), "non_field_errors")

    @pytest.mark.parametrize("key", ["not-a-uuid", "V%0A"])
    def test_an_action_on_a_malformed_key_is_a_json_404(self, world, key):
        """A token client's POST to an address no route takes reached the catch-all view,
        which CSRF refused with Django's HTML 403; a key holding a newline missed the
        catch-all and got the HTML 404 page."""
        client = APIClient(enforce_csrf_checks=True)
        client.credentials(**token_client(world.user("district_admin"))._credentials)
        response = client.post(f"/api/v1/members/{key}/unmask/", {"field": "phone"})
        assert response.status_code == 404
        assert response.json() == {"detail": "未找到该记录"}
