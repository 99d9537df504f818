"""Fuzzing the cell parsers: whatever a file holds, a parser returns a value of its type or
raises CellError (shown to the user as the reason) — never any other exception."""

import datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from liangxin.enterprises.ledger import industry_cell, uscc_cell
from liangxin.enterprises.models import Industry, OperatingStatus
from liangxin.ledger import cells
from liangxin.ledger.people import id_number_cell, phone_cell

# Everything python-calamine or the csv module can hand over for one cell.
RAW_CELLS = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.text(alphabet="0123456789-/年月日.,;；、 是否YNyn", max_size=20),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(parse, raw):
    try:
        return parse(raw)
    except cells.CellError as error:
        assert str(error), "a CellError always says why"
        return error


def is_error(value) -> bool:
    return isinstance(value, cells.CellError)


@SETTINGS
@given(RAW_CELLS)
def test_text_is_a_trimmed_string(raw):
    value = outcome(cells.text, raw)
    assert is_error(value) or (isinstance(value, str) and value == value.strip())


@SETTINGS
@given(RAW_CELLS, st.integers(min_value=1, max_value=50))
def test_bounded_text_respects_its_limit(raw, limit):
    value = outcome(cells.bounded_text(limit), raw)
    assert is_error(value) or (isinstance(value, str) and len(value) <= limit)


@SETTINGS
@given(RAW_CELLS)
@example("是")
@example("FALSE")
def test_yes_no_is_a_bool_or_empty(raw):
    value = outcome(cells.yes_no, raw)
    assert is_error(value) or value in (True, False, None)


@SETTINGS
@given(RAW_CELLS)
@example("2024年2月30日")
@example("0000-01-01")
@example(2958466.0)
def test_date_is_a_real_date(raw):
    value = outcome(cells.date, raw)
    if not is_error(value) and value is not None:
        assert type(value) is datetime.date


@SETTINGS
@given(RAW_CELLS)
@example("1,234")
@example("12.0")
@example("NaN")
def test_whole_number_is_a_bounded_non_negative_int(raw):
    value = outcome(cells.whole_number, raw)
    if not is_error(value) and value is not None:
        assert type(value) is int and 0 <= value <= 10_000_000


@pytest.mark.parametrize("raw", ["Infinity", "-inf", "sNaN", "1e99999999", "-1e99999999"])
def test_whole_number_refuses_decimal_specials(raw):
    assert is_error(outcome(cells.whole_number, raw))


@SETTINGS
@given(RAW_CELLS)
def test_several_is_a_list_of_distinct_non_empty_parts(raw):
    value = outcome(cells.several, raw)
    if not is_error(value):
        assert isinstance(value, list) and all(isinstance(p, str) and p for p in value)
        assert len(set(value)) == len(value)


@SETTINGS
@given(st.one_of(RAW_CELLS, st.sampled_from(OperatingStatus.labels + OperatingStatus.values)))
def test_choice_is_a_stored_value(raw):
    value = outcome(cells.choice(OperatingStatus), raw)
    assert is_error(value) or value is None or value in OperatingStatus.values


@SETTINGS
@given(st.one_of(RAW_CELLS, st.sampled_from(Industry.labels + Industry.values)))
def test_industry_is_a_section_letter(raw):
    value = outcome(industry_cell, raw)
    assert is_error(value) or value is None or value in Industry.values


@SETTINGS
@given(
    st.one_of(
        RAW_CELLS, st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18)
    )
)
@example("91350100M000100Y43")
def test_uscc_is_eighteen_characters(raw):
    value = outcome(uscc_cell, raw)
    assert is_error(value) or value is None or (isinstance(value, str) and len(value) == 18)


@SETTINGS
@given(st.one_of(RAW_CELLS, st.text(alphabet="0123456789Xx", min_size=15, max_size=18)))
def test_id_number_is_eighteen_characters(raw):
    value = outcome(id_number_cell, raw)
    assert is_error(value) or value is None or (isinstance(value, str) and len(value) == 18)


@SETTINGS
@given(st.one_of(RAW_CELLS, st.from_regex(r"\A(\+86)?1[3-9]\d{9}\Z")))
def test_phone_is_digits(raw):
    value = outcome(phone_cell, raw)
    assert (
        is_error(value)
        or value is None
        or (isinstance(value, str) and value.replace("-", "").isdigit())
    )
