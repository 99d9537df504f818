"""A key held by a record outside the caller's scope is refused without naming the holder
(issue 12, "Data scope": existence oracles; the 404 rule).

区域代码, 统一社会信用代码, 组织编码 and an instructor's 公民身份号码 are unique across the
database. When town A's admin tries to register one that a record of town B holds, the
ledger import, the form and the API all answer the same neutral sentence
(``liangxin.core.duplicates``): no "已由其他区域登记", no name, no region of the holder,
not even the kind of record. Inside the scope the usual message stays: the caller can
open the holder anyway. Members and development cases have their own neutral sentence
(``liangxin.members.conflicts``, tested in tests/members/).
"""

import datetime
import random

import pytest
from django.urls import reverse

from liangxin.core.duplicates import ID_NUMBER_HELD_ELSEWHERE, KEY_HELD_ELSEWHERE
from liangxin.core.identifiers import make_id_number
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor
from tests import factories as f
from tests.clients import messages as api_messages
from tests.clients import token_client
from tests.ledger.helpers import csv_bytes, errors, run

pytestmark = pytest.mark.django_db

CALLER = "town_a_admin"
KINDS = ["regions", "enterprises", "organizations", "instructors"]
MODELS = {
    "regions": Region,
    "enterprises": Enterprise,
    "organizations": PartyOrganization,
    "instructors": Instructor,
}
_rng = random.Random(1212)


class Holders:
    """Town B's records (outside town A's scope) and town A's (inside it), by kind."""

    def __init__(self, world):
        self.world = world
        self.number_b = make_id_number(
            _rng, area_code="350503", birth_date=datetime.date(1977, 3, 9), male=True
        )
        self.instructor_b = f.InstructorFactory(
            name="赵开发", region=world.town_b, enterprises=[world.ent_b]
        )
        self.instructor_b.set_id_number(self.number_b)
        self.instructor_b.save()
        self.number_a = make_id_number(
            _rng, area_code="350503", birth_date=datetime.date(1979, 4, 10), male=False
        )
        world.instructor.set_id_number(self.number_a)
        world.instructor.save()

    def key(self, kind: str, *, inside=False) -> str:
        w = self.world
        return {
            "regions": w.grid_a.code if inside else w.grid_b.code,
            "enterprises": w.ent_a.uscc if inside else w.ent_b.uscc,
            "organizations": w.org_a.code if inside else w.org_b.code,
            "instructors": self.number_a if inside else self.number_b,
        }[kind]

    def secrets(self, kind: str) -> set[str]:
        """What nobody in town A may learn about the holder of town B's key."""
        w = self.world
        named = {
            "regions": {w.grid_b.name, w.town_b.code, w.town_b.name},
            "enterprises": {w.ent_b.name, w.grid_b.code, w.grid_b.name},
            "organizations": {w.org_b.name, w.grid_b.code, w.grid_b.name},
            "instructors": {self.instructor_b.name, w.town_b.code, w.town_b.name},
        }[kind]
        return named | {"已由其他", "其他区域", "已存在", "已登记为"}

    def neutral(self, kind: str) -> str:
        return ID_NUMBER_HELD_ELSEWHERE if kind == "instructors" else KEY_HELD_ELSEWHERE


@pytest.fixture
def holders(world):
    return Holders(world)


def assert_neutral(texts, kind: str, holders: Holders) -> None:
    text = "\n".join(texts)
    assert holders.neutral(kind) in text, text
    leaked = {secret for secret in holders.secrets(kind) if secret in text}
    assert not leaked, text


# --- the ledger import ----------------------------------------------------------------------


def ledger_file(kind: str, key: str, world) -> bytes:
    rows = {
        "regions": [
            ["区域代码", "区域名称", "区域类别", "上级区域代码"],
            [key, "重复网格", "网格", world.area_a.code],
        ],
        "enterprises": [
            ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"],
            [key, "重复企业", world.grid_a.code, "在营", "10"],
        ],
        "organizations": [
            ["组织编码", "组织名称", "组织类别", "组建方式", "上级组织编码", "所属区域代码"],
            [key, "重复支部", "党支部", "单独组建", world.org_a.code, world.grid_a.code],
        ],
        "instructors": [
            ["公民身份号码", "姓名", "来源", "联系企业"],
            [key, "重复指导员", "社会化选聘", world.ent_a.uscc],
        ],
    }[kind]
    return csv_bytes(rows)


@pytest.mark.parametrize("kind", KINDS)
def test_the_ledger_refuses_a_key_held_outside_the_scope_neutrally(world, holders, kind):
    before = list(MODELS[kind].objects.order_by("pk").values())
    result = run(kind, ledger_file(kind, holders.key(kind), world), user=world.user(CALLER))
    found = errors(result)
    assert [(number, reason) for number, _, reason in found] == [(2, holders.neutral(kind))]
    assert_neutral([f"{header} {reason}" for _, header, reason in found], kind, holders)
    assert not result.written
    assert list(MODELS[kind].objects.order_by("pk").values()) == before


