"""servicelists 0004/0005: the need categories leave the code for a table; every need keeps
its stored code, the table holds the fixed list's codes and names, and a code a need held
that the list lacked becomes a switched-off row (PostgreSQL: SQLite's test tables are made
from the models)."""

import datetime

import pytest

from liangxin.servicelists import defaults
from tests.conftest import migrations_skipped_on_sqlite
from tests.migrations import migrate, schema_at

pytestmark = pytest.mark.skipif(
    migrations_skipped_on_sqlite(),
    reason="SQLite's test tables are made from the models (tests/conftest.py): PostgreSQL runs it",
)

BEFORE = [("servicelists", "0003_activity_place")]
AFTER = [("servicelists", "0005_need_category_defaults")]


@pytest.fixture
def old_state(world):
    with schema_at(BEFORE) as apps:
        yield apps


@pytest.mark.django_db(transaction=True)
def test_the_needs_keep_their_codes_and_the_table_holds_them(world, old_state):
    Need = old_state.get_model("servicelists", "Need")
    for category in ("hiring", "living", "housing"):  # housing: never in the fixed list
        Need.objects.create(
            region_id=world.town_a.pk,
            requester_kind="staff",
            requester_name="李师傅",
            item=f"需求 {category}",
            category=category,
            group="workers",
            received_on=datetime.date(2026, 3, 1),
        )

    apps = migrate(AFTER)
    Need = apps.get_model("servicelists", "Need")
    NeedCategory = apps.get_model("servicelists", "NeedCategory")
    assert sorted(Need.objects.values_list("item", "category")) == [
        ("需求 hiring", "hiring"), ("需求 housing", "housing"), ("需求 living", "living"),
    ]  # fmt: skip
    table = {row.code: (row.name, row.active) for row in NeedCategory.objects.all()}
    for code, name, _ in defaults.NEED_CATEGORIES:
        assert table[code] == (name, True)
    assert table["housing"] == ("未登记类别 housing", False)

    migrate(BEFORE)  # and back: the needs are untouched
    Need = migrate(BEFORE).get_model("servicelists", "Need")
    assert Need.objects.filter(category="housing").count() == 1
