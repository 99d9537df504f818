"""Importing the enterprise ledger: checks, all-or-nothing, updates, scope, history."""

import datetime
import re

import pytest
from auditlog.models import LogEntry

from liangxin.enterprises.models import Enterprise
from tests.ledger.helpers import csv_bytes, errors, run, xlsx_bytes

HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "所属区域代码",
    "经营状态",
    "职工人数",
    "是否规上",
    "成立日期",
]
GOOD = "91350100M000100Y43"  # GB 32100-2015's own example
CJK = re.compile(r"[\u4e00-\u9fff]")


def ledger(*rows):
    return csv_bytes([HEADERS, *rows])


@pytest.mark.django_db
class TestCreateAndUpdate:
    def test_new_rows_are_created_with_every_column(self, world):
        data = ledger([GOOD, "新建科技有限公司", "CJ-A1-01", "在营", "120", "是", "2020/3/5"])
        result = run("enterprises", data, user=world.user("town_a_admin"))
        assert (result.created, result.bad, result.written) == (1, 0, True)
        e = Enterprise.objects.get(uscc=GOOD)
        assert (e.region, e.status, e.employee_count, e.above_scale) == (
            world.grid_a,
            "operating",
            120,
            True,
        )
        assert e.registered_on == datetime.date(2020, 3, 5)
        assert e.category == "enterprise"

    def test_reimporting_the_same_file_is_a_no_op(self, world):
        data = ledger([GOOD, "新建科技有限公司", "CJ-A1-01", "在营", "120", "是", "2020年3月5日"])
        run("enterprises", data, user=world.user("town_a_admin"))
        again = run("enterprises", data, user=world.user("town_a_admin"))
        assert (again.created, again.updated, again.unchanged, again.written) == (0, 0, 1, False)
        assert again.is_noop

    def test_update_says_which_fields_changed_and_leaves_absent_columns_alone(self, world):
        world.ent_a.address = "纬二路8号"
        world.ent_a.save()
        data = csv_bytes(
            [
                ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"],
                [world.ent_a.uscc, world.ent_a.name, "CJ-A1-01", "停产", "130"],
            ]
        )
        result = run("enterprises", data, user=world.user("town_a_admin"))
        assert result.updated == 1
        assert set(result.updates[0].changes) == {"status", "employee_count"}
        world.ent_a.refresh_from_db()
        assert (world.ent_a.status, world.ent_a.address) == ("suspended", "纬二路8号")

    def test_history_names_the_import_job_and_the_user(self, world):
        user = world.user("town_a_admin")
        data = ledger([world.ent_a.uscc, world.ent_a.name, "CJ-A1-01", "在营", "121", "否", ""])
        run("enterprises", data, user=user, name="川姜台账.csv")
        entry = LogEntry.objects.filter(object_pk=str(world.ent_a.pk)).latest("timestamp")
        assert entry.actor == user and entry.action == LogEntry.Action.UPDATE
        assert entry.additional_data["channel"] == "import"
        assert entry.additional_data["file"] == "川姜台账.csv"
        assert entry.changes["employee_count"] == ["120", "121"]


@pytest.mark.django_db
class TestBadInput:
    def test_one_bad_row_writes_nothing_and_every_problem_is_reported(self, world):
        data = ledger(
            [GOOD, "好企业", "CJ-A1-01", "在营", "10", "否", ""],
            ["91350100M000100Y44", "", "NOPE", "营业中", "-3", "也许", "2020-02-30"],
        )
        result = run("enterprises", data, user=world.user("town_a_admin"))
        assert not result.written and not Enterprise.objects.filter(uscc=GOOD).exists()
        reported = {(n, h) for n, h, _ in errors(result)}
        assert reported == {
            (3, "统一社会信用代码"),
            (3, "企业名称"),
            (3, "所属区域代码"),
            (3, "经营状态"),
            (3, "职工人数"),
            (3, "是否规上"),
            (3, "成立日期"),
        }
        assert all(
            "\u4e00" <= reason[0] <= "\u9fff" or reason[0] in "“（"
            for _, _, reason in errors(result)
        )

    def test_keep_good_rows_imports_them_and_hands_back_the_bad(self, world):
        data = ledger(
            [GOOD, "好企业", "CJ-A1-01", "在营", "10", "否", ""],
            ["91350100M000100Y44", "坏企业", "CJ-A1-01", "在营", "10", "否", ""],
        )
        result = run("enterprises", data, user=world.user("town_a_admin"), keep_good=True)
        assert result.written and result.created == 1 and result.bad == 1
        assert Enterprise.objects.filter(uscc=GOOD).exists()

    def test_duplicate_key_in_the_file(self, world):
        data = ledger(
            [GOOD, "甲", "CJ-A1-01", "在营", "1", "否", ""],
            [GOOD.lower(), "乙", "CJ-A1-01", "在营", "1", "否", ""],
        )
        assert "与第 2 行重复" in errors(run("enterprises", data))[0][2]

    def test_region_outside_the_users_scope(self, world):
        data = ledger([GOOD, "越界企业", "KF-01", "在营", "1", "否", ""])
        result = run("enterprises", data, user=world.user("town_a_admin"))
        assert errors(result) == [(2, "所属区域代码", "区域代码不存在或不在您的管辖范围内")]

    def test_existing_key_outside_the_users_scope(self, world):
        data = ledger([world.ent_b.uscc, "改名", "CJ-A1-01", "在营", "1", "否", ""])
        result = run("enterprises", data, user=world.user("town_a_admin"))
        # Neutral (core.duplicates): nothing says which town or record holds the code.
        assert errors(result)[0][2] == "该编码无法在您的管辖范围内登记，请联系区级管理员"
        world.ent_b.refresh_from_db()
        assert world.ent_b.name == "开发区机械有限公司"

    def test_read_only_roles_cannot_import(self, world):
        from liangxin.ledger.reader import FileProblem

        with pytest.raises(FileProblem, match="无权导入"):
            run(
                "enterprises",
                ledger([GOOD, "x", "CJ-A1-01", "在营", "1", "否", ""]),
                user=world.user("leader"),
            )

    def test_missing_required_header(self, world):
        from liangxin.ledger.reader import FileProblem

        data = csv_bytes([["统一社会信用代码", "企业名称"], [GOOD, "x"]])
        with pytest.raises(FileProblem, match="缺少必填列：所属区域代码、经营状态、职工人数"):
            run("enterprises", data)


