"""Reads of boards: the live ranking with its movement since the last snapshot, the
snapshots, and a subject's drill-down. Values come from ``engine`` (SQL aggregates)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from liangxin.board import engine
from liangxin.board.indicators import CATALOGUE
from liangxin.board.models import Board, BoardSnapshot, SubjectKind
from liangxin.board.scoring import as_value, points, score
from liangxin.core.scoping import get_scoped_or_404, scoped, user_scope
from liangxin.organizations.models import PartyOrganization


def values_as_text(values: dict) -> dict:
    """Decimals as strings for a JSON column (exact, unlike floats)."""
    return {key: None if value is None else str(value) for key, value in values.items()}


def values_from_text(values: dict) -> dict:
    return {key: None if value is None else Decimal(value) for key, value in values.items()}


def board_list(*, user) -> QuerySet:
    return scoped(Board.objects.select_related("region"), user)


def board_detail(*, user, pk) -> Board:
    return get_scoped_or_404(Board.objects.select_related("region"), user, pk=pk)


def snapshots(*, user, board: Board) -> QuerySet:
    return scoped(BoardSnapshot.objects.filter(board=board), user)


def snapshot_detail(*, user, board: Board, pk) -> BoardSnapshot:
    return get_scoped_or_404(BoardSnapshot.objects.filter(board=board), user, pk=pk)


def last_snapshot(board: Board, before: BoardSnapshot | None = None) -> BoardSnapshot | None:
    found = board.snapshots.all()
    if before is not None:
        found = found.filter(taken_on__lte=before.taken_on).exclude(pk=before.pk)
    return found.order_by("-taken_on", "-id").first()


@dataclass(frozen=True)
class Earlier:
    score: Decimal | None
    rank: int | None
    values: dict


def earlier_rows(snapshot: BoardSnapshot | None) -> dict[str, Earlier]:
    if snapshot is None:
        return {}
    rows = snapshot.rows.values_list("subject", "score", "rank", "values")
    return {key: Earlier(s, r, values_from_text(v)) for key, s, r, v in rows}


@dataclass(frozen=True)
class Row:
    """A subject on the board with its movement since an earlier snapshot."""

    subject: engine.Subject
    values: dict
    score: Decimal | None
    rank: int | None
    earlier: Earlier | None

    @property
    def rank_change(self) -> int | None:
        """Places moved up (negative: down); None without both ranks."""
        if self.earlier is None or self.earlier.rank is None or self.rank is None:
            return None
        return self.earlier.rank - self.rank

    @property
    def score_change(self) -> Decimal | None:
        if self.earlier is None or self.earlier.score is None or self.score is None:
            return None
        return self.score - self.earlier.score


def live_rows(board: Board, on: datetime.date) -> tuple[list[Row], BoardSnapshot | None]:
    """The board computed now, each row beside the last snapshot."""
    previous = last_snapshot(board)
    before = earlier_rows(previous)
    rows = engine.table(engine.spec_of(board), on)
    return [
        Row(r.subject, r.values, r.score, r.rank, before.get(r.subject.key)) for r in rows
    ], previous


def snapshot_rows(snapshot: BoardSnapshot) -> tuple[list[Row], BoardSnapshot | None]:
    """A frozen snapshot's rows, each beside the snapshot before it."""
    previous = last_snapshot(snapshot.board, before=snapshot)
    before = earlier_rows(previous)
    return [
        Row(
            engine.Subject(r.subject, r.code, r.name),
            values_from_text(r.values),
            r.score,
            r.rank,
            before.get(r.subject),
        )
        for r in snapshot.rows.all()
    ], previous


# --- the drill-down -------------------------------------------------------------------------


def may_drill(user, board: Board, subject: engine.Subject) -> bool:
    """The organizations behind a subject are shown only to a user whose scope holds them
    all: a town admin sees every town's score at the 晾晒会 but opens only their own."""
    paths = user_scope(user).region_paths
    if board.subject_kind == SubjectKind.REGION:
        return any(subject.key.startswith(path) for path in paths)
    if board.subject_kind == SubjectKind.INDUSTRY:
        return any(board.region.path.startswith(path) for path in paths)
    return scoped(PartyOrganization.objects.filter(path=subject.key), user).exists()


def drillable(user, board: Board, rows) -> set[str]:
    """The keys of ``rows`` whose drill-down ``user`` may open (one query at most)."""
    if board.subject_kind != SubjectKind.ORGANIZATION:
        return {r.subject.key for r in rows if may_drill(user, board, r.subject)}
    paths = [r.subject.key for r in rows]
    found = scoped(PartyOrganization.objects.filter(path__in=paths), user)
    return set(found.values_list("path", flat=True))


def subject_row(*, user, board: Board, code: str, on: datetime.date) -> Row:
    rows, _ = live_rows(board, on)
    for row in rows:
        if row.subject.code == code and may_drill(user, board, row.subject):
            return row
    raise Http404("未找到该排名对象")


@dataclass(frozen=True)
class IndicatorLine:
    key: str
    label: str
    unit: str
    value: Decimal | None
    weight: Decimal
    full_value: Decimal
    points: Decimal | None
    change: Decimal | None
    source: str
    records_url: str


def indicator_lines(board: Board, row: Row) -> list[IndicatorLine]:
    lines = []
    for indicator in board.indicators.all():
        definition = CATALOGUE[indicator.key]
        value = row.values.get(indicator.key)
        before = row.earlier.values.get(indicator.key) if row.earlier else None
        lines.append(
            IndicatorLine(
                indicator.key,
                definition.label,
                definition.unit,
                value,
                indicator.weight,
                indicator.full_value,
                None
                if value is None
                else points(value, indicator.full_value).quantize(Decimal("0.01")),
                None if value is None or before is None else value - before,
                indicator.source,
                _records_url(board, definition, row.subject),
            )
        )
    return lines


def _records_url(board: Board, definition, subject: engine.Subject) -> str:
    if board.subject_kind == SubjectKind.ORGANIZATION:
        return definition.records_url(organization_code=subject.code)
    if board.subject_kind == SubjectKind.REGION:
        return definition.records_url(region_code=subject.code)
    return definition.records_url(region_code=board.region.code)


ORGANIZATIONS_SHOWN = 200


def subject_organizations(*, user, board: Board, subject: engine.Subject, on) -> list:
    """The subject's organizations in the user's scope with their own values, the lowest
    first (those who pulled the average down), at most ``ORGANIZATIONS_SHOWN``."""
    spec = engine.spec_of(board)
    keys = engine.organization_keys(spec)
    organizations = scoped(engine.population(spec, on), user)
    organizations = organizations.annotate(subject=engine.subject_expression(spec)).filter(
        subject=subject.key
    )
    fields = [engine.value_field(key) for key in keys]
    rows = engine.with_values(organizations, keys, on).values("code", "name", *fields)
    listed = []
    for r in rows:
        values = {key: as_value(r[field]) for key, field in zip(keys, fields, strict=True)}
        own = score(values, spec.indicators)
        listed.append({"code": r["code"], "name": r["name"], "values": values, "score": own})
    listed.sort(key=lambda r: (r["score"] is None, r["score"] or 0, r["code"]))
    return keys, listed[:ORGANIZATIONS_SHOWN]
