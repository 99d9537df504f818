"""The contract table of the two write paths: every ledger kind's constraints and references.

A registry record is written either by its app's write service (a form, the API) or by
the ledger import, and each path states the record's rules on its own: the model's
constraints and choices, which references the writer may name, which dates may not lie
ahead, what a blank cell means. ``tests/ledger/test_write_path_contract.py`` runs every
case below through both paths and asserts they answer alike.

A case is one change to the kind's valid base record (``base_record``): the change that
violates one rule (``refuse``), or a change both paths must take and store alike
(``accept``). Values are Python values; the ledger gets them as cells (``cell``), the
service as its data (the test's ``service_data``). ``OMIT`` is an optional value left
out: an empty cell in the file, a key absent from the service's data.

``obligations(kind)`` lists what must have a case, discovered from the model and the kind:
a named constraint, a unique field or unique_together of a written model, a required
field, a field with choices, a date that may not lie ahead, a column the ledger requires,
a relation of the model, each reference column (a code of nothing, a code outside the
writer's scope) and each blank-cell default. What has no case needs an entry in
``EXEMPT`` saying why it cannot be reached.
"""

import datetime
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from liangxin.core.identifiers import make_id_number, make_mobile, make_uscc
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from tests import factories as f

_rng = random.Random(13)
_serial = itertools.count(1)

# The persona each kind is written as (tests/conftest.py ``world``): the town admin of
# 川姜镇 for the registries it keeps, the secretary of ORG-A for a member's own records.
ACTORS = {
    "regions": "town_a_admin",
    "enterprises": "town_a_admin",
    "organizations": "town_a_admin",
    "members": "secretary",
    "instructors": "town_a_admin",
    "dues_bases": "secretary",
    "contacts": "secretary",
    "meetings": "secretary",
}


class _Omitted:
    def __repr__(self) -> str:
        return "OMIT"


OMIT = _Omitted()


def today() -> datetime.date:
    return datetime.date.today()


def tomorrow() -> datetime.date:
    return today() + datetime.timedelta(days=1)


def cell(value) -> str:
    """A value as the ledger file's cell."""
    if value is None or value is OMIT:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "；".join(value)
    return str(value)


@dataclass
class Given:
    """The world of tests/conftest.py and the codes a case names: inside, outside, nowhere."""

    world: object
    member_b_number: str
    outside_instructor_number: str
    # Where a new branch may go: a 党总支 of 川姜 (a branch such as ORG-A holds no branch).
    branch_parent: str = ""

    def actor(self, kind: str):
        return self.world.user(ACTORS[kind])

    def inside(self, model) -> str:
        w = self.world
        return {
            Region: w.grid_a.code,
            PartyOrganization: w.org_a.code,
            Member: w.member_a_id_number,
        }.get(model) or w.ent_a.uscc

    def outside(self, model) -> str:
        """Held by a record outside both actors' scopes (开发区, ORG-B)."""
        w = self.world
        return {
            Region: w.grid_b.code,
            PartyOrganization: w.org_b.code,
            Member: self.member_b_number,
        }.get(model) or w.ent_b.uscc

    @staticmethod
    def nowhere(model) -> str:
        return {
            Region: "NO-SUCH-REGION",
            PartyOrganization: "NO-SUCH-ORG",
            Member: new_id_number(),
        }.get(model) or make_uscc(_rng, area_code="350503")


def new_id_number() -> str:
    return f.id_number("350503")


