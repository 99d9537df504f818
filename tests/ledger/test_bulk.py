"""Small pieces of the bulk writer."""

import uuid

import pytest

from liangxin.ledger import bulk
from liangxin.regions.models import Region
from tests import factories as f


def test_uuid4_texts_are_random_version_4_uuids():
    texts = bulk.uuid4_texts(2000)
    parsed = [uuid.UUID(text) for text in texts]
    assert all(u.version == 4 and u.variant == uuid.RFC_4122 for u in parsed)
    assert all(u.hex == text for u, text in zip(parsed, texts, strict=True))
    assert len(set(texts)) == 2000
    assert bulk.uuid4_texts(0) == []


@pytest.mark.django_db
def test_fetch_finds_keys_plain_and_not(world, monkeypatch):
    """Plain keys travel as one array literal on PostgreSQL; others (quotes, commas,
    spaces) as a bound list; in batches either way."""
    monkeypatch.setattr(bulk, "FETCH_KEYS_POSTGRES", 2)
    odd = ['川姜"一",网格', "a b", "x\\y"]
    for code in odd:
        f.region(code, code, "grid", world.town_b)
    plain = ["CJ-A1-01", "KF-01", "NO-SUCH"]
    found = dict(bulk.fetch(Region, ["code", "pk"], where="code", values=plain + odd))
    assert set(found) == {"CJ-A1-01", "KF-01", *odd}
    assert found["CJ-A1-01"] == world.grid_a.pk


@pytest.mark.django_db
def test_tables_a_ledger_writes_have_no_like_prefix_indexes():
    """Every index is paid for on each imported row. Searches are icontains and digests
    are looked up whole, so PostgreSQL's varchar_pattern_ops twins (what unique=True or
    db_index=True on a CharField adds) would serve nothing. The one exception is the
    pickers' pinyin initials: a prefix look-up (LIKE 'zs%') that only a pattern-ops index
    serves, declared alone (core.pinyin.initials_index), not as a twin."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's LIKE-prefix index twins")
    tables = ["enterprises_enterprise", "members_member", "workforce_instructor"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)"
            " AND indexdef LIKE '%%pattern_ops%%' AND indexdef NOT LIKE '%%(name_initials %%'",
            [tables],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT tablename, count(*) FROM pg_indexes WHERE tablename = ANY(%s)"
            " AND indexdef LIKE '%%(name_initials%%' GROUP BY tablename",
            [tables],
        )
        assert dict(cursor.fetchall()) == dict.fromkeys(tables, 1)
