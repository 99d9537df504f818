"""Training (WORK.md §4 "Training", issue 17): sessions and attendance, the attendance sheet
import (all or nothing), each person's year against the hours rules, the coverage of
"every party worker at least one training a year" [L:张家港] naming who is missing, the
初任培训 of new secretaries within six months ([N] 培训规划, [L:川姜]) and the ratings'
auto source ``training.coverage``."""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.core.checklist_sources import checklist_sources
from liangxin.core.home import todos_for
from liangxin.organizations.models import PartyStation
from liangxin.rules.values import rule_set
from liangxin.workforce import selectors_training as sel
from liangxin.workforce.checklist_training import reason, trained_every_worker
from liangxin.workforce.models_people import (
    PartyWorker,
    Training,
    TrainingAttendance,
    TrainingKind,
    WorkerRole,
    WorkerState,
)
from liangxin.workforce.periods import add_months
from liangxin.workforce.services_training import attendance_add, training_create
from liangxin.workforce.training_import import import_sheet

pytestmark = pytest.mark.django_db

D = datetime.date
LONG_AGO = D(2020, 1, 1)
Y = 2025  # a past year: every figure below is fixed whatever the day the suite runs


def worker(name, role, region, *, started=LONG_AGO, **extra) -> PartyWorker:
    return PartyWorker.objects.create(
        name=name, role=role, region=region, started_on=started, **extra
    )


def session(world, title, day, hours, **extra) -> Training:
    data = {
        "title": title,
        "level": "town",
        "kind": TrainingKind.REGULAR,
        "mode": "offline",
        "organizer": "川姜镇党委",
        "region": world.town_a,
        "starts_on": day,
        "ends_on": day,
        "hours": Decimal(hours),
        "place": "党群服务中心",
        "has_test": False,
        **extra,
    }
    return training_create(actor=world.user("town_a_admin"), data=data)


@pytest.fixture
def people(world):
    """Town A: 6 party workers in post in 2025 (two named 王芳), one who left in 2024;
    town B: its secretary. Two sessions in 2025, three of town A's six trained."""
    w = world
    w.station = PartyStation.objects.create(
        name="川姜一片区党群工作站", level="area", region=w.area_a
    )
    w.sec_a = worker("林晓红", WorkerRole.SECRETARY, w.grid_a, organization=w.org_a)
    w.full_a = worker("张伟", WorkerRole.FULL_TIME, w.area_a, station=w.station, full_time=True)
    w.part_a = worker("李娜", WorkerRole.PART_TIME, w.grid_a, enterprise=w.ent_a2)
    w.fang_org = worker("王芳", WorkerRole.PART_TIME, w.grid_a, organization=w.org_a)
    w.fang_station = worker("王芳", WorkerRole.DEPUTY_SECRETARY, w.area_a, station=w.station)
    w.town_level = worker("周敏", WorkerRole.LIAISON, w.town_a)
    w.gone = worker(
        "赵强",
        WorkerRole.PART_TIME,
        w.grid_a,
        organization=w.org_a,
        state=WorkerState.LEFT,
        ended_on=D(2024, 6, 30),
    )
    w.sec_b = worker("陈建国", WorkerRole.SECRETARY, w.grid_b, organization=w.org_b)
    w.t1 = session(w, "党章党规专题培训", D(Y, 3, 10), "8")
    w.t2 = session(w, "年度轮训", D(Y, 9, 1), "16", kind=TrainingKind.ROTATION)
    admin = w.user("town_a_admin")
    attendance_add(
        actor=admin,
        training=w.t1,
        entries=[(w.sec_a, None, None), (w.full_a, Decimal("4"), None), (w.fang_org, None, None)],
    )
    attendance_add(actor=admin, training=w.t2, entries=[(w.sec_a, None, None)])
    return w


def xlsx(rows, headers=("姓名", "所在单位", "学时", "考试合格")) -> bytes:
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return stream.getvalue()


def workbook_rows(response) -> list[list]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