def bad_check_character(code: str) -> str:
    """``code`` with a wrong last (check) character."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")


# --- the valid base records ----------------------------------------------------------------


def base_record(kind: str, g: Given) -> dict:
    """A new record the kind's actor may write, every column given."""
    w, n = g.world, next(_serial)
    if kind == "members":
        number = make_id_number(
            _rng, area_code="350503", birth_date=datetime.date(1985, 3, n % 28 + 1), male=False
        )
    return {
        "regions": lambda: {
            "区域代码": f"R-K{n}",
            "区域名称": f"契约网格{n}",
            "区域类别": "grid",
            "上级区域代码": w.area_a.code,
        },
        "enterprises": lambda: {
            "统一社会信用代码": make_uscc(_rng, area_code="350503"),
            "企业名称": f"契约纺织{n}有限公司",
            "所属区域代码": w.grid_a.code,
            "经营状态": "operating",
            "职工人数": 12,
            "单位类别": "enterprise",
            "是否规上": True,
            "是否限上": False,
            "企业类型": "private",
            "行业门类": "C",
            "成立日期": datetime.date(2015, 3, 1),
            "出资人是否党员": True,
            "党建入章": True,
            "地址": "川姜镇工业路1号",
        },
        "organizations": lambda: {
            "组织编码": f"O-K{n}",
            "组织名称": f"契约党支部{n}",
            "组织类别": "branch",
            "组建方式": "joint",
            "上级组织编码": g.branch_parent,
            "所属区域代码": w.grid_a.code,
            "覆盖企业": [w.ent_a.uscc, w.ent_a2.uscc],
            "成立日期": datetime.date(2018, 5, 1),
            "撤销日期": None,
            "书记是否出资人": True,
            "是否设立委员会": True,
            "本届任期开始日期": datetime.date(2024, 5, 1),
            "任期（年）": 5,
        },
        "members": lambda: {
            "公民身份号码": number,
            "姓名": f"契约党员{n}",
            "所在党组织编码": w.org_a.code,
            "党员状态": "full",
            "入党日期": datetime.date(2010, 7, 1),
            "转正日期": datetime.date(2011, 7, 1),
            "性别": "F",
            "民族": "回族",
            "出生日期": datetime.date(1985, 3, n % 28 + 1),
            "学历": "bachelor",
            "手机号码": make_mobile(_rng),
            "工作单位统一社会信用代码": w.ent_a.uscc,
            "岗位层级": "technical",
            "管理类型": "floating",
        },
        "instructors": lambda: {
            "公民身份号码": new_id_number(),
            "姓名": f"契约指导员{n}",
            "来源": "hired",
            "联系企业": [w.ent_a.uscc, w.ent_a2.uscc],
            "手机号码": make_mobile(_rng),
        },
        "dues_bases": lambda: {
            "公民身份号码": w.member_a_id_number,
            "姓名": w.member_a.name,
            "年度": 2024,
            "党费类别": "employed",
            "月计算基数（元）": Decimal("3000.00"),
            "农民党员月交纳额（元）": None,
        },
        "contacts": lambda: {
            "公民身份号码": w.member_a_id_number,
            "联系日期": today() - datetime.timedelta(days=2),
            "联系方式": "visit",
            "联系人": "王指导",
            "情况说明": "走访企业，近况良好",
        },
        # The counts are those the service derives from an empty sheet: ORG-A's one member
        # (member_a) expected and absent.
        "meetings": lambda: {
            "党组织编码": w.org_a.code,
            "会议类型": "theme_day",
            "召开日期": today() - datetime.timedelta(days=2),
            "主题": f"契约主题党日{n}",
            "地点": "党员活动室",
            "主持人": "张书记",
            "记录人": "李委员",
            "讲课人": "王老师",
            "学习形式": "车间微党课",
            "第一议题": True,
            "应到人数": 1,
            "实到人数": 0,
            "请假人数": 0,
            "内容": "学习党章",
        },
    }[kind]()


# --- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    change: Callable[[Given], dict]
    covers: tuple[str, ...] = ()
    header: str | None = None  # the column the ledger's row error names; None: both accept
    twice: bool = False  # the record written twice in one go: the second is refused
    # Why the service cannot be handed this change at all (the ledger side still runs).
    unreachable: str = ""
    # The paths disagree today: the case is a strict xfail with this reason.
    disagreement: str = ""
    # The service's field its refusal names, when not the header's own (ref.writes or
    # column.field); a refusal about the whole record (OutOfScope, __all__) always fits.
    field: str = ""

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.name}"

    @property
    def accepted(self) -> bool:
        return self.header is None


def _change(change) -> Callable[[Given], dict]:
    return change if callable(change) else (lambda g: dict(change))


def refuse(kind, name, header, change, *covers, **options) -> Case:
    return Case(kind, name, _change(change), covers, header, **options)


