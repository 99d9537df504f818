"""Writes of the campaigns (keyword-only, atomic, validated, scope re-checked). A refusal is a
Chinese ValidationError and nothing is saved; a target out of scope is OutOfScope (404)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.campaigns import permissions
from liangxin.campaigns.indicators import LABELS, measure
from liangxin.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignProgress,
    Round,
    RoundRow,
    RowState,
    Target,
    WorkItem,
)
from liangxin.campaigns.selectors import open_items_q, round_rows, target_editable
from liangxin.core.numbers import rate
from liangxin.core.scoping import in_scope
from liangxin.core.services import OutOfScope, ensure_target_in_scope, lock
from liangxin.coverage.worklists import WORK_LISTS, work_list
from liangxin.enterprises.models import Enterprise, OperatingStatus
from liangxin.enterprises.services import enterprise_update
from liangxin.regions.models import Region, RegionKind

# The registry fields a grid may correct in a 摸底 round (the enterprise model's own fields;
# it holds no member count: members are counted from the member registry).
CORRECTABLE = ("employee_count", "status", "address", "above_scale")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _region_in_scope(region: Region, actor) -> None:
    if not in_scope(region, actor):
        raise OutOfScope("未找到该区域")


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


# --- kinds (the district's reference data) --------------------------------------------


@transaction.atomic
def kind_save(
    *,
    actor,
    kind: CampaignKind | None = None,
    code: str,
    name: str,
    source: str,
    work_lists: list[str],
    has_round: bool,
    indicators: list[str] = (),
) -> CampaignKind:
    """Add a kind, or change one (its code stays: campaigns and the seeds name it)."""
    _require(permissions.can_edit_kinds(actor), "只有区级管理员可以维护专项行动类型")
    unknown = [key for key in work_lists if key not in WORK_LISTS]
    if unknown:
        raise ValidationError({"work_lists": f"没有这个工作清单：{'、'.join(unknown)}"})
    unknown = [key for key in indicators if key not in LABELS]
    if unknown:
        raise ValidationError({"indicators": f"没有这个指标：{'、'.join(unknown)}"})
    kind = lock(kind) if kind is not None else CampaignKind(code=code.strip())
    kind.name, kind.source = name.strip(), source.strip()
    kind.work_lists, kind.has_round = list(work_lists), has_round
    kind.indicators = list(indicators)
    return _save(kind)


@transaction.atomic
def kind_toggle(*, actor, kind: CampaignKind) -> CampaignKind:
    _require(permissions.can_edit_kinds(actor), "只有区级管理员可以维护专项行动类型")
    kind = lock(kind)
    kind.active = not kind.active
    return _save(kind)


# --- campaigns and targets ------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor,
    kind: CampaignKind,
    title: str,
    region: Region,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Campaign:
    _require(permissions.can_organize(actor), "您的角色不能发起专项行动")
    _region_in_scope(region, actor)
    if not kind.active:
        raise ValidationError({"kind": "该行动类型已停用"})
    campaign = Campaign(
        kind=kind,
        title=title.strip(),
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    return _save(campaign)


@transaction.atomic
def target_set(
    *, actor, campaign: Campaign, region: Region, indicator: str, goal: Decimal
) -> Target:
    """Set (or change the goal of) a target; its baseline is read when it is first set."""
    _require(permissions.can_organize(actor), "您的角色不能设置行动目标")
    ensure_target_in_scope(campaign, actor)
    _region_in_scope(region, actor)
    if not region.path.startswith(campaign.region.path):
        raise ValidationError({"region": "目标区域应在行动范围之内"})
    if indicator not in dict(campaign.kind.indicator_choices()):
        raise ValidationError({"indicator": "该类型的专项行动不能在这一指标上设目标"})
    if not target_editable(actor, campaign, region):
        raise ValidationError({"region": "该区域的目标由上级设定，您只能查看，不能修改"})
    target = Target.objects.filter(campaign=campaign, region=region, indicator=indicator).first()
    if target is None:
        on = min(campaign.starts_on, timezone.localdate())
        num, den = measure(campaign, region, indicator, on)
        target = Target(
            campaign=campaign,
            region=region,
            indicator=indicator,
            baseline_numerator=num,
            baseline_denominator=den,
            baseline_on=on,
        )
    target.goal = goal
    return _save(target)


# --- work items -----------------------------------------------------------------------


@transaction.atomic
def workitems_generate(*, actor, campaign: Campaign) -> int:
    """One item per enterprise on each of the kind's work lists inside the scope today.

    Run again, it adds only what is new (the named unique constraint keeps one item per
    campaign, enterprise and list)."""
    _require(permissions.can_organize(actor), "您的角色不能生成工作项")
    ensure_target_in_scope(campaign, actor)
    today = timezone.localdate()
    made = 0
    for key in campaign.kind.work_lists:
        if key not in WORK_LISTS:
            continue
        have = set(
            WorkItem.objects.filter(campaign=campaign, list_key=key).values_list(
                "enterprise_id", flat=True
            )
        )
        found = work_list(key=key, user=actor, region=campaign.region).values_list("pk", flat=True)
        for enterprise_id in found:
            if enterprise_id not in have:
                WorkItem.objects.create(
                    campaign=campaign, enterprise_id=enterprise_id, list_key=key, generated_on=today
                )
                made += 1
    return made


# --- progress -------------------------------------------------------------------------


def _record_done_days(campaign: Campaign, on: datetime.date) -> None:
    """``done_on``: the first day an item is seen off its list; cleared if it is back on.
    Read over the campaign's whole region, by no user's scope. A date derived from the
    engine, so written with update() (no audit entry of its own)."""
    still_open = open_items_q(campaign)
    items = WorkItem.objects.filter(campaign=campaign)
    if still_open is None:
        items.filter(done_on__isnull=True).update(done_on=on)
        return
    items.filter(done_on__isnull=True).exclude(still_open).update(done_on=on)
    items.filter(done_on__isnull=False).filter(still_open).update(done_on=None)


def _item_counts(target: Target) -> tuple[int, int]:
    items = WorkItem.objects.filter(
        campaign=target.campaign, enterprise__region__path__startswith=target.region.path
    )
    done = items.filter(done_on__isnull=False).count()
    return items.count() - done, done


def _measure_target(target: Target, on: datetime.date, counts: dict) -> CampaignProgress:
    num, den = measure(target.campaign, target.region, target.indicator, on, counts=counts)
    value = rate(num, den)
    open_count, done_count = _item_counts(target)
    row, _ = CampaignProgress.objects.update_or_create(
        target=target,
        on=on,
        defaults={
            "numerator": num,
            "denominator": den,
            "value": None if value is None else Decimal(str(value)),
            "open_items": open_count,
            "done_items": done_count,
        },
    )
    return row


@transaction.atomic
def progress_record(*, campaign: Campaign, on: datetime.date | None = None) -> int:
    """Today's value of every target and the items' done days, over the campaign's own
    region subtree: no user's scope enters (the initiator's account may since have been
    deactivated or given another region; the figures stay the campaign's)."""
    on = on or timezone.localdate()
    _record_done_days(campaign, on)
    targets = list(campaign.targets.select_related("region", "campaign"))
    counts: dict = {}  # a region's six coverage indicators come from one aggregate
    for target in targets:
        _measure_target(target, on, counts)
    return len(targets)


