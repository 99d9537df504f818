"""The indicators a board may rank by (WORK.md §3 **Board**: average level, coverage
rates, org-life compliance; requests and district tasks come when their apps do).

Each is defined once here: its label, its unit, the value that earns full marks by
default and the default source text a district admin starts from. ``level`` says how a
subject's value is formed: ``organization`` — one value per organization, averaged over
the subject's organizations; ``subject`` — one rate over the subject's units (coverage
counts enterprises, not organizations, so it has no per-organization value).
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

ORGANIZATION, SUBJECT = "organization", "subject"


@dataclass(frozen=True)
class IndicatorDef:
    key: str
    label: str
    unit: str
    level: str
    default_full: Decimal
    default_source: str
    url_name: str  # the page of the records behind a value

    def records_url(self, *, region_code: str = "", organization_code: str = "") -> str:
        if organization_code and self.key.startswith("standards."):
            return reverse("standards:checklist", args=[organization_code])
        if organization_code:
            return reverse("organizations:detail", args=[organization_code])
        query = f"?{urlencode({'region': region_code})}" if region_code else ""
        return reverse(self.url_name) + query


CATALOGUE = {
    d.key: d
    for d in (
        IndicatorDef(
            "life.compliance",
            "组织生活落实率",
            "%",
            ORGANIZATION,
            Decimal(100),
            "《中国共产党支部工作条例（试行）》第11–19条；各组织本年度已结束各期应开会议的落实比例，取平均",
            "life:compliance",
        ),
        IndicatorDef(
            "standards.checklist",
            "标准化清单达标率",
            "%",
            ORGANIZATION,
            Decimal(100),
            "WORK.md §2 标准化规范化：本年度清单经镇/园区认定达标的组织所占比例",
            "standards:regions",
        ),
        IndicatorDef(
            "standards.rectifications",
            "整改按期销号率",
            "%",
            ORGANIZATION,
            Decimal(100),
            "WORK.md §2 督查整改：没有逾期未销号整改事项的组织所占比例",
            "standards:rectifications",
        ),
        IndicatorDef(
            "ratings.star_level",
            "平均星级",
            "星",
            ORGANIZATION,
            Decimal(5),
            "WORK.md §3 评星定级：各组织星级的平均值（未评星计 0）；六星评价地区把满分对应值改为 6",
            "organizations:list",
        ),
        IndicatorDef(
            "coverage.org_coverage",
            "组织覆盖率",
            "%",
            SUBJECT,
            Decimal(100),
            "DOMAIN.md §3 两个覆盖：在营企业中有党组织覆盖的比例（按企业计，不按组织平均）",
            "coverage:dashboard",
        ),
    )
}

CHOICES = [(key, d.label) for key, d in CATALOGUE.items()]


def label(key: str) -> str:
    found = CATALOGUE.get(key)
    return found.label if found else key
