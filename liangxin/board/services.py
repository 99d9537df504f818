"""Writes of boards: the district admin's configuration (a board, its indicators and
weights as data) and the freezing of a 晾晒会 snapshot. Keyword-only, atomic, role and
scope checked, ``full_clean()`` before save; auditlog keeps the change history."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.board import engine, permissions, selectors
from liangxin.board.indicators import CATALOGUE, SUBJECT
from liangxin.board.models import (
    Board,
    BoardIndicator,
    BoardSnapshot,
    Period,
    SnapshotRow,
    SubjectKind,
)
from liangxin.core.services import ensure_result_in_scope, ensure_target_in_scope, lock

BOARD_FIELDS = ("name", "region", "subject_kind", "subject_depth", "period", "description")


def _ensure_configurer(actor) -> None:
    if not permissions.can_configure(actor):
        raise PermissionDenied("只有区级管理员可以设置比学赶超跑道")


@transaction.atomic
def board_save(*, actor, data: dict, board: Board | None = None) -> Board:
    """Create a board, or change one (its snapshots keep the weights of their day)."""
    _ensure_configurer(actor)
    if board is not None:
        ensure_target_in_scope(board.region, actor)
        board = lock(board)
    board = board or Board()
    for field in BOARD_FIELDS:
        if field in data:
            setattr(board, field, data[field])
    if board.subject_kind != SubjectKind.REGION:
        board.subject_depth = None
    board.full_clean()
    board.save()
    ensure_result_in_scope(board.region, actor)
    return board


def _check_indicator(board: Board, key: str) -> None:
    definition = CATALOGUE.get(key)
    if definition is None:
        raise ValidationError({"key": [f"未知的指标：{key}"]})
    if definition.level == SUBJECT and board.subject_kind == SubjectKind.ORGANIZATION:
        raise ValidationError({"key": [f"“{definition.label}”按企业计算，不能用于给党组织排名"]})


@transaction.atomic
def indicator_save(
    *,
    actor,
    board: Board,
    key: str,
    weight,
    source: str,
    full_value=None,
    order: int = 0,
    indicator: BoardIndicator | None = None,
) -> BoardIndicator:
    """Add an indicator to ``board`` or change one's weight, full marks or source."""
    _ensure_configurer(actor)
    ensure_target_in_scope(board.region, actor)
    _check_indicator(board, key)
    indicator = indicator or BoardIndicator(board=board)
    if indicator.board_id != board.pk:
        raise ValidationError("该指标不属于此跑道")
    indicator.key, indicator.weight, indicator.source, indicator.order = key, weight, source, order
    indicator.full_value = full_value if full_value is not None else CATALOGUE[key].default_full
    indicator.full_clean()
    indicator.save()
    Board.objects.filter(pk=board.pk).update(updated_at=timezone.now())
    return indicator


@transaction.atomic
def indicator_delete(*, actor, indicator: BoardIndicator) -> None:
    _ensure_configurer(actor)
    ensure_target_in_scope(indicator.board.region, actor)
    indicator.delete()


def period_label(period: str, on: datetime.date) -> str:
    if period == Period.MONTHLY:
        return f"{on.year}年{on.month}月"
    return f"{on.year}年第{(on.month - 1) // 3 + 1}季度"


@transaction.atomic
def snapshot_freeze(*, actor, board: Board, on: datetime.date | None = None) -> BoardSnapshot:
    """Freeze the board as it stands on ``on`` for the period's 晾晒会: its ranked rows,
    each indicator's value and the weights used. One snapshot a period."""
    _ensure_configurer(actor)
    ensure_target_in_scope(board.region, actor)
    board = lock(board)
    on = on or timezone.localdate()
    indicators = list(board.indicators.all())
    if not indicators:
        raise ValidationError("跑道还没有指标，不能冻结快照")
    snapshot = BoardSnapshot(
        board=board,
        taken_on=on,
        label=period_label(board.period, on),
        taken_by=actor,
        indicators=[
            {
                "key": i.key,
                "label": CATALOGUE[i.key].label,
                "weight": str(i.weight),
                "full_value": str(i.full_value),
                "source": i.source,
            }
            for i in indicators
        ],
    )
    snapshot.full_clean()
    snapshot.save()
    rows = engine.table(engine.spec_of(board, indicators), on)
    SnapshotRow.objects.bulk_create(
        SnapshotRow(
            snapshot=snapshot,
            subject=row.subject.key,
            code=row.subject.code,
            name=row.subject.name,
            score=row.score,
            rank=row.rank,
            values=selectors.values_as_text(row.values),
        )
        for row in rows
    )
    return snapshot
