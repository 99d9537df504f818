"""The fast creation-history text equals changes_json(creation_changes(row), new=True)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from liangxin.ledger.framework import ParsedRow
from liangxin.ledger.history import CreationChanges, changes_json
from liangxin.ledger.kinds import kind_named

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from([0, 1, True, False, 1.0, "1", "True", "", '"', "\\", "\n", "\u2028"]),
)
FIELDS = ["uscc", "name", "above_scale", "employee_count", "registered_on", "键", 'a"b']


@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), VALUES), max_size=8))
def test_same_text_as_the_json_encoder(rows):
    fast = CreationChanges(FIELDS)  # one builder over many rows: the caches are shared
    for values in rows:
        reference = changes_json({n: (None, values[n]) for n in FIELDS if n in values}, new=True)
        assert fast.json(values) == reference


def test_equal_values_of_different_types_stay_apart():
    fast = CreationChanges(["x"])
    assert fast.json({"x": 1}) == '{"x": [null, "1"]}'
    assert fast.json({"x": True}) == '{"x": [null, "True"]}'
    assert fast.json({"x": 1.0}) == '{"x": [null, "1.0"]}'
    assert fast.json({"x": None}) == '{"x": [null, null]}'
    assert fast.json({}) == "{}"


def test_every_streaming_kind_matches_creation_changes():
    values = {
        "uscc": "91350100M000100Y43",
        "name": "泉州“测试”有限公司",
        "region_id": 7,
        "status": "operating",
        "employee_count": 12,
        "above_scale": True,
        "registered_on": datetime.date(2020, 3, 5),
        "address": "",
        "id_number_digest": "ab",
        "id_number_masked": "3505**********123X",
        "phone_digest": "",
        "phone_masked": "",
        "phone_cipher": b"x",
        "joined_on": None,
    }
    for name in ("enterprises", "members"):
        kind = kind_named(name)
        row = ParsedRow(number=2, cells=None, values=dict(values))
        expected = changes_json(kind.creation_changes(row), new=True)
        assert kind.creation_json(row.values) == expected
