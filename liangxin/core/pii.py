"""Personal data at rest: SM4-GCM encryption and an HMAC-SM3 blind index.

Ciphertext layout: b"\x01" (format version) + 12-byte nonce + ciphertext + 16-byte tag.
The blind index is a keyed hash of the normalised value; it gives uniqueness and
exact lookup without storing the plaintext. Keys come from settings (environment).
"""

import hmac as std_hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """Stored ciphertext could not be authenticated with the configured key."""


@lru_cache(maxsize=4)
def _key(hex_value: str, name: str) -> bytes:
    try:
        key = bytes.fromhex(hex_value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} 必须是十六进制字符串") from exc
    if len(key) != 16 and name == "PII_ENCRYPTION_KEY":
        raise ImproperlyConfigured(
            "PII_ENCRYPTION_KEY 必须是 16 字节（32 个十六进制字符）的 SM4 密钥"
        )
    if len(key) < 16:
        raise ImproperlyConfigured(f"{name} 至少需要 16 字节")
    return key


def encryption_key() -> bytes:
    return _key(settings.PII_ENCRYPTION_KEY, "PII_ENCRYPTION_KEY")


def index_key() -> bytes:
    return _key(settings.PII_INDEX_KEY, "PII_INDEX_KEY")


@lru_cache(maxsize=4)
def _sm4(key: bytes) -> algorithms.SM4:
    return algorithms.SM4(key)


def encrypt(plaintext: str) -> bytes:
    return encrypt_bytes(plaintext.encode("utf-8"))


def encrypt_bytes(data: bytes) -> bytes:
    """SM4-GCM for any payload (uploaded ledger files and error reports kept for download)."""
    return _seal(_sm4(encryption_key()), os.urandom(NONCE_BYTES), data)


def encrypt_many(plaintexts: list[str]) -> list[bytes]:
    """``[encrypt(p) for p in plaintexts]`` with the key looked up and the nonces drawn once.

    Each value still gets its own random 12-byte nonce (one os.urandom call for all
    of them) and its own GCM context: the same ciphertext format, for ledger imports
    that seal hundreds of thousands of values.
    """
    algorithm = _sm4(encryption_key())
    nonces = os.urandom(NONCE_BYTES * len(plaintexts))
    return [
        _seal(algorithm, nonces[start : start + NONCE_BYTES], text.encode("utf-8"), _gcm_context)
        for start, text in zip(range(0, len(nonces), NONCE_BYTES), plaintexts, strict=True)
    ]


def _seal(algorithm: algorithms.SM4, nonce: bytes, data: bytes, context=None) -> bytes:
    encryptor = (context or _checked_gcm_context)(algorithm, nonce)
    body = encryptor.update(data) + encryptor.finalize()
    return FORMAT_VERSION + nonce + body + encryptor.tag


def _checked_gcm_context(algorithm: algorithms.SM4, nonce: bytes):
    return Cipher(algorithm, modes.GCM(nonce)).encryptor()


def _gcm_context_without_checks():
    """cryptography's own constructor of the encryption context that ``Cipher.encryptor()``
    returns, when this version has it. ``Cipher`` re-checks the algorithm and mode types
    (abstract-class isinstance checks) for every value: over half of the time of sealing
    an 18-character ID number. The algorithm is checked once (``_sm4``) and the mode is
    always a fresh GCM nonce, so a batch may skip those checks; the context, the nonce
    and the output are the same (tests/core/test_pii_batch.py compares them)."""
    try:
        from cryptography.hazmat.bindings._rust import openssl as rust_openssl

        create = rust_openssl.ciphers.create_encryption_ctx
    except (ImportError, AttributeError):
        return _checked_gcm_context

    def context(algorithm: algorithms.SM4, nonce: bytes):
        return create(algorithm, modes.GCM(nonce))

    return context


_gcm_context = _gcm_context_without_checks()


def decrypt(blob: bytes | memoryview) -> str:
    return decrypt_bytes(blob).decode("utf-8")


def decrypt_bytes(blob: bytes | memoryview) -> bytes:
    blob = bytes(blob)
    if not blob.startswith(FORMAT_VERSION) or len(blob) < 1 + NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("密文格式不正确")
    nonce = blob[1 : 1 + NONCE_BYTES]
    body, tag = blob[1 + NONCE_BYTES : -TAG_BYTES], blob[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(encryption_key()), modes.GCM(nonce, tag)).decryptor()
    try:
        return decryptor.update(body) + decryptor.finalize()
    except Exception as exc:  # InvalidTag: wrong key or tampered data
        raise DecryptionError("密文无法用当前密钥解密") from exc


@lru_cache(maxsize=4)
def _keyed_sm3(key: bytes) -> crypto_hmac.HMAC:
    """An HMAC-SM3 context holding only the key; each value hashes in a copy of it
    (``copy()`` skips re-deriving the keyed state: about a third of the cost)."""
    return crypto_hmac.HMAC(key, hashes.SM3())


def blind_index(value: str) -> str:
    mac = _keyed_sm3(index_key()).copy()
    mac.update(value.strip().upper().encode("utf-8"))
    return mac.finalize().hex()


def blind_indexes(values: list[str]) -> list[str]:
    """``[blind_index(v) for v in values]`` with the key looked up once."""
    keyed = _keyed_sm3(index_key())
    digests = []
    for value in values:
        mac = keyed.copy()
        mac.update(value.strip().upper().encode("utf-8"))
        digests.append(mac.finalize().hex())
    return digests


def same_index(a: str, b: str) -> bool:
    return std_hmac.compare_digest(a, b)


def mask_id_number(value: str) -> str:
    """Keep the first 4 and last 4 characters: 3505**********123X."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits: 138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