def progress_refresh(*, actor, campaign: Campaign) -> int:
    """The 刷新进度 button."""
    _require(permissions.can_organize(actor), "您的角色不能刷新进度")
    ensure_target_in_scope(campaign, actor)
    return progress_record(campaign=campaign)


# --- 摸底排查 rounds -------------------------------------------------------------------


def _grid_of(path: str, grids: dict[str, int]) -> int | None:
    step = Region.steplen
    for end in range(len(path), 0, -step):
        if path[:end] in grids:
            return grids[path[:end]]
    return None


@transaction.atomic
def round_open(*, actor, campaign: Campaign, as_of: datetime.date | None = None) -> Round:
    """A round with one row per registered (not 注销) unit of the scope, each under its grid."""
    _require(permissions.can_organize(actor), "您的角色不能发起摸底排查")
    ensure_target_in_scope(campaign, actor)
    if not campaign.kind.has_round:
        raise ValidationError("该类型的专项行动不开展逐户摸底")
    round_ = _save(Round(campaign=campaign, as_of=as_of or timezone.localdate()))
    scope = campaign.region.path
    grids = dict(
        Region.objects.filter(path__startswith=scope, kind=RegionKind.GRID).values_list(
            "path", "id"
        )
    )
    units = (
        Enterprise.objects.filter(region__path__startswith=scope)
        .exclude(status=OperatingStatus.DEREGISTERED)
        .values_list("id", "region_id", "region__path")
    )
    RoundRow.objects.bulk_create(
        RoundRow(
            round=round_,
            enterprise_id=unit_id,
            grid_id=_grid_of(path, grids) or region_id,
            gridded=_grid_of(path, grids) is not None,
        )
        for unit_id, region_id, path in units
    )
    return round_


