"""National-standard identifiers (RULES.md, "National standards for validation")."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from liangxin.core.validators import (
    birth_date_from_id_number,
    gender_from_id_number,
    validate_id_number,
    validate_phone,
    validate_uscc,
)


class TestResidentIdNumber:
    """GB 11643-1999 公民身份号码."""

    def test_the_standards_own_example_is_valid(self):
        # GB 11643-1999 annex example: 北京市朝阳区, born 1949-12-31, female, check X.
        assert validate_id_number("11010519491231002X") == "11010519491231002X"
        assert birth_date_from_id_number("11010519491231002X") == datetime.date(1949, 12, 31)
        assert gender_from_id_number("11010519491231002X") == "F"

    def test_lowercase_x_and_spaces_are_normalised(self):
        assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"

    def test_area_code_newer_than_birth_year_is_valid(self):
        # RULES.md trap: 平湖市 330482 exists from 1991; a member born in 1970 holds a
        # valid 330482… number. python-stdnum's validate() rejects it; we must not.
        number = "330482197005031370"
        assert not ric.is_valid(number)
        assert validate_id_number(number) == number

    def test_wrong_check_character(self):
        with pytest.raises(ValidationError, match="校验码"):
            validate_id_number("110105194912310021")

    def test_changed_digit_breaks_the_checksum(self):
        with pytest.raises(ValidationError, match="校验码"):
            validate_id_number("11010519491231003X")

    @pytest.mark.parametrize(
        "value, reason",
        [
            ("1101051949123100", "18位"),
            ("11010519491231002X1", "18位"),
            ("1101051949123100AX", "数字"),
            ("", "18位"),
        ],
    )
    def test_malformed_numbers(self, value, reason):
        with pytest.raises(ValidationError, match=reason):
            validate_id_number(value)

    def test_impossible_birth_date(self):
        body = "11010519490231002"  # 31 February
        number = body + ric.calc_check_digit(body + "0")
        with pytest.raises(ValidationError, match="出生日期"):
            validate_id_number(number)

    def test_future_birth_date(self):
        body = "11010520991231002"
        number = body + ric.calc_check_digit(body + "0")
        with pytest.raises(ValidationError, match="出生日期"):
            validate_id_number(number, today=datetime.date(2026, 11, 21))

    def test_first_two_digits_must_name_a_province(self):
        body = "99010519491231002"
        number = body + ric.calc_check_digit(body + "0")
        with pytest.raises(ValidationError, match="省级"):
            validate_id_number(number)

    def test_odd_sequence_is_male(self):
        assert gender_from_id_number("330482197005031370") == "M"

    @given(st.text(max_size=40))
    def test_any_text_either_validates_or_raises_a_chinese_error(self, value):
        try:
            number = validate_id_number(value)
        except ValidationError as exc:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.messages[0])
        else:
            assert len(number) == 18


class TestUnifiedSocialCreditCode:
    """GB 32100-2015 统一社会信用代码."""

    def test_the_standards_own_example_is_valid(self):
        # GB 32100-2015 annex example.
        assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"

    def test_wrong_check_character(self):
        with pytest.raises(ValidationError, match="校验码"):
            validate_uscc("91350100M000100Y44")

    def test_letters_outside_the_alphabet_are_rejected(self):
        # I, O, Z, S, V are not in the GB 32100 character set.
        with pytest.raises(ValidationError):
            validate_uscc("91350100M000100I43")

    def test_wrong_length(self):
        with pytest.raises(ValidationError, match="18位"):
            validate_uscc("91350100M000100Y4")

    @given(st.text(max_size=30))
    def test_any_text_either_validates_or_raises_a_chinese_error(self, value):
        try:
            code = validate_uscc(value)
        except ValidationError as exc:
            assert "统一社会信用代码" in exc.messages[0]
        else:
            assert len(code) == 18


class TestPhone:
    @pytest.mark.parametrize("value", ["13812345678", "+8613812345678", "0595-22345678"])
    def test_valid(self, value):
        assert validate_phone(value)

    @pytest.mark.parametrize("value", ["12812345678", "1381234567", "abc", "138123456789"])
    def test_invalid(self, value):
        with pytest.raises(ValidationError, match="手机号码"):
            validate_phone(value)
