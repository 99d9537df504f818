"""Every number of the annual report, read from the finished apps' selectors (WORK.md §7
"Annual work report [I]": each number carries its base, as-of date and its query).

Sections follow the source articles' order: 两个覆盖, organizations, members developed and
the four priorities, stars, services, training, co-building, funding. Each figure is
``{"label", "value", "unit", "base", "as_of", "query"}``: plain JSON (Decimals as strings),
frozen in the report when it is finalized.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from liangxin.cobuilding import selectors as cobuilding
from liangxin.core.numbers import rate
from liangxin.core.scoping import scoped
from liangxin.coverage import selectors as coverage
from liangxin.coverage.definitions import INDICATOR_LABELS
from liangxin.coverage.models import CoverageSnapshot
from liangxin.development import selectors as development
from liangxin.enterprises.models import UnitCategory
from liangxin.funding import selectors as funding
from liangxin.governance import selectors as governance
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import selectors as ratings
from liangxin.regions.models import Region
from liangxin.requests import selectors as requests
from liangxin.workforce import figures as workforce

# (key, title) in the articles' order; the drafting and the template follow it.
SECTIONS = [
    ("coverage", "两个覆盖"),
    ("organizations", "组织体系"),
    ("members", "党员发展"),
    ("stars", "星级评定"),
    ("services", "服务群众"),
    ("training", "队伍建设与培训"),
    ("cobuilding", "联建共建"),
    ("funding", "经费保障"),
]
COVERAGE_KEYS = ("org_coverage", "work_coverage", "above_scale_org_coverage", "should_build")
COVERAGE_CATEGORIES = ((UnitCategory.ENTERPRISE, "企业"), (UnitCategory.SOCIAL, "社会组织"))


def as_of_date(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day the figures are counted on: the year's last day, or today within it."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def _percent(value) -> str | None:
    return None if value is None else f"{Decimal(str(value)):.1f}"


@dataclass
class Collector:
    as_of: str
    figures: dict

    def add(self, key, label, value, *, unit="", base="", query="", section=""):
        self.figures[key] = {
            "section": section,
            "label": label,
            "value": _plain(value),
            "unit": unit,
            "base": base,
            "as_of": self.as_of,
            "query": query,
        }


def _start_snapshot(region: Region, category: str, year: int):
    """The coverage at the start of the year: the latest monthly snapshot before 1 January
    (coverage's own snapshots); None when none was kept."""
    return (
        CoverageSnapshot.objects.filter(
            region=region, category=category, month__lt=datetime.date(year, 1, 1)
        )
        .order_by("-month")
        .first()
    )


def _closing_snapshot(region: Region, category: str, year: int, on: datetime.date):
    """A finished year's December snapshot: the members and instructors of that day (the
    live count knows only today's)."""
    if on >= timezone.localdate():
        return None
    return CoverageSnapshot.objects.filter(
        region=region, category=category, month=datetime.date(year, 12, 1)
    ).first()


def _coverage(add, region: Region, year: int, on: datetime.date) -> None:
    for category, name in COVERAGE_CATEGORIES:
        counts, source = coverage.coverage_counts(region=region, category=category, on=on), ""
        closing = _closing_snapshot(region, category, year, on)
        if closing is not None:  # a past year: its December snapshot, counted at the time
            counts = {key: tuple(closing.figures.get(key, (0, 0))) for key in COVERAGE_KEYS}
            source = f"（{closing.month:%Y年%m月}快照）"
        start = _start_snapshot(region, category, year)
        for key in COVERAGE_KEYS:
            num, den = counts[key]
            label = f"{name}{INDICATOR_LABELS[key]}"
            add(
                f"coverage.{category}.{key}",
                label,
                _percent(rate(num, den)),
                unit="%",
                base=f"{num}/{den}{source}",
                query=f"coverage：{region.name}辖区在营{name}，{INDICATOR_LABELS[key]}的分子/分母",
                section="coverage",
            )
            change = None
            base = "无年初快照"
            if start is not None:
                before = tuple(start.figures.get(key, (0, 0)))
                now_rate, before_rate = rate(num, den), rate(*before)
                if now_rate is not None and before_rate is not None:
                    change = _percent(Decimal(str(now_rate)) - Decimal(str(before_rate)))
                base = f"年初 {before[0]}/{before[1]}（{start.month:%Y年%m月}快照）"
            add(
                f"coverage.{category}.{key}.change",
                f"{label}比年初变化",
                change,
                unit="个百分点",
                base=base,
                query="coverage 月度快照：本年1月1日前最近一期",
                section="coverage",
            )


def _organizations(add, user, region: Region, year: int, on: datetime.date) -> None:
    orgs = scoped(PartyOrganization.objects.covering(on), user).filter(
        region__path__startswith=region.path
    )
    add(
        "organizations.total",
        "党组织总数",
        orgs.count(),
        unit="个",
        base=f"{region.name}辖区",
        query="organizations：截至统计日存续的支部及以上党组织",
        section="organizations",
    )
    add(
        "organizations.new",
        "本年新建党组织",
        orgs.filter(established_on__year=year).count(),
        unit="个",
        base=f"成立日期在{year}年",
        query="organizations：成立日期在本年的存续党组织",
        section="organizations",
    )


def _workforce_shares(add, region: Region, on: datetime.date) -> None:
    """出资人兼任书记 and the members among the managers (coverage's member indicators)."""
    shares = coverage.member_indicators(region=region, on=on)
    for key, label, base in (
        ("investor_secretary_share", "出资人兼任书记的企业党组织占比", "企业自有党组织"),
        ("management_backbone_share", "在岗党员中经营管理骨干占比", "在营企业在岗党员"),
    ):
        share = shares[key]
        add(
            f"organizations.{key}",
            label,
            _percent(share["rate"]),
            unit="%",
            base=f"{share['numerator']}/{share['denominator']}（{base}）",
            query="coverage.member_indicators",
            section="organizations",
        )


def _governance(add, user, region: Region, on: datetime.date) -> None:
    """党建入章, members in management, 双向进入 and 交叉任职 (governance: the committees)."""
    total = governance.figures_by_region(user, region, on)["total"]
    for key, label, part, whole in (
        ("charter", "党建入章企业", "charter", "enterprises"),
        ("management_share", "企业党组织党员在管理层占比", "members_in_management", "members"),
        ("two_way_share", "班子成员双向进入占比", "two_way", "committee"),
        ("cross_share", "书记交叉任职的党组织占比", "cross", "secretaries"),
    ):
        share = key.endswith("_share")
        add(
            f"organizations.{key}",
            label,
            _percent(total[key]) if share else total[part],
            unit="%" if share else "家",
            base=f"{total[part]}/{total[whole]}" if share else f"{total[whole]}家企业中",
            query="governance.figures_by_region（班子成员按统计日在任）",
            section="organizations",
        )


def _members(add, user, region: Region, year: int) -> None:
    result = development.four_priorities(user=user, year=year, region=region)
    add(
        "members.new",
        "本年发展党员",
        result["total"],
        unit="名",
        base=f"入党日期在{year}年",
        query="development.new_members：入党日期在本年、组织在本辖区的党员",
        section="members",
    )
    for key, item in result["indicators"].items():
        add(
            f"members.priority.{key}",
            f"新党员中{item['label']}",
            item["numerator"],
            unit="名",
            base=f"{item['numerator']}/{item['denominator']}，占 {_percent(item['rate']) or '—'}%",
            query="development.four_priorities：本年新党员按岗位层级",
            section="members",
        )


def _stars(add, user, region: Region) -> dict:
    rows = ratings.star_distribution(
        scoped(PartyOrganization.objects.all(), user), region, by_children=False
    )
    total = ratings.total_of(rows, region)
    add(
        "stars.rated",
        "评定星级的党组织",
        total.rated,
        unit="个",
        base=f"{total.rated}/{total.total}，占 {total.share_at_or_above(1)}%",
        query="ratings.star_distribution：党组织当前星级",
        section="stars",
    )
    labels = ratings.level_labels()
    for level in sorted(total.levels):
        add(
            f"stars.level_{level}",
            f"{labels[level]}级党组织",
            total.levels[level],
            unit="个",
            base=f"占党组织总数 {total.share_at(level)}%",
            query="ratings.star_distribution",
            section="stars",
        )
    return {level: total.levels.get(level, 0) for level in ratings.LEVELS}


def _services(add, user, region: Region, year: int) -> None:
    total = requests.statistics(user=user, year=year, dimension="region", region=region).total
    query = f"requests.statistics：{year}年受理的服务诉求"
    add("services.received", "收到诉求", total["received"], unit="件", query=query,
        base=f"{year}年受理", section="services")  # fmt: skip
    add("services.closed", "办结诉求", total["closed"], unit="件", query=query,
        base=f"{total['closed']}/{total['received']}", section="services")  # fmt: skip
    add("services.on_time_rate", "按时办结率", _percent(total["on_time_rate"]), unit="%",
        base=f"{total['on_time']}/{total['closed']}", query=query, section="services")  # fmt: skip
    add("services.satisfaction_rate", "满意率", _percent(total["satisfaction_rate"]), unit="%",
        base=f"{total['satisfied'] + total['basically']}/{total['rated']}", query=query,
        section="services")  # fmt: skip


def _training(add, user, region: Region, year: int) -> None:
    values = workforce.figures(user=user, region=region, year=year).total.values
    query = "workforce.figures：党务工作者、指导员与培训年度统计"
    instructors = sum(v for k, v in values.items() if k.startswith("instructors_"))
    certified = sum(v for k, v in values.items() if k.startswith("certified_"))
    add("training.instructors", "党建指导员", instructors, unit="名", query=query,
        base="截至统计日在岗", section="training")  # fmt: skip
    add("training.workers", "在岗党务工作者", values["workers"], unit="名", query=query,
        base=f"{year}年内在岗", section="training")  # fmt: skip
    add("training.workers_trained", "年内参训党务工作者", values["workers_trained"], unit="名",
        base=f"{values['workers_trained']}/{values['workers']}", query=query,
        section="training")  # fmt: skip
    add("training.person_times", "参训人次", values["person_times"], unit="人次", query=query,
        base=f"{year}年开班的培训", section="training")  # fmt: skip
    add("training.certified", "取得职业化认证", certified, unit="名", query=query,
        base="截至统计日有效认证", section="training")  # fmt: skip


def _cobuilding(add, user, region: Region, year: int) -> None:
    total = cobuilding.rollup(user=user, region=region, year=year).total
    query = "cobuilding.rollup：联建成效年度汇总"
    for key, label in (*cobuilding.BODY_COLUMNS[:4], *cobuilding.WORKSHOP_COLUMNS[:3]):
        name, _, unit = label.partition("（")
        add(f"cobuilding.{key}", name, total.get(key, 0), unit=unit.rstrip("）"),
            base=f"{year}年", query=query, section="cobuilding")  # fmt: skip
    for key in ("output", "collective_income"):
        label = dict(cobuilding.WORKSHOP_COLUMNS)[key]
        add(f"cobuilding.{key}", label.partition("（")[0], total.get(key, 0), unit="元",
            base=f"{year}年各工坊最后一期", query=query, section="cobuilding")  # fmt: skip


def _funding(add, user, region: Region, year: int) -> dict:
    total = funding.summary(user=user, year=year, region=region).total
    query = f"funding.summary：{year}年度经费拨付"
    for key, label in (("allocated", "下拨经费"), ("paid", "已拨付"), ("spent", "已使用")):
        add(f"funding.{key}", label, total[key], unit="元", base=f"{total['count']}笔拨付",
            query=query, section="funding")  # fmt: skip
    return total


def collect(*, user, region: Region, year: int, progress=None) -> dict:
    """All the figures for ``region``'s subtree in ``year``, as the user may see them.
    ``progress(done, total, stage)`` is told after each section."""
    on = as_of_date(year)
    collector = Collector(as_of=on.isoformat(), figures={})
    add = collector.add
    steps = [
        ("coverage", lambda: _coverage(add, region, year, on)),
        (
            "organizations",
            lambda: (
                _organizations(add, user, region, year, on),
                _workforce_shares(add, region, on),
                _governance(add, user, region, on),
            ),
        ),
        ("members", lambda: _members(add, user, region, year)),
        ("stars", lambda: _stars(add, user, region)),
        ("services", lambda: _services(add, user, region, year)),
        ("training", lambda: _training(add, user, region, year)),
        ("cobuilding", lambda: _cobuilding(add, user, region, year)),
        ("funding", lambda: _funding(add, user, region, year)),
    ]
    titles = dict(SECTIONS)
    for done, (key, step) in enumerate(steps, start=1):
        step()
        if progress:
            progress(done, len(steps), titles[key])
    return collector.figures


def value_text(figure: dict | None) -> str:
    """A figure as the report prints it: "12", "85.0%", "—" when it has no value."""
    if not figure or figure.get("value") is None:
        return "—"
    return f"{figure['value']}{figure.get('unit', '')}"
