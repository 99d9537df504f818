"""Writes of 领办项目 (keyword-only, atomic, validated, in scope; the audit log keeps the
history). An illegal write is refused with a Chinese message and nothing is saved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model

from liangxin.core.scoping import in_scope
from liangxin.core.services import ensure_result_in_scope, ensure_target_in_scope, lock
from liangxin.ledprojects import permissions, selectors
from liangxin.ledprojects.models import LedProject, Milestone, RaceResult, RaceRound


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _references_in_scope(actor, data: dict, *names: str) -> None:
    errors = {
        name: "所选记录不存在或不在您的管辖范围内"
        for name in names
        if isinstance(data.get(name), Model) and not in_scope(data[name], actor)
    }
    if errors:
        raise ValidationError(errors)


def _apply(instance, data: dict):
    for name, value in data.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def project_save(*, actor, project: LedProject | None = None, **data) -> LedProject:
    """Create or update a project; the region it serves and the leading town must be in the
    actor's scope, and so must the project afterwards."""
    _require(permissions.can_keep(actor), "您的角色不能维护领办项目")
    if project is not None and project.pk is not None:
        ensure_target_in_scope(project, actor)
        project = lock(project)
    else:
        project = LedProject()
    _references_in_scope(actor, data, "region", "lead_region")
    unit = data.get("lead_unit")
    if unit is not None and not selectors.member_units(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"lead_unit": "所选成员单位不存在、已停用或不在您的管辖范围内"})
    _apply(project, data)
    ensure_result_in_scope(project, actor)
    return project


@transaction.atomic
def milestone_add(*, actor, project: LedProject, **data) -> Milestone:
    _require(permissions.can_keep(actor), "您的角色不能维护项目节点")
    ensure_target_in_scope(project, actor)
    return _apply(Milestone(project=project), data)


@transaction.atomic
def milestone_update(*, actor, milestone: Milestone, **data) -> Milestone:
    """Progress, evidence, the state and the day it was done (or the plan: title, owner,
    due date)."""
    _require(permissions.can_keep(actor), "您的角色不能维护项目节点")
    ensure_target_in_scope(milestone, actor)
    milestone = lock(milestone)
    data.pop("project", None)
    return _apply(milestone, data)


@transaction.atomic
def round_save(*, actor, race_round: RaceRound | None = None, **data) -> RaceRound:
    _require(permissions.can_race(actor), "只有区级管理员可以维护推进会和擂台赛")
    if race_round is not None and race_round.pk is not None:
        ensure_target_in_scope(race_round, actor)
        race_round = lock(race_round)
    else:
        race_round = RaceRound()
    _references_in_scope(actor, data, "region")
    race_round = _apply(race_round, data)
    ensure_result_in_scope(race_round, actor)
    return race_round


@transaction.atomic
def result_save(
    *, actor, race_round: RaceRound, result: RaceResult | None = None, **data
) -> RaceResult:
    """One project's score in a round (one per project and round: the named constraint
    refuses a second); its rank is computed from all the round's scores (selectors)."""
    _require(permissions.can_race(actor), "只有区级管理员可以登记比拼成绩")
    ensure_target_in_scope(race_round, actor)
    if result is not None and result.pk is not None:
        ensure_target_in_scope(result, actor)
        result = lock(result)
    else:
        result = RaceResult(round=race_round)
    _references_in_scope(actor, data, "project")
    result = _apply(result, data)
    ensure_result_in_scope(result, actor)
    return result
