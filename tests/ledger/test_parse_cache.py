"""Parsing by block with per-column caches gives what parsing every cell afresh gives."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liangxin.ledger import pipeline
from liangxin.ledger.kinds import kind_named

# Values that repeat, bad ones among them, and the same value as str / int / float / bool.
CELL = st.one_of(
    st.none(),
    st.sampled_from(["是", "否", "Y", "n", " 是 ", "maybe", "", "1", "0", "1.0", "True"]),
    st.sampled_from(["在营", "停业", "注销", "operating", "bogus", "C", "制造业", "Z"]),
    st.sampled_from(["2020-03-05", "2020/3/5", "2020年3月5日", "2020-02-30", "1899-12-31"]),
    st.sampled_from([1, 0, 1.0, 0.0, True, False, 12, -3, 2.5, 44000.0]),
    st.text(alphabet="0123456789-是否 ", max_size=6),
    st.text(max_size=8),
)


def fresh(kind, headers, rows):
    """parse_row with caches switched off: every cell through its parser."""
    mapping, _ = pipeline.map_headers(kind, headers)
    plan = [(*step[:5], None) for step in pipeline.parse_plan(mapping)]
    return [pipeline.parse_row(number, cells, plan) for number, cells in rows]


def blocked(kind, headers, rows, size):
    mapping, _ = pipeline.map_headers(kind, headers)
    plan = pipeline.parse_plan(mapping)
    parsed = []
    for block in pipeline.chunked(iter(rows), size):
        parsed += pipeline.parse_block(block, plan)
    return parsed


def same(a, b):
    return [(r.number, r.values, r.errors) for r in a] == [
        (r.number, r.values, r.errors) for r in b
    ]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["enterprises", "members"]),
    st.lists(st.lists(CELL, max_size=16), min_size=1, max_size=30),
    st.integers(1, 7),
)
def test_same_values_and_errors(kind_name, cell_rows, size):
    kind = kind_named(kind_name)
    headers = [column.header for column in kind.columns]
    rows = [(number, cells) for number, cells in enumerate(cell_rows, start=2)]
    expected = fresh(kind, headers, rows)
    assert same(blocked(kind, headers, rows, size), expected)
    mapping, _ = pipeline.map_headers(kind, headers)
    plan = pipeline.parse_plan(mapping)  # parse_row with the caches on, one plan for all rows
    assert same([pipeline.parse_row(n, c, plan) for n, c in rows], expected)


def test_a_cached_bad_value_fails_every_row_with_the_same_reason():
    kind = kind_named("enterprises")
    headers = [column.header for column in kind.columns]
    row = ["91350100M000100Y43", "甲", "CJ-A1-01", "bogus", "x"]
    rows = [(n, list(row)) for n in range(2, 6)]
    parsed = blocked(kind, headers, rows, 3)
    reasons = [[(e.header, e.value, e.reason) for e in r.errors] for r in parsed]
    assert reasons[0] == reasons[3] and len(reasons[0]) == 2
    assert same(parsed, fresh(kind, headers, rows))