class TestRules:
    def test_the_rules_page_shows_the_training_rules_with_their_sources(self, login):
        page = login("district_admin").get(reverse("rules:list")).content.decode()
        assert "党务工作者每年至少参加培训" in page and "[L:张家港]" in page
        assert "培训工作规划" in page  # [N] 培训规划: 32 and 56 hours, six months
        assert "基层党组织书记和班子成员每年集中学习培训" in page

    def test_secretaries_and_deputies_are_held_to_56_hours_the_others_to_32(self, world):
        # [N] 培训规划: 党员 ≥ 32 学时, 书记和班子成员 ≥ 56
        expected = sel.hour_expectations()
        assert expected[WorkerRole.SECRETARY] == expected[WorkerRole.DEPUTY_SECRETARY] == 56
        assert expected[WorkerRole.FULL_TIME] == expected[WorkerRole.PART_TIME] == 32
        rule_set(actor=world.user("district_admin"), key="training.secretary_hours", value=60)
        assert sel.hour_expectations()[WorkerRole.SECRETARY] == 60


class TestSessions:
    def test_only_region_admins_create_sessions_and_only_in_their_regions(self, world):
        with pytest.raises(PermissionDenied):
            session_for(world, "secretary")
        with pytest.raises(ValidationError) as caught:
            session_for(world, "town_b_admin", region=world.town_a)
        assert "不在您的管辖范围内" in " ".join(caught.value.messages)

    def test_the_end_may_not_come_before_the_start(self, world):
        with pytest.raises(ValidationError) as caught:
            session(world, "x", D(Y, 3, 10), "8", ends_on=D(Y, 3, 9))
        assert "结束日期不能早于开始日期" in " ".join(caught.value.messages)

    def test_a_town_admin_creates_a_session_from_the_page(self, world, login):
        response = login("town_a_admin").post(
            reverse("instructors:training-create"),
            {
                "title": "新时代党建实务",
                "level": "town",
                "kind": "regular",
                "mode": "offline",
                "organizer": "川姜镇党委",
                "region": world.town_a.pk,
                "starts_on": "2025-05-06",
                "ends_on": "2025-05-06",
                "hours": "4",
            },
        )
        made = Training.objects.get()
        assert response.status_code == 302 and made.hours == 4 and made.region == world.town_a

    def test_the_list_filters_by_year_kind_and_region_and_exports(self, people, login):
        client = login("town_a_admin")
        page = client.get(reverse("instructors:trainings"), {"year": Y, "kind": "rotation"})
        text = page.content.decode()
        assert "年度轮训" in text and "党章党规专题培训" not in text
        assert (
            "党章党规专题培训"
            not in client.get(reverse("instructors:trainings"), {"year": Y - 1}).content.decode()
        )
        rows = workbook_rows(client.get(reverse("instructors:trainings-export"), {"year": Y}))
        titles = {row[0] for row in rows}
        assert {"党章党规专题培训", "年度轮训"} <= titles
        t1_row = next(row for row in rows if row[0] == "党章党规专题培训")
        assert t1_row[-1] == 3  # 参训人数

    def test_another_towns_admin_gets_404_for_the_session(self, people, login):
        client = login("town_b_admin")
        assert client.get(reverse("instructors:training", args=[people.t1.pk])).status_code == 404
        post = client.post(
            reverse("instructors:training", args=[people.t1.pk]), {"workers": [people.sec_b.pk]}
        )
        assert post.status_code == 404
        assert (
            client.get(reverse("instructors:training-import", args=[people.t1.pk])).status_code
            == 404
        )
        assert not people.t1.attendance.filter(worker=people.sec_b).exists()


def session_for(world, persona, region=None):
    data = {
        "title": "x",
        "level": "town",
        "kind": "regular",
        "mode": "offline",
        "organizer": "x",
        "region": region or world.town_b,
        "starts_on": D(Y, 1, 5),
        "ends_on": D(Y, 1, 5),
        "hours": Decimal("2"),
    }
    return training_create(actor=world.user(persona), data=data)