def accept(kind, name, change, *covers, **options) -> Case:
    return Case(kind, name, _change(change), covers, None, **options)


def unknown(kind: str, header: str, model, label: str, **options) -> Case:
    return refuse(
        kind,
        f"{label} names nothing",
        header,
        lambda g: {header: _one_or_many(kind, header, g.nowhere(model))},
        f"reference:{header}:unknown",
        **options,
    )


def outside(kind: str, header: str, model, label: str, **options) -> Case:
    return refuse(
        kind,
        f"{label} outside the scope",
        header,
        lambda g: {header: _one_or_many(kind, header, g.outside(model))},
        f"reference:{header}:outside",
        **options,
    )


MANY = {("organizations", "覆盖企业"), ("instructors", "联系企业")}


def _one_or_many(kind, header, code):
    return [code] if (kind, header) in MANY else code


M2M_UNKNOWN = (
    "the service takes saved enterprises (the form and the API look the codes up first): "
    "a code of nothing never reaches it"
)

CASES = [
    # regions -----------------------------------------------------------------------------
    refuse("regions", "twice", "区域代码", {}, "unique:region.code", twice=True),
    refuse(
        "regions",
        "code held outside",
        "区域代码",
        lambda g: {"区域代码": g.outside(Region)},
        "unique:region.code",
    ),
    refuse("regions", "reserved code", "区域代码", {"区域代码": "new"}),
    refuse(
        "regions", "blank code", "区域代码", {"区域代码": None}, "required:code", "column:区域代码"
    ),
    refuse(
        "regions", "blank name", "区域名称", {"区域名称": None}, "required:name", "column:区域名称"
    ),
    refuse(
        "regions", "blank kind", "区域类别", {"区域类别": None}, "required:kind", "column:区域类别"
    ),
    refuse("regions", "bad kind", "区域类别", {"区域类别": "城市"}, "choices:kind"),
    refuse("regions", "new root", "上级区域代码", {"上级区域代码": None}),
    refuse(
        "regions",
        "a county under a grid",
        "上级区域代码",
        lambda g: {"区域类别": "county", "上级区域代码": g.world.grid_a.code},
    ),
    refuse(
        "regions",
        "a grid under a grid",
        "上级区域代码",
        lambda g: {"上级区域代码": g.world.grid_a.code},
    ),
    unknown("regions", "上级区域代码", Region, "parent"),
    outside("regions", "上级区域代码", Region, "parent"),
    # enterprises -------------------------------------------------------------------------
    refuse(
        "enterprises",
        "twice",
        "统一社会信用代码",
        {},
        "constraint:enterprise_uscc_unique",
        twice=True,
    ),
    refuse(
        "enterprises",
        "uscc held outside",
        "统一社会信用代码",
        lambda g: {"统一社会信用代码": g.outside(Enterprise)},
        "constraint:enterprise_uscc_unique",
    ),
    refuse(
        "enterprises",
        "bad check character",
        "统一社会信用代码",
        lambda g: {"统一社会信用代码": bad_check_character(make_uscc(_rng, area_code="350503"))},
    ),
    refuse(
        "enterprises",
        "blank uscc",
        "统一社会信用代码",
        {"统一社会信用代码": None},
        "required:uscc",
        "column:统一社会信用代码",
    ),
    refuse(
        "enterprises",
        "blank name",
        "企业名称",
        {"企业名称": None},
        "required:name",
        "column:企业名称",
    ),
    refuse(
        "enterprises",
        "blank region",
        "所属区域代码",
        {"所属区域代码": None},
        "required:region",
        "column:所属区域代码",
    ),
    refuse("enterprises", "blank status", "经营状态", {"经营状态": None}, "column:经营状态"),
    refuse("enterprises", "blank staff", "职工人数", {"职工人数": None}, "column:职工人数"),
    refuse("enterprises", "bad status", "经营状态", {"经营状态": "歇业"}, "choices:status"),
    refuse("enterprises", "bad category", "单位类别", {"单位类别": "事业单位"}, "choices:category"),
    refuse("enterprises", "bad ownership", "企业类型", {"企业类型": "国有"}, "choices:ownership"),
    refuse("enterprises", "bad industry", "行业门类", {"行业门类": "Z"}, "choices:industry"),
    refuse(
        "enterprises", "bad control", "控制类型", {"控制类型": "国有控股"}, "choices:control_type"
    ),
    refuse(
        "enterprises",
        "bad subtype",
        "社会组织类型",
        {"社会组织类型": "事业单位"},
        "choices:social_subtype",
    ),
    refuse(
        "enterprises",
        "registered tomorrow",
        "成立日期",
        lambda g: {"成立日期": tomorrow()},
        "future:registered_on",
    ),
    unknown("enterprises", "所属区域代码", Region, "region"),
    outside("enterprises", "所属区域代码", Region, "region"),
    accept(
        "enterprises",
        "optional columns blank",
        {
            "单位类别": OMIT,
            "是否规上": OMIT,
            "是否限上": OMIT,
            "企业类型": OMIT,
            "行业门类": OMIT,
            "成立日期": OMIT,
            "出资人是否党员": OMIT,
            "党建入章": OMIT,
            "地址": OMIT,
            "是否法人单位": OMIT,
            "控制类型": OMIT,
            "法定代表人是否党员": OMIT,
            "法定代表人是否兼任书记": OMIT,
            "社会组织类型": OMIT,
        },
        "default:category",
        "default:above_scale",
        "default:above_quota",
        "default:ownership",
        "default:industry",
        "default:investor_is_member",
        "default:charter_includes_party",
        "default:address",
        "default:is_legal_entity",
        "default:control_type",
        "default:legal_rep_is_member",
        "default:legal_rep_is_secretary",
        "default:social_subtype",
    ),
    # organizations -----------------------------------------------------------------------
    refuse(
        "organizations",
        "twice",
        "组织编码",
        {},
        "unique:partyorganization.code",
        twice=True,
    ),
    refuse(
        "organizations",
        "code held outside",
        "组织编码",
        lambda g: {"组织编码": g.outside(PartyOrganization)},
        "unique:partyorganization.code",
    ),
    refuse(
        "organizations",
        "blank code",
        "组织编码",
        {"组织编码": None},
        "required:code",
        "column:组织编码",
    ),
    refuse(
        "organizations",
        "blank name",
        "组织名称",
        {"组织名称": None},
        "required:name",
        "column:组织名称",
    ),
    refuse(
        "organizations",
        "blank kind",
        "组织类别",
        {"组织类别": None},
        "required:kind",
        "column:组织类别",
    ),
    refuse(
        "organizations",
        "blank formation",
        "组建方式",
        {"组建方式": None},
        "required:formation",
        "column:组建方式",
    ),
    refuse(
        "organizations",
        "blank region",
        "所属区域代码",
        {"所属区域代码": None},
        "required:region",
        "column:所属区域代码",
    ),
    refuse("organizations", "bad kind", "组织类别", {"组织类别": "党组"}, "choices:kind"),
    refuse("organizations", "bad formation", "组建方式", {"组建方式": "派驻"}, "choices:formation"),
    refuse(
        "organizations",
        "dissolved before established",
        "撤销日期",
        {"成立日期": datetime.date(2020, 1, 1), "撤销日期": datetime.date(2019, 1, 1)},
        "constraint:org_dissolved_after_established",
    ),
    refuse(
        "organizations",
        "established tomorrow",
        "成立日期",
        lambda g: {"成立日期": tomorrow()},
        "future:established_on",
    ),
    refuse(
        "organizations",
        "new root",
        "上级组织编码",
        {"上级组织编码": None},
        disagreement=(
            "organization_create lets a town admin add a top-level organization in a region "
            "of the town; the ledger refuses every new root to a page user"
        ),
    ),
    refuse(
        "organizations",
        "a branch under a 党小组",
        "上级组织编码",
        lambda g: {"上级组织编码": g.world.group_a.code},
    ),
    refuse(
        "organizations",
        "a branch under a branch",
        "上级组织编码",
        lambda g: {"上级组织编码": g.world.org_a.code},
    ),
    unknown("organizations", "上级组织编码", PartyOrganization, "parent"),
    outside("organizations", "上级组织编码", PartyOrganization, "parent"),
    unknown("organizations", "所属区域代码", Region, "region"),
    outside("organizations", "所属区域代码", Region, "region"),
    unknown("organizations", "覆盖企业", Enterprise, "covered", unreachable=M2M_UNKNOWN),
    outside(
        "organizations",
        "覆盖企业",
        Enterprise,
        "covered",
    ),
    refuse("organizations", "a term of 11 years", "任期（年）", {"任期（年）": 11}),
    accept(
        "organizations",
        "an enterprise covered twice",
        lambda g: {"覆盖企业": [g.world.ent_a.uscc, g.world.ent_a.uscc]},
        "constraint:coverage_link_unique",
    ),
    accept(
        "organizations",
        "optional columns blank",
        {
            "覆盖企业": OMIT,
            "书记是否出资人": OMIT,
            "成立日期": OMIT,
            "是否设立委员会": OMIT,
            "任期（年）": OMIT,
            "是否建立党小组": OMIT,
            "是否由未转入组织关系党员组建": OMIT,
        },
        "default:covered",
        "default:secretary_is_investor",
        "default:has_committee",
        "default:has_party_group",
        "default:formed_by_untransferred",
    ),
    # members -----------------------------------------------------------------------------
    refuse(
        "members",
        "twice",
        "公民身份号码",
        {},
        "constraint:member_id_number_unique",
        twice=True,
    ),
    refuse(
        "members",
        "number held outside",
        "公民身份号码",
        lambda g: {"公民身份号码": g.outside(Member), "性别": OMIT, "出生日期": OMIT},
        "constraint:member_id_number_unique",
    ),
    refuse(
        "members",
        "bad check character",
        "公民身份号码",
        lambda g: {
            "公民身份号码": bad_check_character(new_id_number()),
            "性别": OMIT,
            "出生日期": OMIT,
        },
    ),
    refuse(
        "members",
        "blank number",
        "公民身份号码",
        {"公民身份号码": None, "性别": OMIT, "出生日期": OMIT},
        "column:公民身份号码",
    ),
    refuse("members", "blank name", "姓名", {"姓名": None}, "required:name", "column:姓名"),
    refuse(
        "members",
        "blank organization",
        "所在党组织编码",
        {"所在党组织编码": None},
        "required:organization",
        "column:所在党组织编码",
    ),
    refuse(
        "members",
        "blank status",
        "党员状态",
        {"党员状态": None},
        "required:status",
        "column:党员状态",
    ),
    refuse("members", "bad status", "党员状态", {"党员状态": "发展对象"}, "choices:status"),
    refuse("members", "bad gender", "性别", {"性别": "X"}, "choices:gender"),
    refuse("members", "bad education", "学历", {"学历": "博士后"}, "choices:education"),
    refuse("members", "bad post level", "岗位层级", {"岗位层级": "实习"}, "choices:post_level"),
    refuse("members", "bad flow type", "管理类型", {"管理类型": "外派"}, "choices:flow_type"),
    refuse("members", "gender against the number", "性别", {"性别": "M"}),
    refuse(
        "members",
        "birth date against the number",
        "出生日期",
        {"出生日期": datetime.date(1990, 1, 1)},
    ),
    accept(
        "members",
        "gender and birth date from the number",
        {"性别": OMIT, "出生日期": OMIT},
        "required:gender",
        "required:birth_date",
    ),
    refuse(
        "members",
        "born tomorrow",
        "出生日期",
        lambda g: {"出生日期": tomorrow()},
        "future:birth_date",
    ),
    refuse(
        "members",
        "joined tomorrow",
        "入党日期",
        lambda g: {"入党日期": tomorrow(), "转正日期": None},
        "future:joined_on",
    ),
    refuse(
        "members",
        "full member tomorrow",
        "转正日期",
        lambda g: {"转正日期": tomorrow()},
        "future:full_member_on",
    ),
    refuse(
        "members",
        "full member before joining",
        "转正日期",
        {"转正日期": datetime.date(2009, 7, 1)},
        "constraint:member_full_after_joined",
    ),
    refuse(
        "members",
        "probationary with a full date",
        "转正日期",
        {"党员状态": "probationary"},
        "constraint:member_probationary_not_full",
    ),
    refuse("members", "bad phone", "手机号码", {"手机号码": "1380013800"}),
    unknown("members", "所在党组织编码", PartyOrganization, "organization"),
    outside("members", "所在党组织编码", PartyOrganization, "organization"),
    unknown("members", "工作单位统一社会信用代码", Enterprise, "employer"),
    outside(
        "members",
        "工作单位统一社会信用代码",
        Enterprise,
        "employer",
    ),
    accept(
        "members",
        "optional columns blank",
        {"民族": OMIT, "学历": OMIT, "岗位层级": OMIT, "管理类型": OMIT},
        "default:ethnicity",
        "default:education",
        "default:post_level",
        "default:flow_type",
        disagreement=(
            "a blank 民族 is stored as '' by the ledger (MemberLedger.defaults) and as the "
            "model's default 汉族 by the service"
        ),
    ),
    # instructors -------------------------------------------------------------------------
    refuse(
        "instructors",
        "twice",
        "公民身份号码",
        {},
        "constraint:instructor_id_number_unique",
        twice=True,
    ),
    refuse(
        "instructors",
        "number held outside",
        "公民身份号码",
        lambda g: {"公民身份号码": g.outside_instructor_number},
        "constraint:instructor_id_number_unique",
    ),
    refuse(
        "instructors",
        "bad check character",
        "公民身份号码",
        lambda g: {"公民身份号码": bad_check_character(new_id_number())},
    ),
    refuse(
        "instructors", "blank number", "公民身份号码", {"公民身份号码": None}, "column:公民身份号码"
    ),
    refuse("instructors", "blank name", "姓名", {"姓名": None}, "required:name", "column:姓名"),
    refuse("instructors", "blank source", "来源", {"来源": None}, "required:source", "column:来源"),
    refuse("instructors", "bad source", "来源", {"来源": "志愿者"}, "choices:source"),
    unknown("instructors", "联系企业", Enterprise, "enterprises", unreachable=M2M_UNKNOWN),
    outside(
        "instructors",
        "联系企业",
        Enterprise,
        "enterprises",
    ),
    accept(
        "instructors",
        "an enterprise assigned twice",
        lambda g: {"联系企业": [g.world.ent_a2.uscc, g.world.ent_a2.uscc]},
        "unique:instructor_enterprises.instructor+enterprise",
    ),
    accept("instructors", "optional columns blank", {"联系企业": OMIT}, "default:enterprises"),
    # dues bases --------------------------------------------------------------------------
    refuse(
        "dues_bases",
        "twice",
        "公民身份号码",
        {},
        "constraint:dues_base_member_year_unique",
        twice=True,
    ),
    refuse(
        "dues_bases",
        "blank number",
        "公民身份号码",
        {"公民身份号码": None},
        "required:member",
        "column:公民身份号码",
        unreachable=(
            "dues_base_set takes the member as a required argument, which the form and the "
            "API require (None raises AttributeError, not a ValidationError)"
        ),
    ),
    refuse("dues_bases", "blank year", "年度", {"年度": None}, "required:year", "column:年度"),
    refuse("dues_bases", "year out of range", "年度", {"年度": 1999}),
    refuse(
        "dues_bases",
        "blank category",
        "党费类别",
        {"党费类别": None},
        "required:category",
        "column:党费类别",
    ),
    refuse("dues_bases", "bad category", "党费类别", {"党费类别": "个体"}, "choices:category"),
    refuse(
        "dues_bases",
        "negative base",
        "月计算基数（元）",
        {"月计算基数（元）": Decimal("-1.00")},
        "constraint:dues_base_not_negative",
    ),
    refuse(
        "dues_bases",
        "farmer amount out of range",
        "农民党员月交纳额（元）",
        {"党费类别": "farmer", "月计算基数（元）": None, "农民党员月交纳额（元）": Decimal("5.00")},
        "constraint:dues_base_farmer_amount",
    ),
    refuse(
        "dues_bases",
        "farmer amount for the employed",
        "农民党员月交纳额（元）",
        {"农民党员月交纳额（元）": Decimal("0.50")},
        "constraint:dues_base_farmer_amount",
    ),
    refuse("dues_bases", "employed without a base", "月计算基数（元）", {"月计算基数（元）": None}),
    unknown("dues_bases", "公民身份号码", Member, "member"),
    outside("dues_bases", "公民身份号码", Member, "member"),
    # contacts ----------------------------------------------------------------------------
    refuse(
        "contacts",
        "twice",
        "公民身份号码",
        {},
        "constraint:mobility_contact_one_per_day",
        twice=True,
        field="contacted_on",
    ),
    refuse(
        "contacts",
        "blank number",
        "公民身份号码",
        {"公民身份号码": None},
        "required:member",
        "column:公民身份号码",
    ),
    refuse(
        "contacts",
        "blank date",
        "联系日期",
        {"联系日期": None},
        "required:contacted_on",
        "column:联系日期",
    ),
    refuse(
        "contacts",
        "contacted tomorrow",
        "联系日期",
        lambda g: {"联系日期": tomorrow()},
        "future:contacted_on",
    ),
    refuse("contacts", "bad method", "联系方式", {"联系方式": "短信"}, "choices:method"),
    unknown("contacts", "公民身份号码", Member, "member"),
    outside("contacts", "公民身份号码", Member, "member"),
    accept(
        "contacts",
        "optional columns blank",
        {"联系方式": OMIT, "联系人": OMIT, "情况说明": OMIT},
        "default:method",
        "default:contact_name",
        "default:note",
        disagreement=(
            "a blank 联系方式 is stored as 其他 by the ledger and as 电话 (the model's default) "
            "by the service, a blank 联系人 as '' by the ledger and as the writer's name by "
            "the service"
        ),
    ),
]

