"""An export re-imports unchanged; a changed cell updates exactly that field (DOMAIN.md §5)."""

import io

import pytest

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.pipeline import run_import

KINDS = ["regions", "enterprises", "organizations", "members", "instructors"]


def exported(kind, *, fmt="xlsx", user=None) -> bytes:
    stream = io.BytesIO()
    with audit_context(None, channel=CHANNEL_COMMAND):
        export_ledger(kind, stream, ImportContext(user=user), fmt=fmt, reveal=True)
    return stream.getvalue()


def imported(kind, data, *, user=None, **options):
    return run_import(
        kind_name=kind, data=data, file_name=f"{kind}.xlsx", ctx=ImportContext(user=user), **options
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS)
def test_export_reimports_unchanged(world, kind, fmt):
    result = imported(kind, exported(kind, fmt=fmt))
    assert result.bad_rows == []
    assert result.is_noop, [(r.number, r.changes) for r in result.updates]
    assert result.unchanged > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "header", "code"),
    [
        ("regions", "区域代码", "new"),
        ("organizations", "组织编码", "warnings"),
    ],
)
def test_a_code_the_addresses_use_is_a_bad_row(world, kind, header, code):
    """/regions/new/ and /api/v1/organizations/warnings/ stand where such a record's page
    would: the ledger refuses the code as the forms do."""
    import csv

    rows = list(csv.reader(io.StringIO(exported(kind, fmt="csv").decode("utf-8-sig"))))
    rows[1][rows[0].index(header)] = code
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    result = imported(kind, text.getvalue().encode())
    reasons = [(r.number, e.header, e.reason) for r in result.bad_rows for e in r.errors]
    assert (2, header, f"“{code}”是系统保留的网址用词，不能用作编码") in reasons
    assert not result.written