class TestAttendance:
    def test_hours_default_to_the_sessions_and_may_be_fewer(self, people):
        hours = dict(people.t1.attendance.values_list("worker__name", "hours"))
        assert hours == {"林晓红": Decimal("8"), "张伟": Decimal("4"), "王芳": Decimal("8")}

    def test_more_hours_than_the_session_are_refused(self, people):
        with pytest.raises(ValidationError) as caught:
            attendance_add(
                actor=people.user("town_a_admin"),
                training=people.t1,
                entries=[(people.part_a, Decimal("8.5"), None)],
            )
        assert "超过本班次学时 8" in " ".join(caught.value.messages)
        assert not people.t1.attendance.filter(worker=people.part_a).exists()

    def test_a_duplicate_is_refused_in_chinese_and_nothing_is_written(self, people, login):
        response = login("town_a_admin").post(
            reverse("instructors:training", args=[people.t1.pk]),
            {"workers": [people.part_a.pk]},
        )
        assert response.status_code == 302
        again = login("town_a_admin").post(
            reverse("instructors:training", args=[people.t1.pk]),
            {"workers": [people.part_a.pk]},
        )
        assert "所选人员已在本班次登记参训" in again.content.decode()
        assert people.t1.attendance.filter(worker=people.part_a).count() == 1
        # 林晓红 already attends: the service refuses the pair, 李娜 is not written either.
        with pytest.raises(ValidationError) as caught:
            attendance_add(
                actor=people.user("town_a_admin"),
                training=people.t2,
                entries=[(people.part_a, None, None), (people.sec_a, None, None)],
            )
        assert "林晓红已在本班次登记参训，不能重复登记" in caught.value.messages
        assert not people.t2.attendance.filter(worker=people.part_a).exists()

    def test_the_picker_offers_the_scopes_workers_and_a_recorded_one_is_refused(
        self, people, login
    ):
        town = login("town_a_admin")
        picker = reverse("picker", args=["party_workers"])
        names = [o["text"] for o in town.get(picker, {"q": "李"}).json()]
        assert any(name.startswith("李娜") for name in names)
        assert not town.get(picker, {"q": "陈建国"}).json()  # town B's secretary
        recorded = people.t1.attendance.get(worker__name="林晓红").worker
        page = town.post(
            reverse("instructors:training", args=[people.t1.pk]), {"workers": [recorded.pk]}
        ).content.decode()
        assert "所选人员已在本班次登记参训" in page
        assert people.t1.attendance.filter(worker=recorded).count() == 1

    def test_a_worker_of_another_town_is_404(self, people, login):
        response = login("town_a_admin").post(
            reverse("instructors:training", args=[people.t1.pk]), {"workers": [people.sec_b.pk]}
        )
        assert response.status_code == 200  # not a choice of the form: refused as such
        assert not people.t1.attendance.filter(worker=people.sec_b).exists()
        from liangxin.core.services import OutOfScope

        with pytest.raises(OutOfScope):
            attendance_add(
                actor=people.user("town_a_admin"),
                training=people.t1,
                entries=[(people.sec_b, None, None)],
            )

    def test_a_session_cannot_be_cut_below_the_hours_recorded(self, people):
        from liangxin.workforce.services_training import training_update

        with pytest.raises(ValidationError) as caught:
            training_update(
                actor=people.user("town_a_admin"), training=people.t1, data={"hours": Decimal("6")}
            )
        assert "已有参训记录的学时超过此学时" in " ".join(caught.value.messages)
        people.t1.refresh_from_db()
        assert people.t1.hours == 8

    def test_a_record_is_removed_by_the_town_not_by_another(self, people, login):
        record = people.t1.attendance.get(worker=people.full_a)
        url = reverse("instructors:training-attendance-remove", args=[people.t1.pk, record.pk])
        assert login("town_b_admin").post(url).status_code == 404
        assert login("secretary").post(url).status_code == 404  # not one of org_a's
        own = people.t1.attendance.get(worker=people.sec_a)
        own_url = reverse("instructors:training-attendance-remove", args=[people.t1.pk, own.pk])
        assert login("secretary").post(own_url).status_code == 403  # sees it, may not edit
        assert login("town_a_admin").post(url).status_code == 302
        assert not people.t1.attendance.filter(worker=people.full_a).exists()

    def test_the_attendance_exports(self, people, login):
        rows = workbook_rows(
            login("town_a_admin").get(
                reverse("instructors:training-attendance-export", args=[people.t1.pk])
            )
        )
        names = [row[0] for row in rows]
        assert names.count("王芳") == 1 and "林晓红" in names and "张伟" in names