# --- meetings (the service counts the sign-in sheet; the ledger takes the counts typed)
COUNTED = "meeting_record counts the sign-in sheet: 应到, 实到 and 请假 are never typed"
CASES += [
    refuse(
        "meetings",
        "blank organization",
        "党组织编码",
        {"党组织编码": None},
        "required:organization",
        "column:党组织编码",
        unreachable=(
            "meeting_record takes the organization as a required argument, which the form "
            "and the API require"
        ),
    ),
    refuse(
        "meetings",
        "blank kind",
        "会议类型",
        {"会议类型": None},
        "required:kind",
        "column:会议类型",
    ),
    refuse("meetings", "bad kind", "会议类型", {"会议类型": "座谈会"}, "choices:kind"),
    refuse(
        "meetings",
        "blank date",
        "召开日期",
        {"召开日期": None},
        "required:held_on",
        "column:召开日期",
    ),
    refuse("meetings", "held tomorrow", "召开日期", lambda g: {"召开日期": tomorrow()}),
    refuse("meetings", "blank topic", "主题", {"主题": None}, "required:topic", "column:主题"),
    refuse(
        "meetings",
        "blank expected",
        "应到人数",
        {"应到人数": None},
        "column:应到人数",
        unreachable=COUNTED,
    ),
    refuse(
        "meetings",
        "blank present",
        "实到人数",
        {"实到人数": None},
        "column:实到人数",
        unreachable=COUNTED,
    ),
    refuse(
        "meetings",
        "more present than expected",
        "实到人数",
        {"实到人数": 2},
        "constraint:life_meeting_present_le_expected",
        unreachable=COUNTED,
    ),
    refuse(
        "meetings",
        "more excused than absent",
        "请假人数",
        {"请假人数": 2},
        unreachable=COUNTED,
    ),
    unknown("meetings", "党组织编码", PartyOrganization, "organization"),
    outside("meetings", "党组织编码", PartyOrganization, "organization"),
    accept(
        "meetings",
        "optional columns blank",
        {
            "地点": OMIT,
            "主持人": OMIT,
            "记录人": OMIT,
            "讲课人": OMIT,
            "学习形式": OMIT,
            "第一议题": OMIT,
            "请假人数": OMIT,
            "内容": OMIT,
        },
        "default:place",
        "default:host",
        "default:recorder",
        "default:lecturer",
        "default:study_form",
        "default:first_topic",
        "default:excused_count",
        "default:content",
    ),
]

