"""Checks for national-standard identifiers, built on python-stdnum.

Resident ID numbers follow GB 11643-1999 and unified social credit codes
GB 32100-2015 (see ../shared/design/RULES.md, "National standards").
"""

import datetime
import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

# GB/T 2260 province-level codes (first two digits). 71 台湾, 81 香港, 82 澳门
# appear on residence permits for people from those places.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


# Already-compact values skip stdnum's character-by-character clean-up (ledger imports
# validate hundreds of thousands); anything else takes stdnum's path unchanged.
COMPACT_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
COMPACT_USCC = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUW-Y]{10}")  # stdnum.cn.uscc's alphabet


def normalize_id_number(value: str) -> str:
    value = value or ""
    if COMPACT_ID_NUMBER.fullmatch(value):
        return value
    return ric.compact(value)


def validate_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """Return the compact ID number or raise ValidationError in Chinese.

    Deliberately not ``ric.validate()``: it also rejects numbers whose area code
    did not yet exist in the holder's birth year, but the code records where the
    number was issued, often later (RULES.md, "one trap").
    """
    if value.__class__ is str and COMPACT_ID_NUMBER.fullmatch(value):
        number = value  # the common case, already compact: length and format hold
    else:
        number = normalize_id_number(value)
        if len(number) != 18:
            raise ValidationError("公民身份号码应为18位", code="id_length")
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
            raise ValidationError("公民身份号码前17位应为数字，末位为数字或X", code="id_format")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError("公民身份号码前两位不是有效的省级行政区划代码", code="id_province")
    try:
        birth = birth_date_from_id_number(number)
    except (StdnumError, ValueError) as exc:
        raise ValidationError("公民身份号码中的出生日期不存在", code="id_birth") from exc
    if birth > (today or timezone.localdate()) or birth.year < 1900:
        raise ValidationError("公民身份号码中的出生日期不合理", code="id_birth")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError("公民身份号码校验码错误", code="id_checksum")
    return number


def gender_from_id_number(number: str) -> str:
    """GB 11643: the 17th digit (sequence code) is odd for men, even for women."""
    return "M" if int(number[16]) % 2 == 1 else "F"


def birth_date_from_id_number(number: str) -> datetime.date:
    """Digits 7–14 (as stdnum.cn.ric.get_birth_date reads them); ValueError if no such day."""
    if COMPACT_ID_NUMBER.fullmatch(number):
        birth = _birth_date(number[6:14])
        if birth is None:
            raise ValueError(f"no such day: {number[6:14]}")
        return birth
    return ric.get_birth_date(number)


@lru_cache(maxsize=65536)  # a few tens of thousands of birthdays cover any ledger
def _birth_date(digits: str) -> datetime.date | None:
    """YYYYMMDD (ASCII digits) → the date, or None when there is no such day."""
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


# stdnum.cn.uscc.calc_check_digit re-cleans its argument character by character and
# looks every character up with str.index: most of a big import's USCC time. For a
# code already known compact and in the alphabet (COMPACT_USCC), the same weighted sum
# mod 31 is taken from per-position tables instead. tests/test_validators.py checks it
# against stdnum for every alphabet character at every position.
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_TERMS = tuple(
    {char: value * weight for value, char in enumerate(uscc._alphabet)} for weight in _USCC_WEIGHTS
)


def uscc_check_character(code: str) -> str:
    """``uscc.calc_check_digit(code)`` for a code matching COMPACT_USCC (17 + 1 characters)."""
    return uscc._alphabet[-sum(map(dict.__getitem__, _USCC_TERMS, code)) % 31]


def validate_uscc(value: str) -> str:
    """Unified social credit code, GB 32100-2015 (stdnum.cn.uscc)."""
    if value.__class__ is str and COMPACT_USCC.fullmatch(value):
        if uscc_check_character(value) == value[17]:
            return value  # what uscc.validate returns for a code of this shape and check
        code = value
    else:
        code = uscc.compact(value or "")
        if COMPACT_USCC.fullmatch(code) and uscc_check_character(code) == code[17]:
            return code
    try:
        return uscc.validate(code)
    except StdnumError as exc:
        if len(code) != 18:
            raise ValidationError("统一社会信用代码应为18位", code="uscc_length") from exc
        raise ValidationError(
            "统一社会信用代码格式或校验码错误（GB 32100-2015）", code="uscc_invalid"
        ) from exc


MOBILE_COMPACT = re.compile(r"1[3-9]\d{9}")


def validate_phone(value: str) -> str:
    if value.__class__ is str and MOBILE_COMPACT.fullmatch(value):
        return value  # nothing to strip, no +86: what the steps below give
    phone = re.sub(r"[\s]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError("手机号码格式不正确（11位手机号或带区号的固定电话）", code="phone")
    return phone


# Path segments of the region and organization pages and of the API that stand where a
# code would (/organizations/new/, /api/v1/organizations/warnings/ …): a record coded
# so could never be opened.
RESERVED_CODES = frozenset({"new", "tree", "warnings"})


def reserved_code_message(value: str) -> str | None:
    """The reason ``value`` cannot be a region or organization code, or None."""
    if value.strip().lower() in RESERVED_CODES:
        return f"“{value}”是系统保留的网址用词，不能用作编码"
    return None


def validate_not_reserved_code(value: str) -> str:
    if message := reserved_code_message(value):
        raise ValidationError(message, code="reserved_code")
    return value


# --- dates that cannot lie ahead ------------------------------------------------------
#
# A model lists in ``dates_not_in_future`` the date fields that record something that
# has happened (入党日期, 成立日期, 出生日期, 联系日期 …) and calls
# ``validate_dates_not_in_future`` from its ``clean()``: forms and the API reach it
# through the services' full_clean, and the ledger import checks the same fields by
# that list (``LedgerKind.__init__``), so no path can accept what another refuses.


def future_date_message(label: str) -> str:
    return f"{label}不能晚于今天"


def validate_dates_not_in_future(instance, *, today: datetime.date | None = None) -> None:
    """Raise ValidationError {field: "<名称>不能晚于今天"} for every listed date ahead of today."""
    today = today or timezone.localdate()
    errors = {}
    for name in getattr(type(instance), "dates_not_in_future", ()):
        value = getattr(instance, name, None)
        if isinstance(value, datetime.date) and value > today:
            label = str(instance._meta.get_field(name).verbose_name)
            errors[name] = ValidationError(future_date_message(label), code="future_date")
    if errors:
        raise ValidationError(errors)