class TestImport:
    def run(self, people, data, name="签到表.xlsx"):
        return import_sheet(
            actor=people.user("town_a_admin"), training=people.t2, data=data, name=name
        )

    def test_a_good_sheet_is_written_whole(self, people):
        data = xlsx(
            [
                ["王芳", "川姜一片区党群工作站", 12, "是"],
                ["李娜", "", "", "否"],
                ["周敏", "", 16.0, ""],
            ]
        )
        outcome = self.run(people, data)
        assert outcome.errors == [] and outcome.written == 3
        got = {
            (a.worker_id, a.hours, a.passed)
            for a in people.t2.attendance.exclude(worker=people.sec_a)
        }
        assert got == {
            (people.fang_station.pk, Decimal("12"), True),
            (people.part_a.pk, Decimal("16"), False),
            (people.town_level.pk, Decimal("16"), None),
        }

    def test_every_bad_row_is_told_with_its_number_and_nothing_is_written(self, people):
        data = xlsx(
            [
                ["李娜", "", 4, "是"],  # row 2: good
                ["无此人", "", "", ""],  # 3: unknown
                ["王芳", "", "", ""],  # 4: two of that name
                ["张伟", "", 20, ""],  # 5: more than the session's 16
                ["周敏", "", "四", ""],  # 6: not a number
                ["李娜", "", "", ""],  # 7: duplicate of row 2
                ["林晓红", "", "", ""],  # 8: already recorded
                ["陈建国", "", "", ""],  # 9: town B, outside the scope
                ["王芳", "川姜纺织有限公司党支部", "", "也许"],  # 10: bad 考试合格
            ]
        )
        before = TrainingAttendance.objects.count()
        outcome = self.run(people, data)
        text = "\n".join(outcome.errors)
        assert outcome.written == 0 and TrainingAttendance.objects.count() == before
        assert not any(error.startswith("第 2 行") for error in outcome.errors)
        assert "第 3 行：在您的管辖范围内找不到在岗的党务工作者“无此人”" in text
        assert "第 4 行：“王芳”有 2 人" in text and "请在“所在单位”列注明" in text
        assert "第 5 行：学时 20 超过本班次学时 16" in text
        assert "第 6 行：学时“四”不是数字" in text
        assert "第 7 行：与第 2 行是同一人（表中重复）" in text
        assert "第 8 行：林晓红已在本班次登记参训" in text
        assert "第 9 行：在您的管辖范围内找不到在岗的党务工作者“陈建国”" in text
        assert "第 10 行：考试合格应填“是”或“否”" in text
        assert len(outcome.errors) == 8

    def test_a_file_that_is_not_xlsx_is_refused(self, people):
        outcome = self.run(people, "姓名\n李娜\n".encode(), name="签到表.csv")
        assert outcome.errors == ["只支持 .xlsx 格式的签到表：请在 Excel 中另存为 .xlsx 后上传"]
        outcome = self.run(people, b"\x89PNG\r\n\x1a\n" + b"0" * 100, name="照片.xlsx")
        assert "只支持 .xlsx" in outcome.errors[0]
        outcome = self.run(people, b"PK\x03\x04" + b"0" * 100, name="坏.xlsx")
        assert "无法读取该 Excel 文件" in outcome.errors[0]

    def test_an_oversized_file_is_refused(self, people):
        outcome = self.run(people, b"PK\x03\x04" + b"0" * (3 * 1024 * 1024))
        assert outcome.errors[0].startswith("文件过大（3.0 MB），签到表最大 2 MB")
        assert outcome.written == 0

    def test_a_sheet_without_the_name_column_is_refused(self, people):
        outcome = self.run(people, xlsx([["李娜"]], headers=("名字",)))
        assert outcome.errors == ["表头缺少“姓名”列：请使用下载的签到表模板"]

    def test_the_page_shows_the_problems_and_the_template_downloads(self, people, login):
        client = login("town_a_admin")
        upload = io.BytesIO(xlsx([["无此人", "", "", ""]]))
        upload.name = "签到表.xlsx"
        response = client.post(
            reverse("instructors:training-import", args=[people.t2.pk]), {"file": upload}
        )
        assert "第 2 行：在您的管辖范围内找不到" in response.content.decode()
        assert "没有导入任何记录" in response.content.decode()
        rows = workbook_rows(client.get(reverse("instructors:training-sheet-template")))
        assert rows[0] == ["姓名", "所在单位", "学时", "考试合格"]


