"""Every reference a ledger kind writes is looked up inside the importer's scope (issue 12).

The member import used to take an employer (工作单位统一社会信用代码) from another
town — the form and the API refused it — and so changed that town's coverage
figures. These tests walk every registered kind and every reference it declares
(``LedgerKind.references``, discovered, so a new kind or column is covered
automatically; an undeclared reference column fails ``test_every_reference_column_is_declared``):

* a code outside the scope fails its row exactly as a code that does not exist
  (the 404 rule: nothing tells it exists elsewhere), nothing is written, and the
  other town's coverage facts stay as they were;
* the form and the API answer the same two codes alike, with the same
  "不存在或不在您的…范围内" meaning;
* every constraint of every model a kind writes (Model._meta.constraints, unique
  fields, unique_together) fails a row with its own Chinese message, never an
  IntegrityError.
"""

import datetime
import itertools
import random
import re
import uuid

import pytest
from django.db import models

from liangxin.core.identifiers import make_id_number, make_uscc
from liangxin.coverage.models import EnterpriseFacts
from liangxin.ledger import cells
from liangxin.ledger.kinds import all_kinds
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from tests import factories as f
from tests.clients import token_client
from tests.ledger.helpers import csv_bytes, errors, run

pytestmark = pytest.mark.django_db

IMPORTER = "town_a_admin"  # scope: 川姜镇; 开发区 (town_b) lies outside it
NOT_FOUND = re.compile(r"不存在或不在您的(管辖|数据)范围内")
_rng = random.Random(12)
_codes = itertools.count(1)

ALL_REFERENCES = [
    (kind.name, ref.header) for kind in all_kinds().values() for ref in kind.references
]


def test_every_kind_declares_its_references():
    """Not vacuous: the walk below covers every kind that names other records."""
    assert {name for name, _ in ALL_REFERENCES} == set(all_kinds())
    assert ("members", "工作单位统一社会信用代码") in ALL_REFERENCES


# --- the rows: one valid row per kind, a reference column set to a given code ---------------


class Codes:
    """Codes in the importer's scope, outside it, and of nothing, per referenced model."""

    def __init__(self, world):
        self.world = world
        self.member_a_number = world.member_a_id_number
        self.member_b_number = f.id_number("350503")
        self.member_b = f.MemberFactory(
            name="开发区党员", organization=world.org_b, id_number_value=self.member_b_number
        )

    def inside(self, model) -> str:
        w = self.world
        return {
            Region: w.grid_a.code,
            PartyOrganization: w.org_a.code,
            Member: self.member_a_number,
        }.get(model) or w.ent_a2.uscc

    def outside(self, model) -> str:
        w = self.world
        return {
            Region: w.grid_b.code,
            PartyOrganization: w.org_b.code,
            Member: self.member_b_number,
        }.get(model) or w.ent_b.uscc

    def nowhere(self, model) -> str:
        return {
            Region: "NO-SUCH-REGION",
            PartyOrganization: "NO-SUCH-ORG",
            Member: make_id_number(
                _rng, area_code="350503", birth_date=datetime.date(1970, 3, 3), male=True
            ),
        }.get(model) or make_uscc(_rng, area_code="350503")

    def api_key(self, model, code: str) -> str:
        """The API names members by public id, the ledger and the forms by ID number."""
        if model is not Member:
            return code
        if code == self.member_b_number:
            return str(self.member_b.public_id)
        return str(uuid.uuid4())


