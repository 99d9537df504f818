"""The yearly 工作清单 of a full-time party worker turning into the year-end grade (WORK.md
§4, [L:张家港] 工作清单即考核清单): the services' refusals, the score and the grade's
boundaries (rules workforce.grade_*_min, [I] defaults 90/75/60), the scope, and the whole
year through the pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liangxin.core.home import todos_for
from liangxin.core.services import OutOfScope
from liangxin.rules.values import rule_set
from liangxin.workforce import assessment
from liangxin.workforce.models_people import Assessment, Grade, WorkList, WorkListState
from liangxin.workforce.services_workers import (
    worklist_assess,
    worklist_copy,
    worklist_create,
    worklist_issue,
    worklist_progress,
)
from tests.workforce.test_workers_fixtures import ITEMS, THIS_YEAR, add_workers, worker_in_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(world):
    return add_workers(world)


@pytest.fixture
def issued(staffed):
    admin = staffed.user("town_a_admin")
    work_list = worklist_create(actor=admin, worker=staffed.worker, year=THIS_YEAR, items=ITEMS)
    staffed.work_list = worklist_issue(actor=admin, work_list=work_list)
    return staffed


def refusal(caught) -> str:
    return " ".join(caught.value.messages)


class TestTheScoreAndTheGrade:
    """[L:张家港] 工作清单即考核清单; cut-offs [I] workforce.grade_excellent_min=90,
    grade_competent_min=75, grade_basic_min=60: a score on a cut-off earns the higher grade."""

    @pytest.mark.parametrize(
        "score, grade",
        [
            ("100", Grade.EXCELLENT),
            ("90", Grade.EXCELLENT),
            ("89.9", Grade.COMPETENT),
            ("75", Grade.COMPETENT),
            ("74.9", Grade.BASIC),
            ("60", Grade.BASIC),
            ("59.9", Grade.INCOMPETENT),
            ("0", Grade.INCOMPETENT),
        ],
    )
    def test_the_boundaries(self, score, grade, db):
        assert assessment.grade_for(Decimal(score), assessment.thresholds()) == grade

    def test_the_score_is_the_weighted_progress_rounded_to_a_tenth(self):
        assert assessment.list_score([(40, 100), (35, 80), (25, 50)]) == Decimal("80.5")
        assert assessment.list_score([(33, 33), (67, 100)]) == Decimal("77.9")  # 10.89 + 67
        assert assessment.list_score([(1, 5), (99, 0)]) == Decimal("0.1")  # 0.05 rounds up

    def test_the_assessors_grade_overrides_the_computed_one(self):
        assert assessment.combine(Grade.COMPETENT, Grade.EXCELLENT) == Grade.EXCELLENT
        assert assessment.combine(Grade.COMPETENT, "") == Grade.COMPETENT

    def test_a_district_may_move_the_cut_offs(self, world):
        rule_set(actor=world.user("district_admin"), key="workforce.grade_excellent_min", value=95)
        assert assessment.grade_for(Decimal("92"), assessment.thresholds()) == Grade.COMPETENT

    def test_the_rules_page_lists_the_cut_offs_with_their_source(self, login):
        page = login("district_admin").get(reverse("rules:list")).content.decode()
        assert "工作清单得分评为“优秀”的最低分" in page
        assert "工作清单即考核清单" in page


class TestServices:
    def test_weights_that_do_not_add_up_to_100_are_refused(self, staffed):
        items = [{**ITEMS[0], "weight": 50}, {**ITEMS[1], "weight": 40}]
        with pytest.raises(ValidationError) as caught:
            worklist_create(
                actor=staffed.user("town_a_admin"),
                worker=staffed.worker,
                year=THIS_YEAR,
                items=items,
            )
        assert "各项权重合计应为100分，现为90分" in refusal(caught)
        assert not WorkList.objects.exists()

    def test_malformed_items_name_their_row(self, staffed):
        items = [
            {**ITEMS[0], "weight": "四十"},
            {**ITEMS[1], "title": " "},
            {**ITEMS[2], "weight": 0},
        ]
        with pytest.raises(ValidationError) as caught:
            worklist_create(
                actor=staffed.user("town_a_admin"),
                worker=staffed.worker,
                year=THIS_YEAR,
                items=items,
            )
        text = refusal(caught)
        assert "第 1 项：权重应为1到100之间的整数" in text
        assert "第 2 项：请填写事项" in text and "第 3 项：权重" in text
        with pytest.raises(ValidationError) as caught:
            worklist_create(
                actor=staffed.user("town_a_admin"), worker=staffed.worker, year=THIS_YEAR, items=[]
            )
        assert "请至少填写一项工作事项" in refusal(caught)

    def test_a_second_list_for_the_same_year_is_refused_with_a_message(self, issued):
        with pytest.raises(ValidationError) as caught:
            worklist_create(
                actor=issued.user("district_admin"),
                worker=issued.worker,
                year=THIS_YEAR,
                items=ITEMS,
            )
        assert f"王指导{THIS_YEAR}年已有工作清单，不能重复下达" in refusal(caught)

    def test_only_full_time_workers_in_post_get_a_list(self, staffed):
        with pytest.raises(ValidationError) as caught:
            worklist_create(
                actor=staffed.user("town_a_admin"),
                worker=staffed.secretary_worker,
                year=THIS_YEAR,
                items=ITEMS,
            )
        assert "工作清单只下达给在岗的专职党务工作者" in refusal(caught)

    def test_progress_over_100_or_below_0_is_refused(self, issued):
        item = issued.work_list.items.first()
        for wrong in (101, -1, "50%"):
            with pytest.raises(ValidationError) as caught:
                worklist_progress(actor=issued.user("instructor"), item=item, progress=wrong)
            assert "完成进度应为0到100之间的整数" in refusal(caught)
        item.refresh_from_db()
        assert item.progress == 0

    def test_progress_only_while_issued(self, staffed):
        admin = staffed.user("town_a_admin")
        draft = worklist_create(actor=admin, worker=staffed.worker, year=THIS_YEAR, items=ITEMS)
        with pytest.raises(ValidationError) as caught:
            worklist_progress(actor=admin, item=draft.items.first(), progress=50)
        assert "只有已下达、尚未考核的清单可以填报进度" in refusal(caught)

    def test_a_town_admin_of_another_town_is_refused_everywhere(self, issued):
        other = issued.user("town_b_admin")
        with pytest.raises(OutOfScope):
            worklist_create(actor=other, worker=issued.worker, year=THIS_YEAR + 1, items=ITEMS)
        with pytest.raises(OutOfScope):
            worklist_progress(actor=other, item=issued.work_list.items.first(), progress=10)
        with pytest.raises(OutOfScope):
            worklist_assess(actor=other, work_list=issued.work_list, assessor="某人")

    def test_the_secretary_may_not_report_progress_on_someone_elses_list(self, issued):
        # The secretary of org_a does not see the station worker at all.
        with pytest.raises(OutOfScope):
            worklist_progress(
                actor=issued.user("secretary"), item=issued.work_list.items.first(), progress=10
            )

    def test_an_instructor_without_the_worker_record_cannot_issue(self, issued):
        with pytest.raises(PermissionDenied):
            worklist_create(
                actor=issued.user("instructor"),
                worker=issued.worker,
                year=THIS_YEAR + 1,
                items=ITEMS,
            )

    def test_evidence_file_is_kept_with_the_item(self, issued, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        upload = SimpleUploadedFile(
            "总结.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        )
        item = worklist_progress(
            actor=issued.user("instructor"),
            item=issued.work_list.items.first(),
            progress=60,
            evidence="已开展4次",
            upload=upload,
        )
        assert item.files.get().file_name == "总结.pdf"

    def test_assessing_writes_the_score_the_computed_and_the_assessors_grade(self, issued):
        progress = [100, 100, 40]  # 40 + 35 + 10 = 85 → 称职
        for item, value in zip(issued.work_list.items.all(), progress, strict=True):
            worklist_progress(actor=issued.user("instructor"), item=item, progress=value)
        record = worklist_assess(
            actor=issued.user("town_a_admin"),
            work_list=issued.work_list,
            assessor="镇党委组织委员",
            assessor_grade=Grade.EXCELLENT,
        )
        assert (record.list_score, record.assessor_grade, record.grade) == (
            Decimal("85.0"),
            Grade.EXCELLENT,
            Grade.EXCELLENT,
        )
        assert WorkList.objects.get().state == WorkListState.ASSESSED
        with pytest.raises(ValidationError):
            worklist_assess(
                actor=issued.user("town_a_admin"), work_list=issued.work_list, assessor="x"
            )

    def test_last_years_list_is_the_template_of_the_next(self, issued):
        copy = worklist_copy(
            actor=issued.user("town_a_admin"), source=issued.work_list, year=THIS_YEAR + 1
        )
        assert copy.state == WorkListState.DRAFT and copy.year == THIS_YEAR + 1
        assert [(i.title, i.weight, i.progress) for i in copy.items.all()] == [
            (i["title"], i["weight"], 0) for i in ITEMS
        ]

    def test_the_to_do_names_full_time_workers_without_an_issued_list(self, staffed):
        admin = staffed.user("town_a_admin")
        due = {t.todo.key: t for t in todos_for(admin)}.get("workforce_worklists_to_issue")
        assert due is not None and due.count == 1
        draft = worklist_create(actor=admin, worker=staffed.worker, year=THIS_YEAR, items=ITEMS)
        worklist_issue(actor=admin, work_list=draft)
        after = {t.todo.key: t for t in todos_for(admin)}["workforce_worklists_to_issue"]
        assert after.count == 0
        assert "workforce_worklists_to_issue" not in {
            t.todo.key for t in todos_for(staffed.user("secretary"))
        }


def item_form(rows):
    data = {"item_title": [], "item_target": [], "item_weight": [], "item_due": []}
    for title, weight in rows:
        data["item_title"].append(title)
        data["item_target"].append("")
        data["item_weight"].append(str(weight))
        data["item_due"].append("")
    return data


class TestThroughThePages:
    def test_a_party_workers_work_list_turns_into_their_year_end_grade(self, staffed, login):
        town = login("town_a_admin")
        new = reverse("instructors:worklist-create")
        # Weights of 90 are refused on the page, in Chinese, with what was typed kept.
        page = town.post(
            new,
            {
                "worker": staffed.worker.pk,
                "year": THIS_YEAR,
                **item_form([("组织生活", 50), ("党员发展", 40)]),
            },
        )
        assert "各项权重合计应为100分，现为90分" in page.content.decode()
        assert "党员发展" in page.content.decode()
        made = town.post(
            new,
            {
                "worker": staffed.worker.pk,
                "year": THIS_YEAR,
                **item_form([("组织生活", 60), ("党员发展", 40), ("", "")]),
            },
        )
        work_list = WorkList.objects.get()
        assert made["Location"] == reverse("instructors:worklist", args=[work_list.pk])
        town.post(reverse("instructors:worklist-issue", args=[work_list.pk]))
        work_list.refresh_from_db()
        assert work_list.state == WorkListState.ISSUED and work_list.issued_by == "川姜镇"

        # The worker (an instructor with the worker record) reports progress on their list.
        worker = login("instructor")
        detail = reverse("instructors:worklist", args=[work_list.pk])
        assert "更新" in worker.get(detail).content.decode()
        first, second = work_list.items.all()

        def progress(item):
            return reverse("instructors:worklist-progress", args=[work_list.pk, item.pk])

        refused = worker.post(progress(first), {"progress": "120", "evidence": ""})
        assert "100" in refused.content.decode() and refused.status_code == 200
        worker.post(progress(first), {"progress": "100", "evidence": "全年12次"})
        worker.post(progress(second), {"progress": "75", "evidence": "培养积极分子"})
        assert "90.0" in worker.get(detail).content.decode()  # 60 + 30
        assert "按清单得分完成考核" not in worker.get(detail).content.decode()
        assert login("town_b_admin").get(detail).status_code == 404

        # Year-end: the town assesses; the score gives 优秀 (≥ 90 [I]).
        done = town.post(
            reverse("instructors:worklist-assess", args=[work_list.pk]),
            {"assessor": "镇组织委员", "assessor_grade": "", "comment": "", "assessed_on": ""},
        )
        assert done.status_code == 302
        record = Assessment.objects.get(worker=staffed.worker, year=THIS_YEAR)
        assert (record.list_score, record.grade, record.assessor_grade) == (
            Decimal("90.0"),
            Grade.EXCELLENT,
            "",
        )
        shown = town.get(reverse("instructors:worker", args=[staffed.worker.pk])).content.decode()
        assert f"{THIS_YEAR}年 · 优秀" in shown and "清单得分 90.0" in shown

    def test_a_duplicate_list_is_refused_on_the_page(self, issued, login):
        page = login("town_a_admin").post(
            reverse("instructors:worklist-create"),
            {"worker": issued.worker.pk, "year": THIS_YEAR, **item_form([("x", 100)])},
        )
        assert f"王指导{THIS_YEAR}年已有工作清单，不能重复下达" in page.content.decode()

    def test_another_towns_admin_and_the_secretary_do_not_see_the_list(self, issued, login):
        worker_in_b(issued)
        detail = reverse("instructors:worklist", args=[issued.work_list.pk])
        for persona in ("town_b_admin", "secretary", "outsider"):
            assert login(persona).get(detail).status_code == 404
        lists = login("town_b_admin").get(reverse("instructors:worklists")).content.decode()
        assert "王指导" not in lists and "赵专职" in lists  # to be issued
        assert login("secretary").get(reverse("instructors:worklist-create")).status_code == 403

    def test_the_draft_is_edited_on_its_page(self, staffed, login):
        town = login("town_a_admin")
        draft = worklist_create(
            actor=staffed.user("town_a_admin"), worker=staffed.worker, year=THIS_YEAR, items=ITEMS
        )
        edit = reverse("instructors:worklist-edit", args=[draft.pk])
        assert "组织生活指导" in town.get(edit).content.decode()
        page = town.post(edit, item_form([("只有一项", 99)]))
        assert "各项权重合计应为100分，现为99分" in page.content.decode()
        town.post(edit, item_form([("只有一项", 100)]))
        assert [i.title for i in draft.items.all()] == ["只有一项"]
        assert login("town_b_admin").get(edit).status_code == 404


def test_the_demo_town_workers_have_this_years_list_and_one_is_assessed(db, monkeypatch):
    """The demo (slot demo_seeders): each station's full-time worker has this year's issued
    list with progress; one is assessed, its grade from its score."""
    from io import StringIO

    from django.core.management import call_command

    from liangxin.workforce.models_people import PartyWorker

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command(
        "seed_demo", "--scale", "small", "--seed", "7", stdout=StringIO(), stderr=StringIO()
    )
    at_stations = PartyWorker.objects.filter(full_time=True, station__isnull=False)
    lists = WorkList.objects.filter(year=THIS_YEAR)
    assert sorted(lists.values_list("worker_id", flat=True)) == sorted(
        at_stations.values_list("id", flat=True)
    )
    assert lists.filter(items__progress__gt=0).exists()
    [record] = Assessment.objects.filter(worker__isnull=False, year=THIS_YEAR)
    computed = assessment.grade_for(record.list_score, assessment.thresholds())
    assert record.grade == computed
    assert lists.get(worker=record.worker).state == WorkListState.ASSESSED


def test_the_lists_export_opens_as_xlsx_with_score_and_grade(issued, login):
    import io

    from python_calamine import CalamineWorkbook

    for item, value in zip(issued.work_list.items.all(), [100, 100, 100], strict=True):
        worklist_progress(actor=issued.user("instructor"), item=item, progress=value)
    worklist_assess(
        actor=issued.user("town_a_admin"), work_list=issued.work_list, assessor="镇党委"
    )
    worker_in_b(issued)
    page = login("town_a_admin").get(reverse("instructors:worklists"), {"year": THIS_YEAR})
    assert "100.0 分" in page.content.decode()
    response = login("town_a_admin").get(
        reverse("instructors:worklists-export"), {"year": THIS_YEAR}
    )
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(rows) if row[0] == "党务工作者")
    [row] = rows[header + 1 :]
    assert row[0] == "王指导" and row[4] == "已考核"
    assert float(row[7]) == 100.0 and row[8] == "优秀"
    elsewhere = login("town_a_admin").get(
        reverse("instructors:worklists-export"), {"year": THIS_YEAR, "region": "开发区"}
    )
    other = CalamineWorkbook.from_filelike(io.BytesIO(elsewhere.content))
    assert other.get_sheet_by_index(0).to_python()[-1][0] == "党务工作者"