class TestTheYear:
    def test_each_persons_hours_and_sessions_of_the_year(self, people):
        figures = {
            w.pk: (w.sessions, w.hours)
            for w in sel.workers_of_year(user=people.user("town_a_admin"), year=Y)
        }
        assert figures[people.sec_a.pk] == (2, Decimal("24"))
        assert figures[people.full_a.pk] == (1, Decimal("4"))
        assert figures[people.part_a.pk] == (0, Decimal("0"))
        assert people.gone.pk not in figures  # left in 2024
        assert people.sec_b.pk not in figures  # town B

    def test_the_person_page_shows_the_hours_against_the_rule(self, people, login):
        text = (
            login("town_a_admin")
            .get(reverse("instructors:training-person", args=[people.sec_a.pk]), {"year": Y})
            .content.decode()
        )
        # a secretary: 24 of 56 ([N] 培训规划)
        assert "参训 2 次，共 24.0 学时；应达 56 学时（尚差 32.0 学时）" in text
        assert (
            login("town_b_admin")
            .get(reverse("instructors:training-person", args=[people.sec_a.pk]))
            .status_code
            == 404
        )

    def test_the_people_list_exports_with_the_expected_hours(self, people, login):
        rows = workbook_rows(
            login("town_a_admin").get(reverse("instructors:training-people-export"), {"year": Y})
        )
        by_name = {(row[0], row[2]): row for row in rows[2:]}
        assert by_name[("林晓红", "川姜纺织有限公司党支部")][5:] == [2, 24.0, 56, "否"]
        assert by_name[("张伟", "川姜一片区党群工作站")][5:] == [1, 4.0, 32, "否"]

    def test_the_coverage_of_the_town_matches_a_hand_count_and_names_the_missing(
        self, people, login
    ):
        # [L:张家港] each worker ≥ 1 training a year. By hand, town A in 2025: 川姜一片区 has
        # 林晓红 张伟 李娜 王芳 王芳 (5), trained 林晓红 张伟 王芳(党支部) (3) = 60.0%; the town
        # itself has 周敏 (1), untrained; 6 workers, 3 trained, 50.0%. 赵强 left in 2024.
        rows, total = sel.coverage(user=people.user("town_a_admin"), year=Y, region=people.town_a)
        assert [(r.label, r.workers, r.trained, r.share) for r in rows] == [
            ("川姜一片区", 5, 3, 60.0),
            ("川姜镇（本级）", 1, 0, 0.0),
        ]
        assert (total.workers, total.trained, total.share) == (6, 3, 50.0)
        client = login("town_a_admin")
        text = client.get(
            reverse("instructors:training-coverage"), {"year": Y, "region": people.town_a.pk}
        ).content.decode()
        missing = text.split('id="missing"')[1]
        assert "李娜" in missing and "周敏" in missing and "王芳" in missing
        assert "林晓红" not in missing and "张伟" not in missing and "赵强" not in missing
        assert "尚未参训（3 人）" in text
        exported = workbook_rows(
            client.get(
                reverse("instructors:training-missing-export"),
                {"year": Y, "region": people.town_a.pk},
            )
        )
        assert sorted((row[0], row[2]) for row in exported[2:]) == [
            ("周敏", "川姜镇"),
            ("李娜", "川姜电子有限公司"),
            ("王芳", "川姜一片区党群工作站"),
        ]
        coverage_rows = workbook_rows(
            client.get(
                reverse("instructors:training-coverage-export"),
                {"year": Y, "region": people.town_a.pk},
            )
        )
        assert coverage_rows[-1] == ["合计", 6, 3, 50.0]

    def test_the_coverage_of_the_district_counts_town_by_town(self, people):
        rows, total = sel.coverage(
            user=people.user("district_admin"), year=Y, region=people.district
        )
        shown = {r.label: (r.workers, r.trained) for r in rows}
        assert shown == {"川姜镇": (6, 3), "开发区": (1, 0)}
        assert (total.workers, total.trained) == (7, 3)

    def test_a_region_outside_the_scope_is_404(self, people, login):
        response = login("town_b_admin").get(
            reverse("instructors:training-coverage"), {"region": people.town_a.pk}
        )
        assert response.status_code == 404

    def test_the_rule_of_two_sessions_a_year_counts_one_as_missing(self, people):
        rule_set(actor=people.user("district_admin"), key="training.min_sessions_per_year", value=2)
        _rows, total = sel.coverage(user=people.user("town_a_admin"), year=Y, region=people.town_a)
        assert (total.workers, total.trained) == (6, 1)  # only 林晓红 attended twice


