"""From a table's cells to checked rows: headers, every cell, repeated keys, the DB-free checks.

Nothing here touches the database, so the streamed kinds can run it in a
second process (``liangxin.ledger.reader_process``) while the main one asks
the database and plans.
"""

import datetime
from collections.abc import Callable, Iterator
from itertools import islice, repeat
from operator import itemgetter

from liangxin.ledger.cells import CellError
from liangxin.ledger.framework import Column, ParsedRow
from liangxin.ledger.masked import is_masked, masked_fields, prepare_plain, reading_column
from liangxin.ledger.names import shown_name_headers
from liangxin.ledger.reader import FileProblem, Table


def map_headers(kind, headers: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Column index → Column; unknown headers become notes, missing required ones a FileProblem."""
    by_header = {column.header: column for column in kind.columns}
    names = shown_name_headers(kind)  # a report's names beside codes: shown, not read
    seen, mapping, unknown = set(), {}, []
    for index, header in enumerate(headers):
        if not header:
            continue
        if header in seen:
            raise FileProblem(f"表头“{header}”出现了不止一次")
        seen.add(header)
        if header in by_header:
            mapping[index] = reading_column(kind, by_header[header])
        elif header not in names:
            unknown.append(header)
    missing = [c.header for c in kind.columns if c.required and c.header not in seen]
    if missing:
        raise FileProblem(f"缺少必填列：{'、'.join(missing)}（请使用{kind.label}台账模板的表头）")
    notes = [f"已忽略未知列：{'、'.join(unknown)}"] if unknown else []
    return mapping, notes


ParsePlan = list[tuple[int, str, Callable, bool, Column, dict | None]]

# Distinct texts remembered per repeating column (a date column of a million rows has a
# few tens of thousands); past this a new text is parsed every time, as without a cache.
PARSE_CACHE_LIMIT = 50_000

# Cells other than text that a repeating column remembers too (workbooks give numbers,
# booleans and dates). Keyed by (type, value): 1, 1.0 and True are equal as keys.
CACHED_TYPES = frozenset({int, float, bool, datetime.date, datetime.datetime})


class _Failed:
    """A cached CellError: the message to give every row with the same text."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def parse_plan(mapping: dict[int, Column]) -> ParsePlan:
    """(index, field, parser, required, column, cache) per mapped column; one plan per file."""
    return [
        (i, c.field, c.parse, c.required, c, {} if c.repeats else None) for i, c in mapping.items()
    ]


def parse_row(number: int, cells: list, mapping: dict[int, Column] | ParsePlan) -> ParsedRow:
    plan = parse_plan(mapping) if isinstance(mapping, dict) else mapping
    return parse_block([(number, cells)], plan)[0]


PARSE_BLOCK = 1000  # rows parsed together, column by column


def parse_block(block: list, plan: ParsePlan) -> list[ParsedRow]:
    """``[parse_row(number, cells, plan) for number, cells in block]``, column by column.

    The same values and the same errors in the same order (each row meets its columns
    in plan order). A column is parsed as one list: a repeating column is one
    dictionary lookup per cell, done by ``map``; only the rows with a failed or
    missing required cell are then built cell by cell, the others in one ``dict``.
    """
    if not plan or not block:
        return [ParsedRow(number, cells) for number, cells in block]
    columns, troubled = [], set()  # troubled: rows with a failed or empty required cell
    cells_by_column = _cells_by_column(block, plan)
    for (_, _, parse, required, _, cache), raws in zip(plan, cells_by_column, strict=True):
        raws = list(raws)
        if cache is None:
            values = _parse_each(raws, parse, troubled)
        else:
            values = _parse_cached(raws, parse, cache, troubled)
        if required:
            troubled.update(_empty_positions(values))
        columns.append((raws, values))
    names = [name for _, name, *_ in plan]
    by_row = zip(*(values for _, values in columns), strict=True)
    rows = [
        ParsedRow(number, cells, dict(zip(names, row_values, strict=True)))
        for (number, cells), row_values in zip(block, by_row, strict=True)
    ]
    for position in sorted(troubled):
        _redo_row(rows[position], position, plan, columns)
    return rows


def _cells_by_column(block: list, plan: ParsePlan) -> list[tuple]:
    """The block's cells of each planned column (None past a short row's end)."""
    indexes = [index for index, *_ in plan]
    pick = itemgetter(*indexes) if len(indexes) > 1 else lambda cells: (cells[indexes[0]],)
    width = max(indexes) + 1
    try:
        picked = [pick(cells) for _, cells in block]
    except IndexError:  # a row shorter than the header: its missing cells are None
        picked = [pick(_padded(cells, width)) for _, cells in block]
    return list(zip(*picked, strict=True))


def _padded(cells: list, width: int) -> list:
    return cells if len(cells) >= width else [*cells, *([None] * (width - len(cells)))]


_JUST_TEXT = {str}
_MISSING = object()  # a cache miss (None is a cached value: the empty cell)
_UNCACHED = object()  # the key of a cell no cache may hold (a type not in CACHED_TYPES)


def _parse_each(raws: list, parse, troubled: set) -> list:
    values = []
    for position, raw in enumerate(raws):
        try:
            values.append(parse(raw))
        except CellError as exc:
            values.append(_Failed(str(exc)))
            troubled.add(position)
    return values


def _parse_cached(raws: list, parse, cache: dict, troubled: set) -> list:
    """One lookup per cell; each distinct cell not seen before is parsed once."""
    if set(map(type, raws)) == _JUST_TEXT:  # every CSV cell
        keys = raws
    else:
        keys = [
            raw
            if raw.__class__ is str
            else (raw.__class__, raw)
            if raw.__class__ in CACHED_TYPES
            else _UNCACHED
            for raw in raws
        ]
    values = list(map(cache.get, keys, repeat(_MISSING)))
    if _MISSING in values:
        for position, value in enumerate(values):
            if value is _MISSING:
                values[position] = _parsed_once(raws[position], keys[position], parse, cache)
    if _Failed in map(type, values):
        troubled.update(i for i, value in enumerate(values) if value.__class__ is _Failed)
    return values


def _parsed_once(raw, key, parse, cache: dict):
    try:
        value = parse(raw)
    except CellError as exc:
        value = _Failed(str(exc))
    if key is not _UNCACHED and len(cache) < PARSE_CACHE_LIMIT:
        cache[key] = value
    return value


def _empty_positions(values: list) -> list[int]:
    if None not in values and "" not in values:
        return []
    return [i for i, value in enumerate(values) if value is None or value == ""]


def _redo_row(row: ParsedRow, position: int, plan: ParsePlan, columns: list) -> None:
    """A row with a failed or missing required cell, column by column in plan order:
    its errors in that order, a failed cell's field left out of its values."""
    row.values = {}
    for (_, name, _, required, column, _), (raws, values) in zip(plan, columns, strict=True):
        raw, value = raws[position], values[position]
        if value.__class__ is _Failed:
            row.fail(column, raw, value.reason)
            continue
        if required and (value is None or value == ""):
            row.fail(column, raw, "必填项不能为空")
        row.values[name] = value


def mark_duplicate_keys(kind, rows: list[ParsedRow], first_seen=None) -> None:
    """A key met again fails; ``first_seen`` carries the keys across the chunks of one file.
    Rows with a masked cell wait until their number is known (``masked.settle_and_prepare``)."""
    from liangxin.ledger.kinds import LedgerKind

    first_seen = {} if first_seen is None else first_seen
    masked = masked_fields(kind)
    if type(kind).key_of is LedgerKind.key_of:  # the key column's value: look it up once
        field = kind.key_column.field
        keys = [row.values.get(field) for row in rows]
    else:
        keys = [kind.key_of(row) for row in rows]
    for row, key in zip(rows, keys, strict=True):
        if not key or (masked and is_masked(row, masked)):
            continue
        if key in first_seen:
            row.fail(kind.key_column, key, f"与第 {first_seen[key]} 行重复")
        else:
            first_seen[key] = row.number


def chunked(rows, size: int):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def checked_chunks(kind, table: Table, mapping: dict[int, Column]) -> Iterator[list[ParsedRow]]:
    """The file's rows, ``kind.chunk_rows`` at a time: parsed, repeated keys marked, and the
    kind's checks that need no database (``prepare``) done. The database checks follow
    in the main process."""
    plan = parse_plan(mapping)
    first_seen: dict = {}
    for block in chunked(table.rows, kind.chunk_rows):
        rows = parse_chunk(block, plan)
        mark_duplicate_keys(kind, rows, first_seen)
        prepare_plain(kind, rows)
        yield rows


def parse_chunk(block: list, plan: ParsePlan) -> list[ParsedRow]:
    rows = []
    for start in range(0, len(block), PARSE_BLOCK):
        rows += parse_block(block[start : start + PARSE_BLOCK], plan)
    return rows
