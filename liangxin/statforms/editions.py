"""党内统计 forms as data (WORK.md §7): each edition numbers its forms; a form is known by
its TITLE ("forms renumbered each edition: map by title" [N] 年报说明).

A row is a unit filter and a measure; a column is a unit filter. Filters are plain
lookups on the unit's facts (engine.unit_facts), so the engine evaluates them on every
unit's facts for the cells and the drill-down filters the same units by them. Only plain
lookups (exact, in, gt/gte/lt/lte, isnull) combined with &, | and ~: the engine's Python
pass evaluates them as SQL would and refuses any other.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from liangxin.enterprises.models import ControlType, SocialSubtype, UnitCategory

# Measures (engine.MEASURES): what a cell counts over the units its row and column select.
UNITS = "units"  # 单位数
JOINT_ORGS = "joint_orgs"  # 联合党支部数: distinct joint organizations covering the units
INSTRUCTORS = "instructors"  # 指导员数: distinct instructors linked to the units
UNTRANSFERRED_ORGS = "untransferred_orgs"  # organizations formed by untransferred members
STAFF = "staff"  # 在岗职工: Σ staff on post (从业人员 where 在岗职工 is not reported)
EMPLOYEES = "employees"  # 从业人员: Σ employee_count
MEMBERS = "members"  # 党员 by employer (the unit's staff, 流入 included)
INFLOW = "inflow"  # 未转入组织关系的 (流入)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    where: Q = field(default_factory=Q)
    measure: str = UNITS
    level: int = 0  # indentation of a "其中" row


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    where: Q = field(default_factory=Q)
    group: str = ""  # the merged header above the column


@dataclass(frozen=True)
class Form:
    title: str
    categories: tuple[str, ...]
    rows: tuple[Row, ...]
    cols: tuple[Col, ...]
    unit: str = "个、人"
    base_note: str = ""

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def col(self, key: str) -> Col:
        return next(c for c in self.cols if c.key == key)


OWN = Q(own_rank__gt=0)
JOINT = Q(is_covered=True, own_rank=0)
NOT_BUILT = Q(is_covered=False)
INSTRUCTED = Q(has_instructor=True)

BASE_NOTE = (
    "统计口径：单位为截至统计日已成立、状态为在营的法人单位；党员按工作单位（从业人员中的党员，"
    "含流入党员）计，其中未转入组织关系的（流入）另列；党内统计按组织关系所在地计党员，差异见说明。"
)


def _common_rows(extra_own=(), extra_none=()) -> tuple[Row, ...]:
    return (
        Row("units", "单位数"),
        Row("units_instructed", "其中：指导员联系的", INSTRUCTED, level=1),
        Row("own", "已单独建立党组织的", OWN),
        Row("own_committee", "党委", Q(own_rank=3), level=1),
        Row("own_general", "总支部", Q(own_rank=2), level=1),
        Row("own_branch", "支部", Q(own_rank=1), level=1),
        *extra_own,
        Row("joint", "已建立联合党支部的", JOINT),
        Row("joint_3plus", "其中：3名以上党员的", JOINT & Q(members_all__gte=3), level=1),
        Row("joint_orgs", "联合党支部数", JOINT, JOINT_ORGS, level=1),
        Row("none", "未建立党组织的", NOT_BUILT),
        # WORK.md §7: 应建尚未建立 = ≥ 3 employed full members; 仅有个别党员 = 1–2 [I]
        Row("none_should", "应建尚未建立", NOT_BUILT & Q(members_full__gte=3), level=1),
        Row(
            "none_few",
            "仅有个别党员",
            NOT_BUILT & Q(members_full__lt=3, members_all__gte=1),
            level=1,
        ),
        Row("none_zero", "没有党员", NOT_BUILT & Q(members_all=0), level=1),
        *extra_none,
    )


T27_CONTROL = (
    (
        "private_controlled",
        "私有经济控制",
        (ControlType.PRIVATE_CONTROLLED, ControlType.PRIVATE_SOLE),
    ),
    ("private_sole", "其中：私营独资", (ControlType.PRIVATE_SOLE,)),
    (
        "hmt_invested",
        "港澳台商投资",
        (ControlType.HMT_INVESTED, ControlType.HMT_CONTROLLED, ControlType.HMT_SOLE),
    ),
    (
        "foreign_invested",
        "外商投资",
        (ControlType.FOREIGN_INVESTED, ControlType.FOREIGN_CONTROLLED, ControlType.FOREIGN_SOLE),
    ),
    ("hmt_controlled", "港澳台商经济控制", (ControlType.HMT_CONTROLLED, ControlType.HMT_SOLE)),
    ("hmt_sole", "其中：港澳台商独资", (ControlType.HMT_SOLE,)),
    (
        "foreign_controlled",
        "外商经济控制",
        (ControlType.FOREIGN_CONTROLLED, ControlType.FOREIGN_SOLE),
    ),
    ("foreign_sole", "其中：外商独资", (ControlType.FOREIGN_SOLE,)),
)

FORM_27 = Form(
    title="非公有经济控制的企业法人单位建立党的基层组织情况",
    categories=(UnitCategory.ENTERPRISE,),
    rows=(
        *_common_rows(),
        Row("sup_instructors", "补充：指导员数", INSTRUCTED, INSTRUCTORS),
        Row("sup_staff_all", "在岗职工（全部单位）", Q(), STAFF),
        Row("sup_staff_org", "在岗职工（已建党组织单位）", Q(is_covered=True), STAFF),
        Row("sup_staff_instr", "在岗职工（未建、有指导员单位）", NOT_BUILT & INSTRUCTED, STAFF),
        Row("sup_members_all", "党员（全部单位）", Q(), MEMBERS),
        Row("sup_members_org", "党员（已建党组织单位）", Q(is_covered=True), MEMBERS),
        Row("sup_members_instr", "党员（未建、有指导员单位）", NOT_BUILT & INSTRUCTED, MEMBERS),
        Row("sup_inflow", "其中：未转入组织关系的", Q(), INFLOW, level=1),
    ),
    cols=(
        Col("total", "总数"),
        Col("emp50", "从业人员50人以上", Q(employee_count__gte=50), "按规模"),
        Col("emp100", "从业人员100人以上", Q(employee_count__gte=100), "按规模"),
        Col("rep_member", "法定代表人是党员的", Q(legal_rep_is_member=True), "法定代表人"),
        Col(
            "rep_secretary",
            "其中：兼任党组织书记的",
            Q(legal_rep_is_member=True, legal_rep_is_secretary=True),
            "法定代表人",
        ),
        *(
            Col(key, label, Q(control_type__in=codes), "按控股情况")
            for key, label, codes in T27_CONTROL
        ),
    ),
    base_note=BASE_NOTE,
)

# 律师事务所: the unit category 律师事务所 counts here whatever its subtype cell says.
LAW_FIRM = Q(social_subtype=SocialSubtype.LAW_FIRM) | Q(
    category=UnitCategory.LAW_FIRM, social_subtype=""
)

FORM_30 = Form(
    title="社会组织法人单位建立党的基层组织情况",
    categories=(UnitCategory.SOCIAL, UnitCategory.LAW_FIRM),
    rows=(
        *_common_rows(
            extra_own=(Row("own_group", "其中：建立党小组的", OWN & Q(has_group=True), level=1),),
            extra_none=(
                Row("none_instructed", "其中：已派指导员的", NOT_BUILT & INSTRUCTED, level=1),
            ),
        ),
        Row("sup_instructors", "补充：指导员数", INSTRUCTED, INSTRUCTORS),
        Row("sup_employees", "从业人员", Q(), EMPLOYEES),
        Row("sup_members", "党员", Q(), MEMBERS),
        Row("sup_inflow", "其中：未转入组织关系的", Q(), INFLOW, level=1),
        Row(
            "sup_untransferred_orgs",
            "由未转入组织关系党员组建的党组织数",
            Q(is_covered=True),
            UNTRANSFERRED_ORGS,
        ),
    ),
    cols=(
        Col("total", "总数"),
        Col("association", "社会团体", Q(social_subtype=SocialSubtype.ASSOCIATION), "按类型"),
        Col("foundation", "基金会", Q(social_subtype=SocialSubtype.FOUNDATION), "按类型"),
        Col(
            "private_non_enterprise",
            "民办非企业单位",
            Q(social_subtype=SocialSubtype.PRIVATE_NON_ENTERPRISE),
            "按类型",
        ),
        Col("law_firm", "律师事务所", LAW_FIRM, "按类型"),
        Col(
            "accounting_firm",
            "会计师事务所",
            Q(social_subtype=SocialSubtype.ACCOUNTING_FIRM),
            "按类型",
        ),
        Col("tax_firm", "税务师事务所", Q(social_subtype=SocialSubtype.TAX_FIRM), "按类型"),
    ),
    base_note=BASE_NOTE,
)

FORMS = {form.title: form for form in (FORM_27, FORM_30)}

# edition → {title: number}. The number is the edition's label, never the identity.
EDITIONS = {
    "2017": {FORM_27.title: "表27", FORM_30.title: "表30"},
}
DEFAULT_EDITION = "2017"


def form_by_title(title: str) -> Form | None:
    return FORMS.get(title)


def number_of(edition: str, title: str) -> str:
    return EDITIONS.get(edition, {}).get(title, "")


def titles_of(edition: str) -> list[str]:
    return list(EDITIONS.get(edition, {}))
