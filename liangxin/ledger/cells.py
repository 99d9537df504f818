"""Cell parsers for ledger files (DOMAIN.md §5 "Ledger files").

Each parser takes the raw cell (str, int, float, bool, date, datetime or None,
as the CSV reader or python-calamine gives it) and returns the value for the
model, or raises CellError with the reason in Chinese.
"""

import datetime
import re
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from liangxin.core.formulas import restore
from liangxin.core.validators import future_date_message, reserved_code_message

MAX_CELL_CHARS = 1000

TRUE_WORDS = frozenset({"是", "y", "yes", "1", "true", "t", "√"})
FALSE_WORDS = frozenset({"否", "n", "no", "0", "false", "f", "×"})
MULTI_SPLIT = re.compile(r"[;；、,，]")
DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
)
# Excel's day zero for serial dates (the 1900 system, with its leap-year bug).
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def today() -> datetime.date:
    """The local date, looked up at most once a second (a big file checks it per row)."""
    now = time.monotonic()
    if now - _today[0] > 1.0:
        _today[:] = [now, timezone.localdate()]
    return _today[1]


_today: list = [float("-inf"), None]


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user as is."""


def text(raw) -> str:
    """The cell as trimmed text ('' for empty). Numbers typed into text columns lose '.0'."""
    if raw.__class__ is str:  # the common case (every CSV cell): no conversions to try
        value = restore(raw.strip())  # an export's quote before "=…" (ledger.formulas)
        if len(value) > MAX_CELL_CHARS:
            raise CellError(f"内容过长（{len(value)} 个字符，最多 {MAX_CELL_CHARS}）")
        return value
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime | datetime.date):
        raw = raw.isoformat()
    value = str(raw).strip()
    if len(value) > MAX_CELL_CHARS:
        raise CellError(f"内容过长（{len(value)} 个字符，最多 {MAX_CELL_CHARS}）")
    return value


def bounded_text(max_length: int) -> Callable[[object], str]:
    def parse(raw) -> str:
        value = text(raw)
        if len(value) > max_length:
            raise CellError(f"内容过长（{len(value)} 个字符，最多 {max_length}）")
        return value

    return parse


def tree_code(max_length: int) -> Callable[[object], str]:
    """A region or organization code: bounded, and not a word the pages' addresses use."""
    bounded = bounded_text(max_length)

    def parse(raw) -> str:
        value = bounded(raw)
        if message := reserved_code_message(value):
            raise CellError(message)
        return value

    return parse


YES_NO_CELLS = {
    **dict.fromkeys(TRUE_WORDS, True),
    **dict.fromkeys(FALSE_WORDS, False),
    **{word.upper(): True for word in TRUE_WORDS},
    **{word.upper(): False for word in FALSE_WORDS},
}


def yes_no(raw) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if raw.__class__ is str and raw in YES_NO_CELLS:  # exact spellings: no trimming needed
        return YES_NO_CELLS[raw]
    value = text(raw).lower()
    if value == "":
        return None
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise CellError("应填“是”或“否”（也可用 Y/N、1/0、TRUE/FALSE）")


def date(raw) -> datetime.date | None:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _excel_serial(raw)
    value = text(raw)
    if value == "":
        return None
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:  # YYYY-MM-DD, the common form, without the regular expressions
            day = datetime.date.fromisoformat(value)
        except ValueError:
            pass  # not a real date (or not digits): the forms below say which
        else:
            if day.year >= 1900:
                return day
    for form in DATE_FORMS:
        match = form.match(value)
        if match:
            return _real_date(*(int(part) for part in match.groups()))
    raise CellError("日期格式应为 YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日")


def not_after_today(parse: Callable, label: str) -> Callable:
    """``parse`` (a date column's), refusing a day after today as the model's clean() does
    (its ``dates_not_in_future``, core.validators): same message, naming the column."""

    def checked(raw) -> datetime.date | None:
        value = parse(raw)
        if value is not None and value > today():
            raise CellError(future_date_message(label))
        return value

    checked.__wrapped__ = parse  # what the column reads: ledger.export types its cells by it
    return checked


def _real_date(year: int, month: int, day: int) -> datetime.date:
    try:
        value = datetime.date(year, month, day)
    except ValueError as exc:
        raise CellError("日期不存在") from exc
    if year < 1900:
        raise CellError("日期早于1900年，请检查")
    return value


def _excel_serial(serial: float) -> datetime.date:
    if not 1 <= serial < 2958466:  # 9999-12-31
        raise CellError("不是有效的 Excel 日期")
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def whole_number(raw) -> int | None:
    if isinstance(raw, bool):
        raise CellError("应为整数")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise CellError("应为整数")
        value = int(raw)
    else:
        value = _int_from_text(text(raw))
        if value is None:
            return None
    if value < 0:
        raise CellError("不能为负数")
    if value > 10_000_000:
        raise CellError("数值过大")
    return value


def _int_from_text(value: str) -> int | None:
    if value == "":
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation as exc:
        raise CellError("应为整数") from exc
    if not number.is_finite():  # Infinity, NaN, sNaN
        raise CellError("应为整数")
    if number.adjusted() > 8:  # 1e99999999 would take int() forever; the cap is 10,000,000
        raise CellError("不能为负数" if number < 0 else "数值过大")
    if number != number.to_integral_value():
        raise CellError("应为整数")
    return int(number)


def several(raw) -> list[str]:
    """Multi-value cells split on ; ； 、 or , — empty parts dropped, order kept, no repeats."""
    parts = (part.strip() for part in MULTI_SPLIT.split(text(raw)))
    return list(dict.fromkeys(part for part in parts if part))


def choice(choices) -> Callable[[object], str | None]:
    """A TextChoices column: the Chinese label (or the stored value) → the stored value."""
    by_label = {str(label): value for value, label in choices.choices}
    by_value = {value: value for value in choices.values}
    allowed = "、".join(by_label)

    def parse(raw) -> str | None:
        value = text(raw)
        if value == "":
            return None
        found = by_label.get(value) or by_value.get(value)
        if found is None:
            raise CellError(f"应为以下之一：{allowed}")
        return found

    return parse