@pytest.mark.django_db
class TestFormats:
    def test_gb18030_csv_from_chinese_excel(self, world):
        data = ledger([GOOD, "国标编码企业", "CJ-A1-01", "在营", "5", "N", "2019/1/2"])
        result = run("enterprises", data.decode("utf-8").encode("gb18030"))
        assert result.created == 1
        assert Enterprise.objects.get(uscc=GOOD).name == "国标编码企业"

    def test_utf8_with_bom(self, world):
        data = b"\xef\xbb\xbf" + ledger([GOOD, "带BOM企业", "CJ-A1-01", "在营", "5", "1", ""])
        assert run("enterprises", data).created == 1

    def test_the_encoding_is_checked_over_the_whole_file(self):
        """A piece at a time: a GB18030 character after two megabytes of ASCII (or a
        UTF-8 character cut at a piece's edge) is found as a whole file decode finds it."""
        from liangxin.ledger.reader import DECODE_STEP, csv_encoding

        ascii_text = b"a" * 2_100_000
        assert csv_encoding(ascii_text + "国".encode("gb18030")) == ("gb18030", 0)
        assert csv_encoding(ascii_text + "国".encode()) == ("utf-8", 0)
        cut = b"a" * (DECODE_STEP - 1) + "国".encode()  # 3 bytes across the edge
        assert csv_encoding(cut) == ("utf-8", 0)
        assert csv_encoding(b"\xef\xbb\xbf" + cut) == ("utf-8", 3)

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_rows_past_the_limit_are_a_file_problem(self, world, monkeypatch, fmt):
        from liangxin.ledger import reader

        monkeypatch.setattr(reader, "MAX_ROWS", 3)  # the header and two rows
        rows = [[GOOD, "企业", "CJ-A1-01", "在营", "5", "1", ""]] * 2
        make = (lambda r: xlsx_bytes([HEADERS, *r])) if fmt == "xlsx" else (lambda r: ledger(*r))
        name = f"a.{fmt}"
        assert run("enterprises", make(rows), name=name, dry_run=True).total == 2
        with pytest.raises(reader.FileProblem, match="行数超过上限 3"):
            run("enterprises", make([*rows, rows[0]]), name=name, dry_run=True)

    def test_a_broken_file_after_a_byte_order_mark_is_a_sentence(self, world):
        from liangxin.ledger.reader import FileProblem

        data = b"\xef\xbb\xbf" + ledger([GOOD, "企业", "CJ-A1-01", "在营", "5", "1", ""]) + b"\xff"
        with pytest.raises(FileProblem, match="无法识别文件编码"):
            run("enterprises", data)

    def test_xlsx_with_excel_date_and_number_cells(self, world):
        data = xlsx_bytes(
            [HEADERS, [GOOD, "表格企业", "CJ-A1-01", "在营", 88, "TRUE", datetime.date(2018, 8, 8)]]
        )
        result = run("enterprises", data, name="t.xlsx")
        assert result.created == 1
        e = Enterprise.objects.get(uscc=GOOD)
        assert (e.employee_count, e.registered_on, e.above_scale) == (
            88,
            datetime.date(2018, 8, 8),
            True,
        )


@pytest.mark.django_db
def test_probationary_status_against_a_stored_full_date_is_a_bad_row(world):
    """Absent columns keep stored values: 预备 with a stored 转正日期 is a bad row, not a crash."""
    data = csv_bytes(
        [
            ["公民身份号码", "姓名", "所在党组织编码", "党员状态"],
            [world.member_a_id_number, "林晓红", "ORG-A", "预备"],
        ]
    )
    result = run("members", data, user=world.user("town_a_admin"))
    assert [(n, h) for n, h, _ in errors(result)] == [(2, "转正日期")]
    assert not result.written
