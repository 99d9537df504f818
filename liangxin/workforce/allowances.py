"""The yearly allowance list (津贴) computed from certification, assessment and honours by
the district's rules (AllowanceRule rows, WORK.md §4 Rules and Defaults [I]):

- 认证津贴: the amount of the rule for the worker's highest certificate in force in year Y,
  if the assessment of Y is at least the rule's ``requires_assessment`` (优秀 > 称职 >
  基本称职 > 不称职; no assessment → not eligible [L:晋江 "benefits only if ≥ 称职"]) and,
  when the rule asks, the certificate's 年检 of Y passed.
- 荣誉津贴: the sum of the honour rules' amounts for the honours awarded in Y at or above the
  rule's honour level, capped at the rule's cap [L:张家港 "≤ 5,000 for a city-level+ honour"].

"In force in Y" is read on one day per certificate: the day of its 年检 of Y when it had one
(the check looks at that year's work, and a certificate expiring on the check day is still in
force that day), otherwise 31 December of Y. A revoked certificate never counts; a suspended
one counts as held, and its failed 年检 is given as the reason it earns nothing.

Writes: compute replaces the year's 已核算 rows in the scope and never touches 已审批/已发放
ones (they are named in the report); approve and mark paid move the rows on in bulk."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q

from liangxin.core.scoping import scoped
from liangxin.workforce import selectors_certification as sel
from liangxin.workforce.models_people import (
    Allowance,
    AllowanceKind,
    AllowanceRule,
    AllowanceState,
    AnnualCheck,
    Assessment,
    Certification,
    CertLevel,
    CertState,
    Grade,
    Honour,
    HonourLevel,
    PartyWorker,
)
from liangxin.workforce.services_certification import ensure_district_admin

GRADE_RANK = {Grade.EXCELLENT: 3, Grade.COMPETENT: 2, Grade.BASIC: 1, Grade.INCOMPETENT: 0}
HONOUR_RANK = {
    HonourLevel.NATIONAL: 4,
    HonourLevel.PROVINCE: 3,
    HonourLevel.CITY: 2,
    HonourLevel.COUNTY: 1,
    HonourLevel.TOWN: 0,
}


@dataclass
class Line:
    worker: PartyWorker
    kind: str
    rule: AllowanceRule
    amount: Decimal
    basis: str


@dataclass
class Refusal:
    worker: PartyWorker
    kind: str
    reason: str

    def kind_label(self) -> str:
        return AllowanceKind(self.kind).label


@dataclass
class Result:
    lines: list[Line] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def rules_in_force(year: int) -> list[AllowanceRule]:
    in_force = Q(effective_from__lte=year) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=year)
    )
    return list(AllowanceRule.objects.filter(in_force).order_by("-effective_from", "-id"))


def workers_in(*, user, year: int, region=None):
    """The party workers the user sees, in post at some time in ``year``."""
    workers = scoped(PartyWorker.objects.select_related("region"), user).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1)),
        started_on__lte=datetime.date(year, 12, 31),
    )
    if region is not None:
        workers = workers.filter(region__path__startswith=region.path)
    return workers


def _with_records(workers, year: int):
    certificates = Certification.objects.filter(
        issued_on__isnull=False, state__in=(CertState.ISSUED, CertState.SUSPENDED)
    ).prefetch_related(
        Prefetch(
            "annual_checks",
            queryset=AnnualCheck.objects.filter(year=year),
            to_attr="checks_of_year",
        )
    )
    return workers.prefetch_related(
        Prefetch("certifications", queryset=certificates, to_attr="held"),
        Prefetch(
            "assessments", queryset=Assessment.objects.filter(year=year), to_attr="grades_of_year"
        ),
        Prefetch(
            "honours",
            queryset=Honour.objects.filter(awarded_on__year=year),
            to_attr="honours_of_year",
        ),
    ).order_by("region__path", "name", "id")


def compute(year: int, workers) -> Result:
    """The lines and refusals of ``year`` for ``workers`` (a PartyWorker queryset); no write."""
    rules = rules_in_force(year)
    result = Result()
    for worker in _with_records(workers, year):
        _certification_line(worker, year, rules, result)
        _honour_line(worker, year, rules, result)
    return result


# --- conditions ------------------------------------------------------------------------------


def _assessment_refusal(worker, year: int, required: str) -> str:
    """ "" when the year's assessment meets ``required`` (blank: not asked)."""
    if not required:
        return ""
    grades = [assessment.grade for assessment in worker.grades_of_year]
    if not grades:
        return f"{year}年度无考核结果"
    if GRADE_RANK[grades[0]] < GRADE_RANK[required]:
        return f"{year}年度考核{Grade(grades[0]).label}，低于{Grade(required).label}"
    return ""


