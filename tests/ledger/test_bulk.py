"""Small pieces of the bulk writer."""

import uuid

from liangxin.ledger import bulk


def test_uuid4_texts_are_random_version_4_uuids():
    texts = bulk.uuid4_texts(2000)
    parsed = [uuid.UUID(text) for text in texts]
    assert all(u.version == 4 and u.variant == uuid.RFC_4122 for u in parsed)
    assert all(u.hex == text for u, text in zip(parsed, texts, strict=True))
    assert len(set(texts)) == 2000
    assert bulk.uuid4_texts(0) == []
