"""The ``contacts`` ledger kind through the import pipeline (DOMAIN.md §5 rules for ledgers)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from liangxin.ledger.pipeline import FileProblem
from liangxin.mobility.models import ContactLog
from tests import factories as f
from tests.ledger.helpers import csv_bytes, errors, run, xlsx_bytes
from tests.mobility.conftest import contact

pytestmark = pytest.mark.django_db

HEADERS = ["公民身份号码", "联系日期", "联系方式", "联系人", "情况说明"]


def test_rows_add_contacts_for_members_in_scope(world):
    data = xlsx_bytes(
        [
            HEADERS,
            [world.member_a_id_number, datetime.date(2025, 1, 5), "微信", "张书记", "在苏州务工"],
        ]
    )
    result = run("contacts", data, user=world.user("town_a_admin"), name="contacts.xlsx")
    assert (result.written, result.created, result.bad) == (True, 1, 0)
    saved = ContactLog.objects.get()
    assert (saved.member, saved.contacted_on, saved.method) == (
        world.member_a,
        datetime.date(2025, 1, 5),
        "wechat",
    )
    assert saved.contacted_by == world.user("town_a_admin")
    assert LogEntry.objects.get_for_object(saved).filter(additional_data__channel="import").exists()


def test_same_member_and_date_updates(world):
    contact(world.member_a, datetime.date(2025, 1, 5), method="phone", note="旧")
    data = csv_bytes([HEADERS, [world.member_a_id_number, "2025/1/5", "走访", "", "新情况"]])
    result = run("contacts", data, user=world.user("town_a_admin"))
    assert (result.created, result.updated) == (0, 1)
    saved = ContactLog.objects.get()
    assert (saved.method, saved.note) == ("visit", "新情况")


def test_unchanged_row_is_counted_unchanged(world):
    contact(world.member_a, datetime.date(2025, 1, 5), method="visit", contact_name="", note="同")
    data = csv_bytes([HEADERS, [world.member_a_id_number, "2025-01-05", "走访", "", "同"]])
    result = run("contacts", data, user=world.user("town_a_admin"))
    assert (result.unchanged, result.written) == (1, False)


def test_member_outside_the_scope_fails_and_nothing_lands(world):
    other = f.id_number()
    f.MemberFactory(organization=world.org_b, id_number_value=other)
    data = csv_bytes(
        [
            HEADERS,
            [world.member_a_id_number, "2025-01-05", "电话", "", ""],
            [other, "2025-01-05", "电话", "", ""],
        ]
    )
    result = run("contacts", data, user=world.user("town_a_admin"))
    assert errors(result) == [(3, "公民身份号码", "党员不存在或不在您的管辖范围内")]
    assert not result.written and not ContactLog.objects.exists()
    shown = result.bad_rows[0].errors[0].value
    assert other not in shown and "*" in shown  # the ID number is echoed masked


def test_bad_rows_are_all_reported(world):
    number = world.member_a_id_number
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = csv_bytes(
        [
            HEADERS,
            ["110105194912310021", "2025-01-05", "电话", "", ""],  # wrong check character
            [number, "2025-02-30", "电话", "", ""],
            [number, tomorrow, "电话", "", ""],
            [number, "2025-01-06", "传真", "", ""],
            [number, "2025-01-07", "电话", "名" * 51, ""],
            [number, "2025-01-08", "电话", "", "长" * 1001],
            [number, "2025-01-09", "电话", "", ""],
            [number, "2025-01-09", "微信", "", ""],  # same member and day twice in one file
            ["", "2025-01-10", "电话", "", ""],
        ]
    )
    result = run("contacts", data, user=world.user("town_a_admin"))
    rows = {number for number, _, _ in errors(result)}
    assert rows == {2, 3, 4, 5, 6, 7, 9, 10}
    assert "联系日期不能晚于今天" in [reason for _, _, reason in errors(result)]
    assert not ContactLog.objects.exists()


def test_keep_good_rows_writes_the_good_ones(world):
    data = csv_bytes(
        [
            HEADERS,
            [world.member_a_id_number, "2025-01-05", "电话", "", ""],
            ["not a number", "2025-01-05", "电话", "", ""],
        ]
    )
    result = run("contacts", data, user=world.user("town_a_admin"), keep_good=True)
    assert (result.created, result.bad, result.written) == (1, 1, True)


def test_missing_required_column_is_a_file_problem(world):
    with pytest.raises(FileProblem):
        run(
            "contacts",
            csv_bytes([["公民身份号码"], [world.member_a_id_number]]),
            user=world.user("town_a_admin"),
        )


def test_read_only_roles_cannot_import(world):
    data = csv_bytes([HEADERS, [world.member_a_id_number, "2025-01-05", "电话", "", ""]])
    for persona in ("leader", "instructor"):
        with pytest.raises(FileProblem):
            run("contacts", data, user=world.user(persona))


def test_export_masks_and_reimports_with_reveal(world):
    from liangxin.ledger.framework import ImportContext
    from liangxin.ledger.kinds import kind_named

    contact(world.member_a, datetime.date(2025, 1, 5), method="visit", note="好")
    kind = kind_named("contacts")
    ctx = ImportContext(user=world.user("town_a_admin"))
    saved = list(kind.export_queryset(ctx))
    assert kind.export_row(saved[0])[0] == world.member_a.id_number_masked
    revealed = kind.export_row(saved[0], reveal=True)
    assert revealed == [world.member_a_id_number, "2025-01-05", "走访", "", "好"]
    result = run("contacts", csv_bytes([HEADERS, revealed]), user=world.user("town_a_admin"))
    assert (result.unchanged, result.bad) == (1, 0)
    assert list(kind.export_queryset(ImportContext(user=world.user("town_b_admin")))) == []