def base_row(kind: str, codes: Codes) -> dict:
    """A row the importer may write (checked by ``test_the_base_rows_are_good``)."""
    w, n = codes.world, next(_codes)
    yesterday = datetime.date.today() - datetime.timedelta(days=2)
    return {
        "regions": {
            "区域代码": f"R-NEW-{n}",
            "区域名称": f"新网格{n}",
            "区域类别": "网格",
            "上级区域代码": w.area_a.code,
        },
        "enterprises": {
            "统一社会信用代码": make_uscc(_rng, area_code="350503"),
            "企业名称": f"新企业{n}有限公司",
            "所属区域代码": w.grid_a.code,
            "经营状态": "operating",
            "职工人数": 12,
        },
        "organizations": {
            "组织编码": f"O-NEW-{n}",
            "组织名称": f"新党小组{n}",
            "组织类别": "党小组",
            "组建方式": "single",
            "上级组织编码": w.org_a.code,
            "所属区域代码": w.grid_a.code,
            "覆盖企业": w.ent_a.uscc,
        },
        "members": {
            "公民身份号码": f.id_number("350503"),
            "姓名": f"新党员{n}",
            "所在党组织编码": w.org_a.code,
            "党员状态": "正式",
            "入党日期": "2010-07-01",
            "转正日期": "2011-07-01",
            "工作单位统一社会信用代码": w.ent_a.uscc,
        },
        "instructors": {
            "公民身份号码": f.id_number("350503"),
            "姓名": f"新指导员{n}",
            "来源": "agency",
            "联系企业": w.ent_a2.uscc,
        },
        "dues_bases": {
            "公民身份号码": codes.member_a_number,
            "年度": 2024,
            "党费类别": "employed",
            "月计算基数（元）": "3000.00",
        },
        "contacts": {
            "公民身份号码": codes.member_a_number,
            "联系日期": yesterday.isoformat(),
            "联系方式": "phone",
        },
        "meetings": {
            "党组织编码": w.org_a.code,
            "会议类型": "主题党日",
            "召开日期": yesterday.isoformat(),
            "主题": f"主题党日{n}",
            "应到人数": 10,
            "实到人数": 8,
        },
    }[kind]


def import_rows(kind: str, rows: list[dict], user, **options):
    headers = list(dict.fromkeys(h for row in rows for h in row))
    data = csv_bytes([headers, *[[row.get(h, "") for h in headers] for row in rows]])
    return run(kind, data, user=user, **options)


def written_state(world):
    """What an import may change: every row count, and the other town's coverage facts."""
    counts = {}
    for kind in all_kinds().values():
        counts[kind.model._meta.label] = kind.model.objects.count()
        for field in kind.model._meta.many_to_many:
            counts[field.remote_field.through._meta.label] = (
                field.remote_field.through.objects.count()
            )
    town_b = EnterpriseFacts.objects.filter(enterprise__region__path__startswith=world.town_b.path)
    return counts, sorted(town_b.values_list())


@pytest.fixture
def codes(world):
    return Codes(world)


@pytest.mark.parametrize("kind", list(all_kinds()))
def test_the_base_rows_are_good(world, codes, kind):
    result = import_rows(kind, [base_row(kind, codes)], world.user(IMPORTER), dry_run=True)
    assert errors(result) == []


# --- the ledger: out of scope reads as not found --------------------------------------------


@pytest.mark.parametrize(("kind", "header"), ALL_REFERENCES)
def test_an_out_of_scope_code_fails_the_row_as_not_found(world, codes, kind, header):
    ref = all_kinds()[kind].reference(header)
    user = world.user(IMPORTER)
    before = written_state(world)

    row = base_row(kind, codes) | {header: codes.outside(ref.model)}
    outside = import_rows(kind, [row], user)
    row = base_row(kind, codes) | {header: codes.nowhere(ref.model)}
    nowhere = import_rows(kind, [row], user)

    assert not outside.written and outside.created == outside.updated == 0
    assert written_state(world) == before  # nothing written; 开发区's coverage facts unchanged
    [(_, column, reason)] = errors(outside)
    assert column == header
    assert NOT_FOUND.search(reason), reason
    # The same answer as for a code of nothing: the import tells no more than the form.
    assert [(c, r) for _, c, r in errors(nowhere)] == [(column, reason)]


def test_an_employer_of_another_town_leaves_its_coverage_alone(world, codes):
    """The reported fault: town A's import named town B's enterprise as employer."""
    facts = EnterpriseFacts.objects.filter(enterprise=world.ent_b)
    before = list(facts.values_list())
    row = base_row("members", codes) | {"工作单位统一社会信用代码": world.ent_b.uscc}
    result = import_rows("members", [row], world.user(IMPORTER), keep_good=True)
    assert errors(result) == [(2, "工作单位统一社会信用代码", "工作单位不存在或不在您的管辖范围内")]
    assert list(facts.values_list()) == before
    assert not Member.objects.filter(employer=world.ent_b).exclude(pk=world.member_b.pk).exists()


def test_the_command_line_still_sees_everything(world, codes):
    """No user (manage.py import_ledger) is the whole database, as before."""
    row = base_row("members", codes) | {"工作单位统一社会信用代码": world.ent_b.uscc}
    assert errors(import_rows("members", [row], None, dry_run=True)) == []


# --- the form and the API answer the same ------------------------------------------------------