class TestInitialTraining:
    """[N] 培训规划: new secretaries trained within 6 months; [L:川姜] 初任培训. The deadline
    is started_on + 6 calendar months (periods.add_months); on that day still on time."""

    def secretary(self, world, started):
        return worker("新书记", WorkerRole.SECRETARY, world.grid_a, started=started,
                      organization=world.org_a)  # fmt: skip

    def lists(self, world, today):
        user = world.user("town_a_admin")
        due = set(sel.initial_due(user=user, today=today).values_list("pk", flat=True))
        overdue = set(sel.initial_overdue(user=user, today=today).values_list("pk", flat=True))
        return due, overdue

    def test_exactly_six_months_is_not_yet_overdue(self, world):
        new = self.secretary(world, D(2026, 6, 4))
        assert self.lists(world, D(2026, 12, 4)) == ({new.pk}, set())

    def test_six_months_and_a_day_is_overdue(self, world):
        new = self.secretary(world, D(2026, 6, 3))
        assert self.lists(world, D(2026, 12, 4)) == (set(), {new.pk})

    def test_a_start_on_the_31st_ends_on_the_last_day_of_the_sixth_month(self, world):
        new = self.secretary(world, D(2026, 8, 31))
        assert sel.initial_deadline(new.started_on) == D(2027, 2, 28)
        assert self.lists(world, D(2027, 2, 28)) == ({new.pk}, set())
        assert self.lists(world, D(2027, 3, 1)) == (set(), {new.pk})

    def test_an_initial_training_after_the_start_clears_it(self, world):
        new = self.secretary(world, D(2026, 1, 10))
        course = session(world, "新任书记初任培训", D(2026, 3, 1), "8", kind=TrainingKind.INITIAL)
        attendance_add(
            actor=world.user("town_a_admin"), training=course, entries=[(new, None, None)]
        )
        assert self.lists(world, D(2026, 12, 4)) == (set(), set())

    def test_a_regular_training_does_not_count_as_initial(self, world):
        new = self.secretary(world, D(2026, 1, 10))
        course = session(world, "专题培训", D(2026, 3, 1), "8")
        attendance_add(
            actor=world.user("town_a_admin"), training=course, entries=[(new, None, None)]
        )
        assert self.lists(world, D(2026, 12, 4)) == (set(), {new.pk})

    def test_a_district_may_ask_sooner_never_later_than_six_months(self, world):
        district = world.user("district_admin")
        with pytest.raises(ValidationError) as caught:
            rule_set(actor=district, key="training.initial_within_months", value=7)
        assert "不能超过 6 个月" in " ".join(caught.value.messages)
        rule_set(actor=district, key="training.initial_within_months", value=3)
        new = self.secretary(world, D(2026, 9, 3))
        assert self.lists(world, D(2026, 12, 3)) == ({new.pk}, set())
        assert self.lists(world, D(2026, 12, 4)) == (set(), {new.pk})

    def test_long_serving_secretaries_are_not_listed(self, world):
        self.secretary(world, D(2020, 1, 1))  # before the 12 months the list looks back
        assert self.lists(world, D(2026, 12, 4)) == (set(), set())

    def test_the_overdue_are_on_the_towns_to_do_list_not_another_towns(self, world, login):
        today = timezone.localdate()
        late = self.secretary(world, add_months(today, -6) - datetime.timedelta(days=1))
        self.secretary(world, add_months(today, -6) + datetime.timedelta(days=1))

        def overdue(persona):
            found = {t.todo.key: t for t in todos_for(world.user(persona))}
            todo = found.get("workforce_initial_training_overdue")
            return [] if todo is None else list(todo.items)

        assert overdue("town_a_admin") == [late]
        assert overdue("town_b_admin") == []
        page = login("town_a_admin").get(reverse("instructors:training-initial")).content.decode()
        assert "逾期未培训（1 人）" in page and "待培训（1 人）" in page
        rows = workbook_rows(
            login("town_a_admin").get(reverse("instructors:training-initial-export"))
        )
        assert [row[-1] for row in rows[2:]] == ["逾期未培训", "待培训"]


