"""Attached files (meeting photos, minutes, evidence): checked on the way in, encrypted
at rest, refused in Chinese when they are not what they claim."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from liangxin.core import attachments

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MINUTES = "会议记录：张三发言，通过决议。".encode()


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_stored_file_is_encrypted_on_disk_and_reads_back():
    name = attachments.store(MINUTES)
    on_disk = (Path(settings.MEDIA_ROOT) / name).read_bytes()
    assert MINUTES not in on_disk and "张三".encode() not in on_disk
    assert attachments.read(name) == MINUTES


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("会议.exe", b"MZ", "不支持的文件类型"),
        ("无扩展名", b"abc", "不支持的文件类型"),
        ("签到表.png", b"", "是空的"),
        ("照片.png", b"GIF89a not a png", "与扩展名 .png 不符"),
        ("纪要.pdf", b"PK\x03\x04", "与扩展名 .pdf 不符"),
    ],
)
def test_bad_files_are_refused_in_chinese(file_name, data, message):
    with pytest.raises(ValidationError, match=message):
        attachments.check(file_name, data)


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationError, match="超过 1 MB"):
        attachments.check("照片.png", PNG + b"\x00" * (1024 * 1024))


def test_accepted_kinds_have_their_content_type():
    assert attachments.check("照片.PNG", PNG) == "image/png"
    assert attachments.check("记录.txt", MINUTES) == "text/plain"


def test_a_path_outside_the_folder_is_never_read():
    with pytest.raises(ValueError):
        attachments.read("../ledger/x.enc")