def _ensure_may_confirm(actor, row: RoundRow) -> None:
    _require(permissions.can_confirm(actor), "您的角色不能确认摸底信息")
    ensure_target_in_scope(row, actor)
    if row.state != RowState.PENDING:
        raise ValidationError(
            f"“{row.enterprise.name}”已{row.get_state_display()[1:]}，不能重复确认"
        )


def _mark(row: RoundRow, actor, state: str, corrections: dict | None = None) -> RoundRow:
    row.state = state
    row.confirmed_by = actor
    row.confirmed_at = timezone.now()
    row.corrections = corrections or {}
    return _save(row)


@transaction.atomic
def row_confirm(*, actor, row: RoundRow) -> RoundRow:
    row = lock(row)
    _ensure_may_confirm(actor, row)
    return _mark(row, actor, RowState.CONFIRMED)


@transaction.atomic
def rows_confirm_all(*, actor, round_: Round, grid: Region | None = None) -> int:
    """全部确认: every pending row of the round the actor sees (of one grid if given)."""
    rows = round_rows(user=actor, round_=round_).filter(state=RowState.PENDING)
    if grid is not None:
        rows = rows.filter(grid=grid)
    _require(permissions.can_confirm(actor), "您的角色不能确认摸底信息")
    count = 0
    # The rows come from the scoped selector: no per-row scope check is needed again. Lock
    # the rows only: PostgreSQL refuses FOR UPDATE on the selector's outer joins.
    for row in rows.select_for_update(of=("self",)):
        _mark(row, actor, RowState.CONFIRMED)
        count += 1
    if not count:
        raise ValidationError("没有待确认的企业")
    return count


def _shown(enterprise: Enterprise, name: str, value) -> str:
    field = Enterprise._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@transaction.atomic
def row_correct(*, actor, row: RoundRow, data: dict) -> RoundRow:
    """Correct the enterprise's registry fields (through the enterprises service: checked
    and audited there) and mark the row 已更正 with what changed."""
    row = lock(row)
    _ensure_may_confirm(actor, row)
    enterprise = Enterprise.objects.get(pk=row.enterprise_id)
    changes = {
        name: value
        for name, value in data.items()
        if name in CORRECTABLE and getattr(enterprise, name) != value
    }
    if not changes:
        raise ValidationError("没有更正任何内容；信息无误请直接点“确认”")
    shown = {
        name: [_shown(enterprise, name, getattr(enterprise, name)), _shown(enterprise, name, value)]
        for name, value in changes.items()
    }
    enterprise_update(actor=actor, enterprise=enterprise, data=changes)
    return _mark(row, actor, RowState.CORRECTED, shown)