class TestRatingsSource:
    """``training.coverage`` (named by the ratings rubrics): every party worker of the
    organization trained at least once in the year [L:张家港]."""

    def test_it_is_contributed_and_the_ratings_now_compute_it(self, people):
        from liangxin.organizations.models import PartyOrganization
        from liangxin.ratings import auto

        assert checklist_sources()["training.coverage"].label == "党员教育培训覆盖"
        source = auto.source_for("training.coverage")
        assert source is not None and source.met is trained_every_worker
        met = auto.met_ids(source, PartyOrganization.objects.all(), D(Y, 12, 31))
        assert met == {people.org_a.pk}

    def test_an_organization_whose_every_worker_trained_meets_it(self, people):
        from liangxin.organizations.models import PartyOrganization

        organizations = PartyOrganization.objects.all()
        # org_a: 林晓红 and 王芳 trained (赵强 left in 2024); org_b: 陈建国 did not;
        # group_a: no party worker recorded.
        assert trained_every_worker(organizations, D(Y, 12, 31)) == {people.org_a.pk}
        assert reason(people.org_b, D(Y, 12, 31)) == "2025年尚未参加培训的党务工作者：陈建国"
        assert "未登记本组织的党务工作者" in reason(people.group_a, D(Y, 12, 31))

    def test_before_the_first_training_of_the_year_the_missing_are_named(self, people):
        from liangxin.organizations.models import PartyOrganization

        early = D(Y, 3, 9)
        assert trained_every_worker(PartyOrganization.objects.all(), early) == set()
        assert reason(people.org_a, early) == "2025年尚未参加培训的党务工作者：林晓红、王芳"


class TestDemo:
    def test_the_demo_trains_most_workers_and_the_newest_secretary_takes_initial_training(
        self, world
    ):
        from types import SimpleNamespace

        from liangxin.workforce.demo_training import seed

        today = timezone.localdate()
        names = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"]
        for index, name in enumerate(names):
            worker(name, WorkerRole.FULL_TIME, world.area_a, started=D(2020, 1, 1 + index))
        newest = worker("新书记", WorkerRole.SECRETARY, world.grid_a, started=add_months(today, -5))
        late = worker("迟书记", WorkerRole.SECRETARY, world.grid_a, started=add_months(today, -7))
        assert seed(SimpleNamespace(town=world.town_a.code), 1) > 0
        assert seed(SimpleNamespace(town=world.town_a.code), 1) == 0  # once only
        this_year = Training.objects.filter(starts_on__year=today.year)
        assert this_year.count() == 3
        _rows, total = sel.coverage(
            user=world.user("town_a_admin"), year=today.year, region=world.town_a
        )
        assert total.workers == 10 and 0 < total.trained < total.workers
        initial = this_year.get(kind=TrainingKind.INITIAL)
        assert list(initial.attendance.values_list("worker", flat=True)) == [newest.pk]
        overdue = sel.initial_overdue(user=world.user("town_a_admin"), today=today)
        assert list(overdue) == [late]


class TestEveryPersona:
    def test_the_pages_answer_every_persona_without_an_error(self, people, statuses):
        urls = [
            reverse("instructors:trainings"),
            reverse("instructors:trainings-export"),
            reverse("instructors:training", args=[people.t1.pk]),
            reverse("instructors:training-people"),
            reverse("instructors:training-people-export"),
            reverse("instructors:training-coverage"),
            reverse("instructors:training-missing-export"),
            reverse("instructors:training-initial"),
            reverse("instructors:training-initial-export"),
            reverse("instructors:training-sheet-template"),
        ]
        for url in urls:
            found = statuses(url)
            assert set(found.values()) <= {200, 302, 403, 404}, (url, found)
            assert found["town_a_admin"] == 200 and found["secretary"] == 200, (url, found)
        create = statuses(reverse("instructors:training-create"))
        assert create["town_a_admin"] == 200 and create["secretary"] == 403
        assert create["leader"] == 403
