"""The hand-written fast paths in core.validators give what python-stdnum gives."""

import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from liangxin.core.validators import COMPACT_USCC, uscc_check_character, validate_uscc

ALPHABET = uscc._alphabet


def stdnum_validate_uscc(value: str) -> str:
    """The reference: stdnum.cn.uscc.validate with our Chinese messages."""
    code = uscc.compact(value or "")
    try:
        return uscc.validate(code)
    except StdnumError as exc:
        if len(code) != 18:
            raise ValidationError("统一社会信用代码应为18位") from exc
        raise ValidationError("统一社会信用代码格式或校验码错误（GB 32100-2015）") from exc


def outcome(function, value):
    try:
        return ("ok", function(value))
    except ValidationError as exc:
        return ("error", exc.messages[0])


class TestUsccCheckCharacter:
    def test_every_character_at_every_position(self):
        base = "91350100M000100Y4"
        for position in range(17):
            for char in ALPHABET if position >= 8 else "0123456789":
                body = base[:position] + char + base[position + 1 :]
                assert uscc_check_character(body + "0") == uscc.calc_check_digit(body)

    def test_random_codes(self):
        rng = random.Random(2026)
        for _ in range(5000):
            body = "".join(rng.choice("0123456789") for _ in range(8))
            body += "".join(rng.choice(ALPHABET) for _ in range(9))
            check = uscc.calc_check_digit(body)
            assert COMPACT_USCC.fullmatch(body + check)
            assert uscc_check_character(body + check) == check


class TestValidateUsccAgreesWithStdnum:
    @pytest.mark.parametrize(
        "value",
        [
            "91350100M000100Y43",
            "91350100M000100Y44",
            "91350100m000100y43",
            " 91350100-M000100Y43 ",
            "91350100M000100I43",
            "91350100M000100Y4",
            "A1350100M000100Y43",
            "",
        ],
    )
    def test_examples(self, value):
        assert outcome(validate_uscc, value) == outcome(stdnum_validate_uscc, value)

    @given(
        st.text(alphabet=ALPHABET + "IOSVZ -abc", min_size=16, max_size=20) | st.text(max_size=20)
    )
    def test_any_text(self, value):
        assert outcome(validate_uscc, value) == outcome(stdnum_validate_uscc, value)

    def test_valid_random_codes_with_one_character_changed(self):
        rng = random.Random(7)
        for _ in range(2000):
            body = "".join(rng.choice("0123456789") for _ in range(8))
            body += "".join(rng.choice(ALPHABET) for _ in range(9))
            code = body + uscc.calc_check_digit(body)
            position = rng.randrange(18)
            changed = code[:position] + rng.choice(ALPHABET) + code[position + 1 :]
            assert outcome(validate_uscc, changed) == outcome(stdnum_validate_uscc, changed)


# --- resident ID numbers and phones: the fast paths against the step-by-step checks -----

PROVINCES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82"
).split()


def reference_id_number(value: str, today) -> str:
    """validate_id_number's rules spelled out with python-stdnum, without any fast path."""
    from stdnum.cn import ric

    number = ric.compact(value or "")
    if len(number) != 18:
        raise ValidationError("公民身份号码应为18位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("公民身份号码前17位应为数字，末位为数字或X")
    if number[:2] not in PROVINCES:
        raise ValidationError("公民身份号码前两位不是有效的省级行政区划代码")
    try:
        birth = ric.get_birth_date(number)
    except (StdnumError, ValueError) as exc:
        raise ValidationError("公民身份号码中的出生日期不存在") from exc
    if birth > today or birth.year < 1900:
        raise ValidationError("公民身份号码中的出生日期不合理")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError("公民身份号码校验码错误")
    return number


def id_numbers():
    digits = st.text(alphabet="0123456789", min_size=17, max_size=17)
    shaped = st.builds(
        lambda province, area, year, month, day, seq: f"{province}{area}{year}{month}{day}{seq}",
        st.sampled_from(PROVINCES + ["00", "99"]),
        st.text(alphabet="0123456789", min_size=4, max_size=4),
        st.sampled_from(["1899", "1900", "1949", "1990", "2000", "2024", "2099"]),
        st.sampled_from(["00", "01", "02", "12", "13"]),
        st.sampled_from(["00", "01", "28", "29", "30", "31", "32"]),
        st.text(alphabet="0123456789", min_size=3, max_size=3),
    )
    return st.one_of(digits, shaped).flatmap(
        lambda body: st.sampled_from([body + c for c in "0123456789Xx"] + [body, " " + body + "1"])
    )


@given(id_numbers() | st.text(max_size=20))
def test_validate_id_number_agrees_with_the_reference(value):
    import datetime

    from liangxin.core.validators import birth_date_from_id_number, validate_id_number

    today = datetime.date(2026, 1, 1)
    ours = outcome(lambda v: validate_id_number(v, today=today), value)
    assert ours == outcome(lambda v: reference_id_number(v, today), value)
    if ours[0] == "ok":
        from stdnum.cn import ric

        assert birth_date_from_id_number(ours[1]) == ric.get_birth_date(ours[1])


def reference_phone(value: str) -> str:
    import re

    phone = re.sub(r"[\s]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not (re.match(r"^1[3-9]\d{9}$", phone) or re.match(r"^0\d{2,3}-?\d{7,8}$", phone)):
        raise ValidationError("手机号码格式不正确（11位手机号或带区号的固定电话）")
    return phone


@given(
    st.text(alphabet="0123456789+- \n\u0663", max_size=16)
    | st.from_regex(r"1[0-9]{10}", fullmatch=True)
    | st.text(max_size=14)
)
def test_validate_phone_agrees_with_the_reference(value):
    from liangxin.core.validators import validate_phone

    assert outcome(validate_phone, value) == outcome(reference_phone, value)