def _form(kind: str):
    from liangxin.dues.forms import DuesBaseForm
    from liangxin.enterprises.forms import EnterpriseForm
    from liangxin.life.forms import MeetingForm
    from liangxin.members.forms import MemberForm
    from liangxin.mobility.forms import ContactForm
    from liangxin.organizations.forms import OrganizationForm
    from liangxin.regions.forms import RegionForm
    from liangxin.workforce.forms import InstructorForm

    return {
        "regions": RegionForm,
        "enterprises": EnterpriseForm,
        "organizations": OrganizationForm,
        "members": MemberForm,
        "instructors": InstructorForm,
        "dues_bases": DuesBaseForm,
        "contacts": ContactForm,
        "meetings": MeetingForm,
    }[kind]


# The form field and the API field of each reference column, and the API's list address.
TWINS = {
    ("regions", "上级区域代码"): ("parent", "parent", "/api/v1/regions/"),
    ("enterprises", "所属区域代码"): ("region", "region", "/api/v1/enterprises/"),
    ("organizations", "上级组织编码"): ("parent", "parent", "/api/v1/organizations/"),
    ("organizations", "所属区域代码"): ("region", "region", "/api/v1/organizations/"),
    ("organizations", "覆盖企业"): (
        "covered_enterprises",
        "covered_enterprises",
        "/api/v1/organizations/",
    ),
    ("members", "所在党组织编码"): ("organization", "organization", "/api/v1/members/"),
    ("members", "工作单位统一社会信用代码"): ("employer", "employer", "/api/v1/members/"),
    ("instructors", "联系企业"): ("enterprises", "enterprises", "/api/v1/instructors/"),
    ("dues_bases", "公民身份号码"): ("member", "member", "/api/v1/dues/bases/"),
    ("contacts", "公民身份号码"): ("member", "member", "/api/v1/contacts/"),
    ("meetings", "党组织编码"): ("organization", "organization", "/api/v1/meetings/"),
}


def test_every_reference_has_its_form_and_api_twin():
    assert set(TWINS) == set(ALL_REFERENCES)


def _without(message: str, *values: str) -> str:
    from liangxin.core.pii import mask_id_number

    for value in values:
        message = message.replace(value, "…")
        if len(value) == 18:
            message = message.replace(mask_id_number(value), "…")
    return message


@pytest.mark.parametrize(("kind", "header"), ALL_REFERENCES)
def test_the_form_and_the_api_refuse_the_same_codes_alike(world, codes, kind, header):
    ref = all_kinds()[kind].reference(header)
    form_field, api_field, url = TWINS[(kind, header)]
    user = world.user(IMPORTER)
    outside, nowhere = codes.outside(ref.model), codes.nowhere(ref.model)

    answers = {}
    for name, code in (("outside", outside), ("nowhere", nowhere)):
        form = _form(kind)(data={form_field: code}, user=user)
        assert not form.is_valid()
        answers[("form", name)] = _without(" ".join(form.errors[form_field]), code)
        key = codes.api_key(ref.model, code)
        response = token_client(user).post(
            url, {api_field: [key] if ref.many else key}, format="json"
        )
        assert response.status_code == 400, response.content
        answers[("api", name)] = _without(" ".join(map(str, response.json()[api_field])), key)

    for path in ("form", "api"):
        assert answers[(path, "outside")] == answers[(path, "nowhere")], answers
        assert NOT_FOUND.search(answers[(path, "outside")]), answers
    assert NOT_FOUND.search(ref.reason)  # the ledger's, checked on its rows above


# --- every reference column is declared ----------------------------------------------------

# Relations a kind writes that no column names: set from the importer, not from the file.
NOT_FROM_THE_FILE = {
    ("organizations", "secretary"): "书记 is chosen on the organization's page, not imported",
    ("organizations", "tags"): "not a ledger column",
    ("enterprises", "tags"): "enterprise tags are kept on the page, not in the ledger",
    ("instructors", "region"): "the importer's own region (workforce.ledger.home_region)",
    ("instructors", "user"): "the login is linked by the security admin",
    ("dues_bases", "set_by"): "the importing user",
    ("contacts", "contacted_by"): "the importing user",
    ("meetings", "guide"): "提示单 is linked on the meeting's page, not imported",
    ("meetings", "station"): "活动阵地 is chosen on the meeting's page; the export names it",
    ("meetings", "created_by"): "the importing user",
}
# Column fields that hold a reference by their nature (a code or a list of codes).
REFERENCE_FIELD = re.compile(r"(_code|_uscc|^covered|^enterprises)$")