# What no case can reach, with the reason (kind, obligation) → why.
TREE_INTERNALS = "the tree places the node (treebeard): neither path takes it from the writer"
EXEMPT = {
    ("regions", "unique:region.path"): TREE_INTERNALS,
    ("regions", "required:path"): TREE_INTERNALS,
    ("regions", "required:depth"): TREE_INTERNALS,
    ("organizations", "unique:partyorganization.path"): TREE_INTERNALS,
    ("organizations", "required:path"): TREE_INTERNALS,
    ("organizations", "required:depth"): TREE_INTERNALS,
    ("enterprises", "constraint:enterprise_output_not_negative"): "年产值 is not a ledger column",
    ("enterprises", "relation:tags"): "enterprise tags are kept on the page, not in the ledger",
    ("organizations", "constraint:org_star_level_range"): "星级 is not a ledger column",
    ("organizations", "choices:star_category"): "星级类别 is not a ledger column",
    ("organizations", "relation:secretary"): "书记 is chosen on the organization's page",
    ("members", "unique:member.public_id"): "a random uuid4 both paths generate, never typed",
    (
        "instructors",
        "unique:instructor.public_id",
    ): "a random uuid4 both paths generate, never typed",
    ("instructors", "unique:instructor.user"): "the login is linked by the security admin",
    ("instructors", "relation:user"): "the login is linked by the security admin",
    ("instructors", "relation:region"): (
        "the ledger files the instructor under the importer's own region (home_region); "
        "compared on the base record"
    ),
    (
        "dues_bases",
        "relation:set_by",
    ): "the writing user on both paths; compared on the base record",
    (
        "contacts",
        "relation:contacted_by",
    ): "the writing user on both paths; compared on the base record",
    ("meetings", "choices:status"): "状态 is not a ledger column: the ledger loads held meetings",
    ("meetings", "constraint:life_meeting_cancel_reason"): "状态, 取消原因 are not ledger columns",
    ("meetings", "relation:guide"): "提示单 is linked on the meeting's page, not imported",
    ("meetings", "relation:station"): "活动阵地 is chosen on the meeting's page, export only",
    ("meetings", "relation:created_by"): (
        "the writing user on both paths; compared on the base record"
    ),
}


