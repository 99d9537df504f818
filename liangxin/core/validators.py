"""Checks for national-standard identifiers, built on python-stdnum.

Resident ID numbers follow GB 11643-1999 and unified social credit codes
GB 32100-2015 (see ../shared/design/RULES.md, "National standards").
"""

import datetime
import re

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
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return ric.get_birth_date(number)


def validate_uscc(value: str) -> str:
    """Unified social credit code, GB 32100-2015 (stdnum.cn.uscc)."""
    code = value if COMPACT_USCC.fullmatch(value or "") else uscc.compact(value or "")
    if COMPACT_USCC.fullmatch(code) and uscc.calc_check_digit(code) == code[17]:
        return code  # what uscc.validate returns for a code of this shape and check character
    try:
        return uscc.validate(code)
    except StdnumError as exc:
        if len(code) != 18:
            raise ValidationError("统一社会信用代码应为18位", code="uscc_length") from exc
        raise ValidationError(
            "统一社会信用代码格式或校验码错误（GB 32100-2015）", code="uscc_invalid"
        ) from exc


def validate_phone(value: str) -> str:
    phone = re.sub(r"[\s]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError("手机号码格式不正确（11位手机号或带区号的固定电话）", code="phone")
    return phone