@pytest.mark.parametrize("kind", list(all_kinds()))
def test_every_reference_column_is_declared(kind):
    """A column naming another record must be a Reference, so the scoped lookup covers it;
    so must every relation of the written model, unless it is set from elsewhere."""
    ledger = all_kinds()[kind]
    declared = {ref.header for ref in ledger.references}
    for column in ledger.columns:
        if column.header == ledger.key_header and column.header not in declared:
            continue
        if column.parse is cells.several or REFERENCE_FIELD.search(column.field):
            assert column.header in declared, f"{kind}.{column.header} is not a Reference"
    written = {ref.writes for ref in ledger.references}
    for field in ledger.model._meta.get_fields():
        if (
            not field.is_relation
            or field.auto_created
            or not field.concrete
            and not field.many_to_many
        ):
            continue
        if field.name in written:
            continue
        assert (kind, field.name) in NOT_FROM_THE_FILE, f"{kind}.{field.name} has no Reference"
        assert field.attname not in ledger.stored_fields or (kind, field.name) in {
            ("dues_bases", "set_by")
        }
    if isinstance(getattr(ledger, "parent_header", None), str) and ledger.parent_header:
        assert ledger.reference(ledger.parent_header).writes == "parent"


# --- every constraint of every written model fails with its own message ---------------------


def written_models(ledger) -> list[type[models.Model]]:
    through = [f.remote_field.through for f in ledger.model._meta.many_to_many]
    written = {ref.writes for ref in ledger.references}
    return [ledger.model] + [
        t
        for f, t in zip(ledger.model._meta.many_to_many, through, strict=True)
        if f.name in written
    ]


def constraints_of(model) -> list[tuple[str, tuple[str, ...], str | None]]:
    """(name, fields, own message) of every named constraint, unique field and unique_together."""
    found = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            fields = tuple(constraint.fields)
        else:
            fields = tuple(sorted(_q_fields(constraint.condition)))
        found.append((constraint.name, fields, str(constraint.violation_error_message)))
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            found.append((f"{model._meta.model_name}.{field.name}", (field.name,), None))
    for fields in model._meta.unique_together:
        found.append((f"{model._meta.model_name}.{'+'.join(fields)}", tuple(fields), None))
    return found


def _q_fields(q) -> set[str]:
    names = set()
    for child in q.children:
        if isinstance(child, models.Q):
            names |= _q_fields(child)
        else:
            lookup, value = child
            names.add(lookup.split("__")[0])
            if isinstance(value, models.F):
                names.add(value.name)
    return names


ALL_CONSTRAINTS = [
    (ledger.name, name, fields, message)
    for ledger in all_kinds().values()
    for model in written_models(ledger)
    for name, fields, message in constraints_of(model)
]


def _duplicate(kind):
    def rows(codes):
        row = base_row(kind, codes)
        return [row, dict(row)]

    return rows


def _farmer_out_of_range(codes):
    return [
        base_row("dues_bases", codes) | {"党费类别": "farmer", "农民党员月交纳额（元）": "5.00"}
    ]


# name → (rows(codes), the column the row error names, the reason it gives)
VIOLATIONS = {
    "region.code": (_duplicate("regions"), "区域代码", "与第 2 行重复"),
    "enterprise_uscc_unique": (_duplicate("enterprises"), "统一社会信用代码", "与第 2 行重复"),
    "partyorganization.code": (_duplicate("organizations"), "组织编码", "与第 2 行重复"),
    "org_dissolved_after_established": (
        lambda codes: [
            base_row("organizations", codes) | {"成立日期": "2020-01-01", "撤销日期": "2019-01-01"}
        ],
        "撤销日期",
        "撤销日期不能早于成立日期",
    ),
    "member_id_number_unique": (_duplicate("members"), "公民身份号码", "与第 2 行重复"),
    "member_full_after_joined": (
        lambda codes: [base_row("members", codes) | {"转正日期": "2009-07-01"}],
        "转正日期",
        "转正日期应晚于入党日期",
    ),
    "member_probationary_not_full": (
        lambda codes: [base_row("members", codes) | {"党员状态": "预备"}],
        "转正日期",
        "预备党员不应有转正日期",
    ),
    "instructor_id_number_unique": (_duplicate("instructors"), "公民身份号码", "与第 2 行重复"),
    "coverage_link_unique": (
        lambda codes: [
            base_row("organizations", codes)
            | {"覆盖企业": f"{codes.world.ent_a.uscc}；{codes.world.ent_a.uscc}"}
        ],
        None,  # a repeated code in one cell is one link (cells.several): no error, one link
        None,
    ),
    "instructor_enterprises.instructor+enterprise": (
        lambda codes: [
            base_row("instructors", codes)
            | {"联系企业": f"{codes.world.ent_a2.uscc}、{codes.world.ent_a2.uscc}"}
        ],
        None,
        None,
    ),
    "dues_base_member_year_unique": (_duplicate("dues_bases"), "公民身份号码", "与第 2 行重复"),
    "dues_base_not_negative": (
        lambda codes: [base_row("dues_bases", codes) | {"月计算基数（元）": "-1"}],
        "月计算基数（元）",
        "金额不能为负数",
    ),
    "dues_base_farmer_amount": (
        _farmer_out_of_range,
        "农民党员月交纳额（元）",
        re.compile(r"^农民党员每月交纳 0\.20 元至 1\.00 元.*超出范围$"),
    ),
    "mobility_contact_one_per_day": (_duplicate("contacts"), "公民身份号码", "与第 2 行重复"),
    "life_meeting_present_le_expected": (
        lambda codes: [base_row("meetings", codes) | {"实到人数": 11}],
        "实到人数",
        "实到人数不能超过应到人数",
    ),
}