# --- what must have a case -------------------------------------------------------------------


def written_models(kind) -> list[type[models.Model]]:
    """The kind's model and the link tables of the many-to-many references it writes."""
    written = {ref.writes for ref in kind.references}
    return [kind.model] + [
        field.remote_field.through
        for field in kind.model._meta.many_to_many
        if field.name in written
    ]


def obligations(kind) -> set[str]:
    found = set()
    for model in written_models(kind):
        found |= _uniqueness(model)
    model = kind.model
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        if not field.null and not field.blank and not field.has_default():
            found.add(f"required:{field.name}")
        if field.choices:
            found.add(f"choices:{field.name}")
    found |= {f"future:{name}" for name in getattr(model, "dates_not_in_future", ())}
    found |= {f"column:{column.header}" for column in kind.columns if column.required}
    found |= {f"relation:{field.name}" for field in _relations(model)}
    for ref in kind.references:
        found |= {f"reference:{ref.header}:unknown", f"reference:{ref.header}:outside"}
    found |= {f"default:{name}" for name in kind.defaults}
    return found


def _uniqueness(model) -> set[str]:
    name = model._meta.model_name
    found = {f"constraint:{constraint.name}" for constraint in model._meta.constraints}
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            found.add(f"unique:{name}.{field.name}")
    for fields in model._meta.unique_together:
        found.add(f"unique:{name}.{'+'.join(fields)}")
    return found


def _relations(model) -> list:
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and (field.concrete or field.many_to_many)
    ]


def covered(kind) -> set[str]:
    """Obligations met: a case covers it, or a Reference writes the relation (its own cases)."""
    cases = {item for case in CASES if case.kind == kind.name for item in case.covers}
    return cases | {f"relation:{ref.writes}" for ref in kind.references}