def _assessment_words(worker, year: int, required: str) -> str:
    if not required:
        return ""
    return f"{year}年度考核{Grade(worker.grades_of_year[0].grade).label}"


def _day_read(certificate: Certification, year: int) -> datetime.date:
    checks = certificate.checks_of_year
    return checks[0].checked_on if checks else datetime.date(year, 12, 31)


def highest_certificate(worker, year: int) -> Certification | None:
    in_force = [c for c in worker.held if c.issued_on <= _day_read(c, year) <= c.valid_until]
    in_force.sort(key=lambda c: sel.level_rank(c.level), reverse=True)
    return in_force[0] if in_force else None


def _rule_for(rules, kind: str, **match) -> AllowanceRule | None:
    for rule in rules:
        if rule.kind == kind and all(getattr(rule, k) == v for k, v in match.items()):
            return rule
    return None


def _check_refusal(certificate: Certification, year: int, rule: AllowanceRule) -> str:
    checks = certificate.checks_of_year
    if rule.requires_annual_check:
        if not checks:
            return f"{year}年度未年检"
        if not checks[0].passed:
            return f"{year}年度年检不合格"
    if certificate.state == CertState.SUSPENDED:
        return "证书暂停"
    return ""


# --- 认证津贴 ---------------------------------------------------------------------------------


def _certification_line(worker, year: int, rules, result: Result) -> None:
    certificate = highest_certificate(worker, year)
    if certificate is None:
        return
    level = CertLevel(certificate.level).label
    kind = AllowanceKind.CERTIFICATION
    rule = _rule_for(rules, kind, cert_level=certificate.level)
    if rule is None or not rule.amount:
        result.refused.append(Refusal(worker, kind, f"{level}：尚未设定津贴标准"))
        return
    reason = _assessment_refusal(worker, year, rule.requires_assessment) or _check_refusal(
        certificate, year, rule
    )
    if reason:
        result.refused.append(Refusal(worker, kind, f"{level}；{reason}"))
        return
    parts = [level, _assessment_words(worker, year, rule.requires_assessment)]
    if rule.requires_annual_check:
        parts.append("年检合格")
    basis = "；".join(part for part in parts if part)
    result.lines.append(Line(worker, kind, rule, rule.amount, basis))


# --- 荣誉津贴 ---------------------------------------------------------------------------------


def _honour_rule(rules, honour: Honour) -> AllowanceRule | None:
    """The best-paid honour rule whose lowest level the honour reaches."""
    reached = [
        rule
        for rule in rules
        if rule.kind == AllowanceKind.HONOUR
        and (not rule.honour_level or HONOUR_RANK[honour.level] >= HONOUR_RANK[rule.honour_level])
    ]
    return max(reached, key=lambda rule: rule.amount, default=None)


def _honour_condition(worker, year: int, rule: AllowanceRule) -> str:
    reason = _assessment_refusal(worker, year, rule.requires_assessment)
    if reason or not rule.requires_annual_check:
        return reason
    passed = any(check.passed for c in worker.held for check in c.checks_of_year)
    return "" if passed else f"{year}年度无年检合格的证书"