# --- the forms ------------------------------------------------------------------------------


def form_data(kind: str, key: str, world) -> dict:
    return {
        "regions": {"parent": world.area_a.code, "code": key, "name": "重复网格", "kind": "grid"},
        "enterprises": {
            "uscc": key,
            "name": "重复企业",
            "category": "enterprise",
            "region": world.grid_a.code,
            "status": "operating",
            "employee_count": "10",
        },
        "organizations": {
            "code": key,
            "name": "重复支部",
            "kind": "branch",
            "formation": "single",
            "parent": world.org_a.code,
            "region": world.grid_a.code,
        },
        "instructors": {
            "name": "重复指导员",
            "id_number": key,
            "source": "hired",
            "region": world.town_a.code,
            "enterprises": world.ent_a.uscc,
            "active": "on",
        },
    }[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_refuses_a_key_held_outside_the_scope_neutrally(login, world, holders, kind):
    count = MODELS[kind].objects.count()
    url = reverse(f"{kind}:create")
    response = login(CALLER).post(url, form_data(kind, holders.key(kind), world))
    assert response.status_code == 200
    assert_neutral([response.content.decode()], kind, holders)
    assert MODELS[kind].objects.count() == count


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_still_names_a_duplicate_inside_the_scope(login, world, holders, kind):
    url = reverse(f"{kind}:create")
    response = login(CALLER).post(url, form_data(kind, holders.key(kind, inside=True), world))
    page = response.content.decode().replace(" ", "")
    assert "已存在" in page or "已登记为党建指导员" in page
    assert holders.neutral(kind) not in page


# --- the API --------------------------------------------------------------------------------


def api_body(kind: str, key: str, world) -> dict:
    body = form_data(kind, key, world)
    body.pop("active", None)
    if kind == "organizations":
        body["covered_enterprises"] = []
    if kind == "instructors":
        body["enterprises"] = [world.ent_a.uscc]
    if kind == "enterprises":
        body["employee_count"] = 10
    return body


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_refuses_a_key_held_outside_the_scope_neutrally(world, holders, kind):
    count = MODELS[kind].objects.count()
    client = token_client(world.user(CALLER))
    response = client.post(f"/api/v1/{kind}/", api_body(kind, holders.key(kind), world), "json")
    assert response.status_code == 400, response.content
    assert_neutral(api_messages(response.json()), kind, holders)
    assert MODELS[kind].objects.count() == count


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_still_names_a_duplicate_inside_the_scope(world, holders, kind):
    client = token_client(world.user(CALLER))
    body = api_body(kind, holders.key(kind, inside=True), world)
    response = client.post(f"/api/v1/{kind}/", body, "json")
    assert response.status_code == 400, response.content
    told = "".join(api_messages(response.json())).replace(" ", "")
    assert "已存在" in told or "已登记为党建指导员" in told, told
    assert holders.neutral(kind) not in told


# --- a refused key says nothing of what the holder has stored ---------------------------------


def test_a_refused_organization_code_tells_nothing_of_the_holders_dates(world, holders):
    """ORG-B was established in 2020: a file leaving 成立日期 out and dissolving it in 2019
    would be told "不能早于系统中已有的成立日期" — a fact about town B's branch."""
    PartyOrganization.objects.filter(pk=world.org_b.pk).update(
        established_on=datetime.date(2020, 1, 1)
    )
    rows = [
        [
            "组织编码",
            "组织名称",
            "组织类别",
            "组建方式",
            "上级组织编码",
            "所属区域代码",
            "撤销日期",
        ],
        ["ORG-B", "重复支部", "党支部", "单独组建", "ORG-A", world.grid_a.code, "2019-01-01"],
    ]
    result = run("organizations", csv_bytes(rows), user=world.user(CALLER))
    assert [reason for _, _, reason in errors(result)] == [KEY_HELD_ELSEWHERE]


def test_a_refused_id_number_tells_nothing_of_the_members_dates(world, holders):
    """Town B's member is a full member: a probationary row leaving 转正日期 out would be
    told "系统中已有转正日期" — a fact about a member outside the scope."""
    from liangxin.members.models import Member

    number = make_id_number(
        _rng, area_code="350503", birth_date=datetime.date(1985, 6, 1), male=True
    )
    f.MemberFactory(
        name="开发区党员",
        organization=world.org_b,
        id_number_value=number,
        status="full",
        joined_on=datetime.date(2010, 1, 1),
        full_member_on=datetime.date(2011, 1, 1),
    )
    rows = [
        ["公民身份号码", "姓名", "所在党组织编码", "党员状态"],
        [number, "重复党员", "ORG-A", "预备"],
    ]
    result = run("members", csv_bytes(rows), user=world.user(CALLER))
    reasons = [reason for _, _, reason in errors(result)]
    assert len(reasons) == 1 and "系统中已有" not in reasons[0], reasons
    assert Member.objects.filter(name="重复党员").count() == 0