def test_every_constraint_is_walked():
    """A constraint added to a written model must be added here, or shown unreachable."""
    for kind, name, fields, _ in ALL_CONSTRAINTS:
        if name in VIOLATIONS:
            continue
        ledger = all_kinds()[kind]
        written = {n.removesuffix("_id") for n in ledger.stored_fields} | {"path"}
        assert name.endswith((".path", ".public_id", ".user")) or not set(fields) & written, (
            f"{kind}: constraint {name} on {fields} can be violated by the import: add it"
        )


@pytest.mark.parametrize(
    ("kind", "name"), [(kind, name) for kind, name, _, _ in ALL_CONSTRAINTS if name in VIOLATIONS]
)
def test_a_violated_constraint_fails_its_row_with_its_own_message(world, codes, kind, name):
    make_rows, header, reason = VIOLATIONS[name]
    before = written_state(world)
    result = import_rows(kind, make_rows(codes), world.user(IMPORTER))
    if header is None:  # the import folds the repeat away: written once, no IntegrityError
        assert errors(result) == [] and result.written
        return
    assert not result.written
    assert written_state(world) == before
    found = [(column, why) for _, column, why in errors(result)]
    assert len(found) == 1, found
    column, why = found[0]
    assert column == header
    assert reason.search(why) if isinstance(reason, re.Pattern) else why == reason
    own = {n: m for _, n, _, m in ALL_CONSTRAINTS}[name]
    if own and "约束" not in own and not isinstance(reason, re.Pattern) and "重复" not in why:
        assert why == own  # a check constraint: the model's own words


@pytest.mark.parametrize(
    ("kind", "stored", "row", "header", "reason"),
    [
        (
            "members",
            {"joined_on": datetime.date(2015, 1, 1), "full_member_on": datetime.date(2016, 1, 1)},
            {"转正日期": "2014-01-01"},
            "转正日期",
            "转正日期应晚于系统中已有的入党日期",
        ),
        (
            "organizations",
            {"established_on": datetime.date(2015, 1, 1)},
            {"撤销日期": "2014-01-01"},
            "撤销日期",
            "撤销日期不能早于系统中已有的成立日期",
        ),
        (
            "organizations",
            {"dissolved_on": datetime.date(2015, 1, 1)},
            {"成立日期": "2016-01-01"},
            "成立日期",
            "成立日期不能晚于系统中已有的撤销日期",
        ),
    ],
)
def test_a_date_pair_half_in_the_file_half_stored_fails_its_row(
    world, kind, stored, row, header, reason
):
    """The file may leave one date of a pair out (the stored one stays): the pair is still
    checked, as a row error, not as the database's IntegrityError for the whole file."""
    record = world.member_a if kind == "members" else world.group_a
    type(record).objects.filter(pk=record.pk).update(**stored)
    if kind == "members":
        key = {"公民身份号码": world.member_a_id_number, "姓名": record.name}
        key |= {"所在党组织编码": world.org_a.code, "党员状态": "正式"}
    else:
        key = {"组织编码": record.code, "组织名称": record.name, "组织类别": "党小组"}
        key |= {"组建方式": "single", "上级组织编码": world.org_a.code}
        key |= {"所属区域代码": world.grid_a.code}
    result = import_rows(kind, [key | row], world.user(IMPORTER))
    assert [(c, r) for _, c, r in errors(result)] == [(header, reason)]
    assert not result.written
