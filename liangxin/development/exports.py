"""xlsx exports of the case list and of the violations list (masked personal data only)."""

from django.db.models import Exists, OuterRef

from liangxin.core.downloads import report_title
from liangxin.core.scoping import scoped
from liangxin.core.spreadsheets import write_xlsx
from liangxin.enterprises.models import Enterprise
from liangxin.members.privacy import birth_year_text, sees_birth_date

CASE_COLUMNS = [
    ("姓名", lambda c: c.name),
    ("性别", lambda c: c.get_gender_display()),
    ("出生日期", lambda c: c.birth_date),
    ("公民身份号码", lambda c: c.id_number_masked),
    ("所在党组织编码", lambda c: c.organization.code),
    ("所在党组织", lambda c: c.organization.name),
    # An applicant in scope may work for an enterprise outside it: left blank, as on the lists.
    ("工作单位", lambda c: c.employer.name if c.employer and c.employer_visible else ""),
    ("岗位层级", lambda c: c.get_post_level_display()),
    ("状态", lambda c: c.get_status_display()),
    ("当前阶段", lambda c: c.get_stage_display()),
    ("当前步骤", lambda c: f"{c.step}. {c.get_step_display()}"),
    ("递交申请日期", lambda c: c.applied_on),
    ("谈话日期", lambda c: c.talked_on),
    ("确定积极分子日期", lambda c: c.activist_on),
    ("确定发展对象日期", lambda c: c.target_on),
    ("支部大会通过日期", lambda c: c.branch_meeting_on),
    ("上级党委审批日期", lambda c: c.approved_on),
    ("入党宣誓日期", lambda c: c.oath_on),
    ("预备期满日期", lambda c: c.probation_ends_on),
    ("转正审批日期", lambda c: c.full_approved_on),
]

VIOLATION_HEADERS = ["姓名", "所在党组织编码", "所在党组织", "当前阶段", "规则", "问题", "依据"]


def case_columns(user) -> list:
    """The birth date is digits 7–14 of the masked ID number: a role without the unmask
    right gets the year only (members.privacy), as on the pages and in the API."""
    if sees_birth_date(user):
        return CASE_COLUMNS
    year = ("出生日期", lambda c: birth_year_text(c.birth_date))
    return [year if header == "出生日期" else (header, read) for header, read in CASE_COLUMNS]


def write_cases(stream, queryset, *, user) -> int:
    columns = case_columns(user)
    employers = scoped(Enterprise.objects.filter(pk=OuterRef("employer_id")), user)
    queryset = queryset.annotate(employer_visible=Exists(employers))
    headers = [header for header, _ in columns]
    rows = (
        [read(case) for _, read in columns] for case in queryset.iterator(chunk_size=2000)
    )  # dates stay dates: date cells in the workbook
    return write_xlsx(
        stream, headers, rows, sheet="发展党员", title=report_title("发展党员", user=user)
    )


def write_violations(stream, rows, *, user) -> int:
    """One line per broken rule, so the sheet filters by rule."""
    lines = (
        [
            case.name,
            case.organization.code,
            case.organization.name,
            case.get_stage_display(),
            violation.key,
            violation.message,
            violation.source,
        ]
        for case, found in rows
        for violation in found
    )
    title = report_title("发展党员违规清单", user=user)
    return write_xlsx(stream, VIOLATION_HEADERS, lines, sheet="违规清单", title=title)
