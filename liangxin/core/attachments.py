"""Files people attach to records (meeting photos, minutes, inspection evidence), kept
SM4-encrypted under MEDIA_ROOT/attachments/ like the ledger files: a sign-in sheet or a
photo of a meeting names people.

A model that holds one file subclasses ``Attachment`` and points at its record; the
bytes go through ``store`` (checks the kind and size, encrypts) and come back through
``attachment_response`` (decrypts, never cached).
"""

import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse

from liangxin.core import pii

FOLDER = "attachments"

# Extension → content type. A short allow-list: what a branch photographs or scans and
# what its minutes are written in; anything else is refused with the list in the message.
ALLOWED_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}
# The first bytes of the kinds whose format is fixed: a renamed file is refused.
SIGNATURES = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
}


def max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_MB", 20) * 1024 * 1024


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def _absolute(name: str) -> Path:
    path = (Path(settings.MEDIA_ROOT) / name).resolve()
    if _root().resolve() not in path.parents:
        raise ValueError("文件路径不在附件目录内")
    return path


def extension(file_name: str) -> str:
    return Path(file_name).suffix.lower().lstrip(".")


def check(file_name: str, data: bytes) -> str:
    """The content type of an acceptable file; ValidationError in Chinese otherwise."""
    kind = extension(file_name)
    if kind not in ALLOWED_TYPES:
        allowed = "、".join(sorted(ALLOWED_TYPES))
        raise ValidationError(f"不支持的文件类型“{kind or '无扩展名'}”，可上传：{allowed}")
    if not data:
        raise ValidationError(f"文件“{file_name}”是空的")
    if len(data) > max_bytes():
        limit = max_bytes() // (1024 * 1024)
        raise ValidationError(f"文件“{file_name}”超过 {limit} MB 的上限")
    if kind in SIGNATURES and not data.startswith(SIGNATURES[kind]):
        raise ValidationError(f"文件“{file_name}”的内容与扩展名 .{kind} 不符")
    return ALLOWED_TYPES[kind]


def store(data: bytes) -> str:
    """Encrypt and keep ``data``; the path relative to MEDIA_ROOT."""
    _root().mkdir(parents=True, exist_ok=True)
    name = f"{FOLDER}/{uuid.uuid4().hex}.enc"
    _absolute(name).write_bytes(pii.encrypt_bytes(data))
    return name


def read(name: str) -> bytes:
    return pii.decrypt_bytes(_absolute(name).read_bytes())


def remove(name: str) -> None:
    if name:
        _absolute(name).unlink(missing_ok=True)


class Attachment(models.Model):
    """One attached file: its name as uploaded, its kind and size, where the ciphertext is."""

    file_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    stored_file = models.CharField("存储位置", max_length=200, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.file_name

    @classmethod
    def from_upload(cls, upload, *, user, **record) -> "Attachment":
        """An unsaved attachment of ``upload`` (a Django UploadedFile), checked and stored."""
        data = upload.read()
        content_type = check(upload.name, data)
        return cls(
            file_name=Path(upload.name).name[:200],
            content_type=content_type,
            size=len(data),
            stored_file=store(data),
            uploaded_by=user,
            **record,
        )


def attachment_response(attachment: Attachment) -> HttpResponse:
    """The decrypted file; images are shown in the page, the rest downloaded."""
    response = HttpResponse(read(attachment.stored_file), content_type=attachment.content_type)
    disposition = "inline" if attachment.content_type.startswith("image/") else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(attachment.file_name)}"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