def _honour_line(worker, year: int, rules, result: Result) -> None:
    kind = AllowanceKind.HONOUR
    paid = []
    for honour in worker.honours_of_year:
        rule = _honour_rule(rules, honour)
        label = f"{HonourLevel(honour.level).label}荣誉“{honour.title}”"
        if rule is None:
            result.refused.append(Refusal(worker, kind, f"{label}未达到荣誉津贴的级别"))
        else:
            paid.append((honour, rule, label))
    if not paid:
        return
    rule = paid[0][1]
    reason = _honour_condition(worker, year, rule)
    if reason:
        result.refused.append(Refusal(worker, kind, reason))
        return
    total = sum((r.amount for _h, r, _l in paid), Decimal(0))
    caps = [r.cap for _h, r, _l in paid if r.cap is not None]
    parts = [f"{label}{r.amount:.0f}元" for _h, r, label in paid]
    if caps and total > min(caps):
        total = min(caps)
        parts.append(f"封顶{total:.0f}元")
    parts.append(_assessment_words(worker, year, rule.requires_assessment))
    basis = "；".join(part for part in parts if part)
    result.lines.append(Line(worker, kind, rule, total, basis[:300]))


# --- writes -----------------------------------------------------------------------------------


@dataclass
class ComputeReport:
    written: int
    kept: list[Allowance]
    refused: list[Refusal]


@transaction.atomic
def allowances_compute(*, actor, year: int, region=None) -> ComputeReport:
    """Write the year's list for the actor's scope (or ``region`` in it) as 已核算 rows."""
    ensure_district_admin(actor)
    workers = workers_in(user=actor, year=year, region=region)
    result = compute(year, workers)
    existing = Allowance.objects.select_for_update().filter(worker__in=workers, year=year)
    kept = list(existing.exclude(state=AllowanceState.COMPUTED).select_related("worker"))
    held = {(row.worker_id, row.kind) for row in kept}
    existing.filter(state=AllowanceState.COMPUTED).delete()
    rows = [
        Allowance(
            worker=line.worker,
            year=year,
            kind=line.kind,
            rule=line.rule,
            basis=line.basis,
            amount=line.amount,
        )
        for line in result.lines
        if (line.worker.pk, line.kind) not in held
    ]
    for row in rows:
        row.full_clean(validate_unique=False)
    Allowance.objects.bulk_create(rows)
    return ComputeReport(len(rows), kept, result.refused)


def _move(actor, year: int, region, source: str, target: str, empty: str) -> int:
    ensure_district_admin(actor)
    workers = workers_in(user=actor, year=year, region=region)
    rows = Allowance.objects.filter(worker__in=workers, year=year, state=source)
    moved = rows.update(state=target)
    if not moved:
        raise ValidationError(empty)
    return moved


@transaction.atomic
def allowances_approve(*, actor, year: int, region=None) -> int:
    return _move(actor, year, region, AllowanceState.COMPUTED, AllowanceState.APPROVED,
                 "没有待审批（已核算）的津贴")  # fmt: skip


@transaction.atomic
def allowances_mark_paid(*, actor, year: int, region=None) -> int:
    return _move(actor, year, region, AllowanceState.APPROVED, AllowanceState.PAID,
                 "没有已审批待发放的津贴")  # fmt: skip


RULE_FIELDS = (
    "kind", "cert_level", "honour_level", "amount", "cap", "requires_assessment",
    "requires_annual_check", "effective_from", "effective_to", "source",
)  # fmt: skip


def _rule_in_use(rule: AllowanceRule) -> bool:
    return Allowance.objects.filter(rule=rule).exclude(state=AllowanceState.COMPUTED).exists()


@transaction.atomic
def allowance_rule_save(*, actor, rule: AllowanceRule | None, data: dict) -> AllowanceRule:
    """A district admin adds or edits a rule; a rule already behind approved or paid
    allowances is kept as it was (add a new one from a later year instead)."""
    ensure_district_admin(actor)
    if rule is not None and _rule_in_use(rule):
        raise ValidationError(
            "该规则已用于已审批或已发放的津贴，不能修改；请新增一条规则并设置起始年度"
        )
    rule = rule or AllowanceRule()
    for name in RULE_FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    if rule.kind == AllowanceKind.CERTIFICATION and not rule.cert_level:
        raise ValidationError({"cert_level": ["认证津贴须选择认证等级"]})
    if rule.kind == AllowanceKind.HONOUR and not rule.honour_level:
        raise ValidationError({"honour_level": ["荣誉津贴须选择最低荣誉级别"]})
    if not (rule.source or "").strip():
        raise ValidationError({"source": ["请填写依据（文件或做法出处）"]})
    rule.full_clean()
    rule.save()
    return rule
