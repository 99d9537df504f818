"""The batch and cached paths in core.pii give what the one-value-at-a-time code gives."""

import hmac as std_hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from liangxin.core import pii

VALUES = ["11010519491231002X", " 11010519491231002x ", "13812345678", "", "甲乙丙", "0595-2234"]


def reference_blind_index(value: str) -> str:
    """A fresh keyed HMAC-SM3 per value: the definition."""
    mac = crypto_hmac.HMAC(pii.index_key(), hashes.SM3())
    mac.update(value.strip().upper().encode("utf-8"))
    return mac.finalize().hex()


def reference_decrypt(blob: bytes) -> str:
    nonce, body, tag = blob[1:13], blob[13:-16], blob[-16:]
    algorithm = algorithms.SM4(pii.encryption_key())
    decryptor = Cipher(algorithm, modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")


def test_blind_index_matches_a_fresh_hmac():
    for value in VALUES:
        assert pii.blind_index(value) == reference_blind_index(value)
    assert pii.blind_indexes(VALUES) == [reference_blind_index(v) for v in VALUES]
    assert pii.blind_indexes([]) == []


def test_blind_index_is_stdlib_hmac_sm3_when_openssl_has_it():
    import hashlib

    if "sm3" not in hashlib.algorithms_available:
        return
    value = "11010519491231002X"
    expected = std_hmac.new(pii.index_key(), value.encode(), "sm3").hexdigest()
    assert pii.blind_index(value) == expected


def test_blind_index_follows_a_changed_key(settings):
    before = pii.blind_index("13812345678")
    settings.PII_INDEX_KEY = "11" * 32
    after = pii.blind_indexes(["13812345678"])[0]
    assert after != before and after == reference_blind_index("13812345678")


def test_encrypt_many_round_trips_with_fresh_nonces():
    blobs = pii.encrypt_many(VALUES)
    assert [pii.decrypt(b) for b in blobs] == VALUES
    assert [reference_decrypt(b) for b in blobs] == VALUES
    assert all(b.startswith(pii.FORMAT_VERSION) for b in blobs)
    assert [len(b) for b in blobs] == [len(pii.encrypt(v)) for v in VALUES]
    nonces = {b[1:13] for b in blobs + pii.encrypt_many(VALUES)}
    assert len(nonces) == 2 * len(VALUES)
    assert pii.encrypt_many([]) == []


def test_encrypt_many_uses_the_configured_key(settings):
    settings.PII_ENCRYPTION_KEY = "00" * 16
    blob = pii.encrypt_many(["11010519491231002X"])[0]
    assert reference_decrypt(blob) == "11010519491231002X"
    settings.PII_ENCRYPTION_KEY = "01" * 16
    try:
        pii.decrypt(blob)
    except pii.DecryptionError:
        pass
    else:
        raise AssertionError("a blob sealed with another key must not decrypt")


def test_the_batch_context_seals_exactly_as_cipher_encryptor():
    """encrypt_many may build its GCM contexts without Cipher's per-call type checks:
    the same nonce and plaintext must give the same bytes as Cipher(...).encryptor()."""
    algorithm = algorithms.SM4(pii.encryption_key())
    nonce = bytes(range(12))
    for value in VALUES:
        data = value.encode("utf-8")
        fast = pii._seal(algorithm, nonce, data, pii._gcm_context)
        assert fast == pii._seal(algorithm, nonce, data, pii._checked_gcm_context)
        assert reference_decrypt(fast) == value
