"""Writes of 责任落实 (keyword-only, atomic, validated, in scope; the audit log keeps the
history). An illegal write is refused with a Chinese message and nothing is saved.

A 述职's total and grade are computed here from the rules in force (duties.rules) and
stored with the report; a 晾晒会's ranking is computed once, when it is frozen, and copied
into its rows."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from liangxin.core.scoping import in_scope
from liangxin.core.services import ensure_result_in_scope, ensure_target_in_scope, lock
from liangxin.duties import permissions, rules, selectors
from liangxin.duties.models import (
    Commitment,
    DutyReport,
    Grade,
    MemberUnit,
    Showcase,
    ShowcaseRow,
    UnitReview,
    UnitTask,
    UnitTaskProgress,
)
from liangxin.organizations.models import COVERING_KINDS, PartyOrganization
from liangxin.rules.values import rule_value

OUT_OF_SCOPE = "所选记录不存在或不在您的管辖范围内"


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _references_in_scope(actor, data: dict, *names: str) -> None:
    errors = {
        name: OUT_OF_SCOPE
        for name in names
        if isinstance(data.get(name), Model) and not in_scope(data[name], actor)
    }
    if errors:
        raise ValidationError(errors)


def _keep(actor, instance, data: dict, refs: tuple[str, ...] = ()):
    """Create or update ``instance`` from ``data``: the target, the records it names and
    the result must all be in the actor's scope."""
    if instance.pk is not None:
        ensure_target_in_scope(instance, actor)
        instance = lock(instance)
    _references_in_scope(actor, data, *refs)
    for name, value in data.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    instance.full_clean()
    instance.save()
    ensure_result_in_scope(instance, actor)
    return instance


# --- 双承诺双述职 --------------------------------------------------------------------------


def _reporting_organization(data: dict) -> None:
    """Only an organization with a secretary of its own promises and reports (not a 党小组,
    not a 党工委, which is the higher committee) — the same set the not-reported list reads."""
    org = data.get("organization")
    if isinstance(org, PartyOrganization) and org.kind not in COVERING_KINDS:
        raise ValidationError(
            {"organization": f"{org.get_kind_display()}不作双承诺双述职，请选择党委、总支或支部"}
        )


@transaction.atomic
def commitment_save(*, actor, commitment: Commitment | None = None, **data) -> Commitment:
    _require(permissions.can_record(actor), "您的角色不能登记承诺")
    _reporting_organization(data)
    if data.get("secretary") is not None and not data.get("secretary_name"):
        data["secretary_name"] = data["secretary"].name
    return _keep(actor, commitment or Commitment(), data, ("organization", "secretary"))


def weights() -> tuple[int, int, int]:
    return (
        int(rule_value(rules.WEIGHT_DAILY)),
        int(rule_value(rules.WEIGHT_SUPERIOR)),
        int(rule_value(rules.WEIGHT_MEMBERS)),
    )


def total_of(daily, superior, members) -> Decimal | None:
    """Weighted average of the three scores [L: a town, 30:30:40]; None until all three."""
    if daily is None or superior is None or members is None:
        return None
    w = weights()
    total = (Decimal(daily) * w[0] + Decimal(superior) * w[1] + Decimal(members) * w[2]) / sum(w)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade_of(total: Decimal | None) -> str:
    if total is None:
        return ""
    for key, grade in (
        (rules.EXCELLENT_FROM, Grade.EXCELLENT),
        (rules.COMPETENT_FROM, Grade.COMPETENT),
        (rules.BASIC_FROM, Grade.BASIC),
    ):
        if total >= int(rule_value(key)):
            return grade
    return Grade.INCOMPETENT


@transaction.atomic
def report_save(*, actor, report: DutyReport | None = None, **data) -> DutyReport:
    """A 述职 (to the higher committee or to the members and staff); its total and grade
    follow from the three scores by the rules in force today."""
    _require(permissions.can_record(actor), "您的角色不能登记述职")
    _reporting_organization(data)
    report = report or DutyReport()
    if not permissions.can_score(actor) and any(
        name in data and data[name] != getattr(report, name)
        for name in ("daily_score", "superior_score", "member_score")
    ):
        raise ValidationError("述职评分由镇街或区级管理员录入")
    scores = {
        name: data.get(name, getattr(report, name))
        for name in ("daily_score", "superior_score", "member_score")
    }
    try:
        data["total"] = total_of(*scores.values())
    except ArithmeticError as exc:  # a malformed number reaching the service directly
        raise ValidationError("分数格式不正确") from exc
    data["grade"] = grade_of(data["total"])
    return _keep(actor, report, data, ("organization",))


# --- member units -------------------------------------------------------------------------

UNITS_ONLY = "只有区级管理员可以维护成员单位、任务和晾晒会"


@transaction.atomic
def unit_save(*, actor, unit: MemberUnit | None = None, **data) -> MemberUnit:
    _require(permissions.can_keep_units(actor), UNITS_ONLY)
    return _keep(actor, unit or MemberUnit(), data, ("region",))


@transaction.atomic
def task_save(*, actor, task: UnitTask | None = None, **data) -> UnitTask:
    _require(permissions.can_keep_units(actor), UNITS_ONLY)
    return _keep(actor, task or UnitTask(), data, ("unit",))


@transaction.atomic
def progress_record(*, actor, task: UnitTask, quarter: int, **data) -> UnitTaskProgress:
    """A quarter's progress of a task; entered again, the quarter's row is corrected."""
    _require(permissions.can_keep_units(actor), UNITS_ONLY)
    ensure_target_in_scope(task, actor)
    row = UnitTaskProgress.objects.filter(task=task, quarter=quarter).first()
    if row is None:
        row = UnitTaskProgress(task=task, quarter=quarter)
    return _keep(actor, row, data)


@transaction.atomic
def review_save(*, actor, review: UnitReview | None = None, **data) -> UnitReview:
    _require(permissions.can_keep_units(actor), UNITS_ONLY)
    return _keep(actor, review or UnitReview(), data, ("unit",))


@transaction.atomic
def showcase_save(*, actor, showcase: Showcase | None = None, **data) -> Showcase:
    """A 晾晒会; a new one is frozen at once: its ranking is what the meeting saw."""
    _require(permissions.can_keep_units(actor), UNITS_ONLY)
    if showcase is not None and showcase.frozen_at is not None:
        # The date and remarks may be corrected; year and quarter made the ranking.
        for name in ("year", "quarter", "region"):
            if name in data and data[name] != getattr(showcase, name):
                raise ValidationError({name: "排名已固定，不能修改年度、季度或区县"})
    showcase = _keep(actor, showcase or Showcase(), data, ("region",))
    if showcase.frozen_at is None:
        freeze(showcase)
    return showcase


def freeze(showcase: Showcase) -> None:
    """Copy the ranking of the units by average completion as of the showcase's quarter."""
    ranking = selectors.unit_ranking(showcase.region, showcase.year, showcase.quarter)
    ShowcaseRow.objects.bulk_create(
        ShowcaseRow(
            showcase=showcase,
            unit=place.unit,
            unit_name=place.unit.name,
            tasks=place.tasks,
            completion=place.completion,
            rank=place.rank,
        )
        for place in ranking
    )
    showcase.frozen_at = timezone.now()
    showcase.save(update_fields=["frozen_at"])
