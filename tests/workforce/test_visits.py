"""Instructors' appointments, visit logs and hazards (WORK.md §4, issue 17): the services,
the period boundaries, the scope, the to-dos and the exports."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.home import todos_for
from liangxin.rules.values import rule_set
from liangxin.standards.models import ChecklistTemplate
from liangxin.standards.selectors import current_items
from liangxin.workforce import selectors
from liangxin.workforce.models import AssignmentState, Hazard, Visit
from liangxin.workforce.periods import period_of, term_end
from liangxin.workforce.services import (
    assignment_create,
    assignment_end,
    hazard_close,
    visit_record,
)
from tests import factories as f
from tests.workforce.conftest import START

pytestmark = pytest.mark.django_db

D = datetime.date


def visit(world, day, enterprise=None, hazards=(), closes=(), **extra):
    data = {
        "enterprise": enterprise or world.ent_a2,
        "visited_on": day,
        "mode": "onsite",
        "topics": "指导三会一课",
        **extra,
    }
    return visit_record(
        actor=world.user("instructor"), data=data, hazards=list(hazards), closes=list(closes)
    )


def current_checklist_items(user):
    """The standards in force (seeded by standards' data migration; a live-server test
    empties the database after itself, so seed again when gone)."""
    if not ChecklistTemplate.objects.exists():
        importlib.import_module("liangxin.standards.migrations.0002_default_templates").seed(
            apps, None
        )
    items = list(current_items(user=user))
    assert items
    return items


def messages_of(caught) -> str:
    return " ".join(m for ms in caught.value.message_dict.values() for m in ms)


class TestAssignments:
    def test_the_term_defaults_to_two_years_from_the_start(self, world):
        # [L:沁县] 任期两年
        made = assignment_create(
            actor=world.user("town_a_admin"),
            instructor=world.instructor,
            data={"enterprises": [world.ent_a2], "starts_on": START},
        )
        assert made.ends_on == D(2027, 12, 31)
        assert made.source == world.instructor.source  # the registry's, when not given
        assert term_end(D(2024, 3, 1)) == D(2026, 2, 28)
        assert made.events.get().state == AssignmentState.ACTIVE

    def test_the_rules_page_lists_both_rules_with_their_source(self, login):
        page = login("district_admin").get(reverse("rules:list")).content.decode()
        assert "党建指导员任期" in page and "[L:沁县] 指导员任期两年" in page
        assert "党建指导员走访联系企业（每几个月至少一次）" in page

    def test_the_term_follows_the_district_rule(self, world):
        rule_set(actor=world.user("district_admin"), key="workforce.instructor_term_years", value=3)
        assert term_end(D(2026, 1, 1)) == D(2028, 12, 31)

    def test_the_enterprises_join_the_instructors_registry(self, posted):
        assert set(posted.instructor.enterprises.all()) == {posted.ent_a, posted.ent_a2}

    def test_an_enterprise_of_town_b_is_refused_to_town_a(self, world):
        with pytest.raises(ValidationError):
            assignment_create(
                actor=world.user("town_a_admin"),
                instructor=world.instructor,
                data={"source": "agency", "enterprises": [world.ent_b], "starts_on": D(2026, 1, 1)},
            )

    def test_no_enterprise_and_an_end_before_the_start_are_told_in_chinese(self, world):
        actor = world.user("town_a_admin")
        with pytest.raises(ValidationError) as caught:
            assignment_create(actor=actor, instructor=world.instructor, data={"enterprises": []})
        assert "请至少选择一家联系企业" in messages_of(caught)
        with pytest.raises(ValidationError) as caught:
            assignment_create(
                actor=actor,
                instructor=world.instructor,
                data={
                    "source": "agency",
                    "enterprises": [world.ent_a2],
                    "starts_on": D(2026, 5, 1),
                    "ends_on": D(2026, 4, 1),
                },
            )
        assert "任期结束日期不能早于开始日期" in str(caught.value)

    def test_a_recall_needs_a_reason_and_an_approver_and_is_an_event(self, posted):
        actor = posted.user("town_a_admin")
        with pytest.raises(ValidationError) as caught:
            assignment_end(actor=actor, assignment=posted.assignment, state="recalled")
        assert "调整或召回须填写原因" in messages_of(caught)
        ended = assignment_end(
            actor=actor,
            assignment=posted.assignment,
            state="recalled",
            reason="考核不称职",
            approver="区委组织部",
        )
        assert ended.state == AssignmentState.RECALLED
        last = ended.events.order_by("-id").first()
        assert (last.state, last.comment, last.approver) == ("recalled", "考核不称职", "区委组织部")
        with pytest.raises(ValidationError):
            assignment_end(actor=actor, assignment=ended, state="expired")

    def test_an_ended_appointment_releases_the_enterprises_no_other_holds(self, posted):
        admin = posted.user("town_a_admin")
        assignment_create(
            actor=admin,
            instructor=posted.instructor,
            data={"source": "agency", "enterprises": [posted.ent_a2], "starts_on": START},
        )
        assignment_end(actor=admin, assignment=posted.assignment, state="expired")
        assert list(posted.instructor.enterprises.all()) == [posted.ent_a2]

    def test_town_b_cannot_end_town_as_assignment(self, posted):
        with pytest.raises(PermissionDenied):
            assignment_end(
                actor=posted.user("town_b_admin"), assignment=posted.assignment, state="expired"
            )


class TestVisitRecord:
    def test_the_instructor_logs_a_visit_with_a_hazard(self, posted):
        logged = visit(
            posted, D(2026, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(2026, 3, 20)}]
        )
        assert logged.assignment == posted.assignment
        assert logged.safety_checked  # a hazard found means the check was made
        assert list(logged.hazards.values_list("text", flat=True)) == ["消防通道堵塞"]

    def test_the_visit_names_the_checklist_items_it_guided(self, posted):
        # ent_a is covered by org_a, a 党支部: the branch standard's items apply to it.
        items = current_checklist_items(posted.user("instructor"))[:2]
        logged = visit(posted, D(2026, 3, 5), enterprise=posted.ent_a, checklist_items=items)
        assert set(logged.checklist_items.all()) == set(items)

    def test_items_not_of_the_enterprises_organization_are_refused(self, posted):
        """WORK.md §4 Visits: guided against *the organization's* checklist items."""
        items = current_checklist_items(posted.user("instructor"))[:2]
        committee_only = items[0]
        committee_only.applies_to = ["committee"]
        committee_only.save()
        with pytest.raises(ValidationError) as caught:
            visit(posted, D(2026, 3, 5), enterprise=posted.ent_a, checklist_items=items)
        assert f"清单项目不适用于该企业的党组织：{committee_only.text}" in messages_of(caught)
        # ent_a2 has no organization yet: no item applies there.
        with pytest.raises(ValidationError):
            visit(posted, D(2026, 3, 6), checklist_items=items[1:])
        assert not Visit.objects.exists()

    def test_the_form_offers_the_items_of_the_chosen_enterprises_organization(self, posted, login):
        items = current_checklist_items(posted.user("instructor"))
        instructor = login("instructor")
        url = reverse("instructors:visit-create")
        covered = instructor.get(url, {"enterprise": posted.ent_a.pk}).content.decode()
        assert 'id="checklist-items"' in covered and items[0].text in covered
        uncovered = instructor.get(url, {"enterprise": posted.ent_a2.pk}).content.decode()
        assert "该企业尚未建立党组织" in uncovered and 'id="checklist-items"' not in uncovered
        none_chosen = instructor.get(url).content.decode()
        assert "选定走访企业后" in none_chosen

    def test_an_enterprise_not_assigned_is_refused(self, posted):
        with pytest.raises(ValidationError) as caught:
            visit(posted, D(2026, 3, 5), enterprise=posted.ent_b)
        assert "不在您走访日期当天在任的联系企业中" in messages_of(caught)
        assert not Visit.objects.exists()

    def test_a_visit_before_the_term_or_after_a_recall_is_refused(self, posted):
        with pytest.raises(ValidationError):
            visit(posted, D(2025, 12, 31))
        assignment_end(
            actor=posted.user("town_a_admin"),
            assignment=posted.assignment,
            state="recalled",
            reason="调整岗位",
            approver="组织部",
        )
        with pytest.raises(ValidationError):
            visit(posted, D(2026, 3, 5))

    def test_a_hazard_due_the_visit_day_is_accepted_one_day_before_refused(self, posted):
        day = D(2026, 3, 5)
        visit(posted, day, hazards=[{"text": "电线老化", "rectify_by": day}])
        with pytest.raises(ValidationError) as caught:
            visit(
                posted,
                day,
                hazards=[{"text": "电线老化", "rectify_by": day - datetime.timedelta(days=1)}],
            )
        assert "第 1 条隐患：整改期限不能早于走访日期" in messages_of(caught)
        with pytest.raises(ValidationError) as caught:
            visit(posted, day, hazards=[{"text": "", "rectify_by": None}])
        assert "请填写隐患描述" in messages_of(caught) and "请填写整改期限" in messages_of(caught)
        assert Visit.objects.count() == 1

    def test_a_future_date_and_a_missing_mode_are_told(self, posted):
        with pytest.raises(ValidationError) as caught:
            visit(posted, D(2099, 1, 1), mode="")
        told = caught.value.message_dict
        assert "走访日期不能晚于今天" in told["visited_on"]
        assert "mode" in told

    def test_the_same_enterprise_twice_on_one_day_is_refused(self, posted):
        visit(posted, D(2026, 3, 5))
        with pytest.raises(ValidationError) as caught:
            visit(posted, D(2026, 3, 5), mode="phone")
        assert "该企业当天已有您的走访记录" in str(caught.value)
        visit(posted, D(2026, 3, 5), enterprise=posted.ent_a)  # another enterprise is fine
        assert Visit.objects.count() == 2

    def test_only_the_instructor_writes_a_visit(self, posted):
        with pytest.raises(PermissionDenied):
            visit_record(
                actor=posted.user("town_a_admin"),
                data={"enterprise": posted.ent_a2, "visited_on": D(2026, 3, 5), "mode": "phone"},
            )


class TestHazardClose:
    def test_a_later_visit_closes_the_hazard(self, posted):
        first = visit(
            posted, D(2026, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(2026, 3, 20)}]
        )
        hazard = first.hazards.get()
        second = visit(posted, D(2026, 4, 2), closes=[hazard])
        hazard.refresh_from_db()
        assert (hazard.rectified_on, hazard.closed_at) == (D(2026, 4, 2), second)
        with pytest.raises(ValidationError, match="已于 2026-04-02 整改销号"):
            hazard_close(actor=posted.user("instructor"), hazard=hazard, visit=second)

    def test_not_at_the_visit_that_found_it_nor_at_another_enterprise(self, posted):
        first = visit(
            posted, D(2026, 3, 5), hazards=[{"text": "堆放易燃物", "rectify_by": D(2026, 3, 9)}]
        )
        hazard = first.hazards.get()
        actor = posted.user("instructor")
        with pytest.raises(ValidationError, match="发现之后的走访"):
            hazard_close(actor=actor, hazard=hazard, visit=first)
        elsewhere = visit(posted, D(2026, 3, 6), enterprise=posted.ent_a)
        with pytest.raises(ValidationError, match="同一企业"):
            hazard_close(actor=actor, hazard=hazard, visit=elsewhere)
        assert Hazard.objects.get().rectified_on is None


class TestPeriods:
    def test_a_visit_on_the_last_day_of_the_month_counts_for_that_month(self, posted):
        # [L:沁县/川姜] monthly visits: the October visit on 10-31 keeps November clear.
        assert period_of(D(2026, 10, 31)) == (D(2026, 10, 1), D(2026, 10, 31))
        visit(posted, D(2026, 10, 31))
        user = posted.user("town_a_admin")
        overdue = selectors.visits_overdue(user=user, on=D(2026, 11, 1))
        assert [p.enterprise for p in overdue] == [posted.ent_a]  # ent_a2 was visited
        due = selectors.visits_due(user=user, on=D(2026, 11, 1))
        assert {p.enterprise for p in due} == {posted.ent_a, posted.ent_a2}
        assert not selectors.visits_due(user=user, on=D(2026, 10, 31)).filter(
            enterprise=posted.ent_a2
        )

    def test_a_visit_on_the_first_of_the_next_month_is_late_for_the_last(self, posted):
        visit(posted, D(2026, 11, 1))
        overdue = selectors.visits_overdue(user=posted.user("town_a_admin"), on=D(2026, 11, 1))
        assert {p.enterprise for p in overdue} == {posted.ent_a, posted.ent_a2}

    def test_the_cadence_follows_the_rule(self, posted):
        rule_set(actor=posted.user("district_admin"), key="workforce.visit_months", value=3)
        assert period_of(D(2026, 11, 15)) == (D(2026, 10, 1), D(2026, 12, 31))
        visit(posted, D(2026, 10, 2))
        due = selectors.visits_due(user=posted.user("instructor"), on=D(2026, 12, 31))
        assert [p.enterprise for p in due] == [posted.ent_a]

    def test_a_hazard_is_past_due_the_day_after_its_date(self, posted):
        visit(
            posted, D(2026, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(2026, 3, 20)}]
        )
        user = posted.user("town_a_admin")
        assert not selectors.hazards_past_due(user=user, on=D(2026, 3, 20)).exists()
        assert selectors.hazards_past_due(user=user, on=D(2026, 3, 21)).count() == 1
        assert not selectors.hazards_past_due(user=posted.user("town_b_admin"), on=D(2026, 3, 21))


class TestScope:
    def test_town_b_gets_404_and_town_a_and_the_secretary_see_their_visits(self, posted, login):
        to_a2 = visit(posted, D(2026, 3, 5))
        to_a = visit(posted, D(2026, 3, 6), enterprise=posted.ent_a)
        page = reverse("instructors:visit", args=[to_a2.pk])
        assert login("town_b_admin").get(page).status_code == 404
        assert login("town_a_admin").get(page).status_code == 200
        assert login("instructor").get(page).status_code == 200
        # The secretary of org_a (which covers ent_a) sees the visit to ent_a only.
        assert login("secretary").get(page).status_code == 404
        assert (
            login("secretary").get(reverse("instructors:visit", args=[to_a.pk])).status_code == 200
        )
        assert list(selectors.visit_list(user=posted.user("town_b_admin"))) == []

    def test_an_instructor_does_not_see_another_instructors_visits(self, posted, login):
        other_user = f.account("instructor_b", "instructor")
        other = f.InstructorFactory(name="赵指导", region=posted.town_a, enterprises=[])
        other.user = other_user
        other.save()
        assignment_create(
            actor=posted.user("town_a_admin"),
            instructor=other,
            data={"source": "hired", "enterprises": [posted.ent_a2], "starts_on": START},
        )
        theirs = visit_record(
            actor=other_user,
            data={"enterprise": posted.ent_a2, "visited_on": D(2026, 3, 5), "mode": "phone"},
        )
        mine = visit(posted, D(2026, 3, 5))  # the same enterprise, the same day: both kept
        assert list(selectors.visit_list(user=posted.user("instructor"))) == [mine]
        assert list(selectors.assignment_list(user=other_user)) == [other.assignments.get()]
        page = reverse("instructors:visit", args=[theirs.pk])
        assert login("instructor").get(page).status_code == 404
        assert selectors.visit_list(user=posted.user("town_a_admin")).count() == 2

    def test_an_instructor_sees_only_their_own_assignments(self, posted):
        assert list(selectors.assignment_list(user=posted.user("instructor"))) == [
            posted.assignment
        ]
        assert list(selectors.assignment_list(user=posted.user("town_b_admin"))) == []


class TestTodos:
    def names(self, user) -> dict:
        return {
            d.todo.key: [d.todo.item_label(item) for item in d.items]
            for d in todos_for(user)
            if d.count and d.todo.key.startswith("workforce_")
        }

    def test_the_instructor_has_the_month_to_visit_and_the_town_the_overdue(self, posted):
        visit(
            posted, D(2026, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(2026, 3, 20)}]
        )
        mine = self.names(posted.user("instructor"))
        assert sorted(mine["workforce_visits_due"]) == sorted(
            [posted.ent_a.name, posted.ent_a2.name]
        )
        town = self.names(posted.user("town_a_admin"))
        assert town["workforce_hazards_past_due"] == [f"{posted.ent_a2.name} · 消防通道堵塞"]
        assert len(town["workforce_visits_overdue"]) == 2
        assert "workforce_visits_due" not in town
        assert self.names(posted.user("town_b_admin")) == {}

    def test_every_todo_link_opens(self, posted, login):
        visit(
            posted, D(2026, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(2026, 3, 20)}]
        )
        for persona in ("instructor", "town_a_admin"):
            client = login(persona)
            for d in todos_for(posted.user(persona)):
                if not d.todo.key.startswith("workforce_"):
                    continue
                for item in d.items:
                    if d.todo.item_url:
                        assert client.get(d.todo.item_url(item)).status_code == 200
                assert client.get(d.todo.list_url).status_code == 200


def sheet_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    title, *rows = book.get_sheet_by_index(0).to_python()
    assert "导出日期" in title[0]
    return rows


class TestPagesAndExports:
    def test_the_visit_export_is_scoped_and_filtered(self, posted, login):
        visit(
            posted, D(2026, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(2026, 3, 20)}]
        )
        visit(posted, D(2026, 4, 5), enterprise=posted.ent_a, mode="phone")
        rows = sheet_rows(login("town_a_admin").get(reverse("instructors:visits-export")))
        assert rows[0][:4] == ["走访日期", "党建指导员", "企业", "方式"]
        assert [(r[2], r[3], r[7], r[8]) for r in rows[1:]] == [
            (posted.ent_a.name, "电话", "否", 0),
            (posted.ent_a2.name, "实地", "是", 1),
        ]
        only_phone = sheet_rows(
            login("town_a_admin").get(reverse("instructors:visits-export"), {"mode": "phone"})
        )
        assert len(only_phone) == 2
        march = {"from": "2026-03-01", "to": "2026-03-31", "instructor": "王指导"}
        in_march = sheet_rows(
            login("town_a_admin").get(reverse("instructors:visits-export"), march)
        )
        assert [r[0] for r in in_march[1:]] == [D(2026, 3, 5)]
        nobody = sheet_rows(
            login("town_a_admin").get(reverse("instructors:visits-export"), {"instructor": "赵"})
        )
        assert len(nobody) == 1
        bad_dates = {"from": "2026-13-01", "to": "昨天"}  # ignored, not an error page
        assert (
            login("town_a_admin").get(reverse("instructors:visits"), bad_dates).status_code == 200
        )
        assert len(sheet_rows(login("town_b_admin").get(reverse("instructors:visits-export")))) == 1

    def test_the_assignment_export_is_scoped_and_keeps_the_state_filter(self, posted, login):
        rows = sheet_rows(login("town_a_admin").get(reverse("instructors:assignments-export")))
        assert rows[0][:3] == ["党建指导员", "来源", "派出单位"]
        assert [(r[0], r[1], r[2], r[7]) for r in rows[1:]] == [
            ("王指导", "机关派驻", "区委组织部", "在任")
        ]
        assert set(rows[1][3].split("、")) == {posted.ent_a.name, posted.ent_a2.name}
        assert rows[1][4] == posted.org_a.name
        ended = login("town_a_admin").get(
            reverse("instructors:assignments-export"), {"state": "recalled"}
        )
        assert len(sheet_rows(ended)) == 1  # the header only
        other_town = login("town_b_admin").get(reverse("instructors:assignments-export"))
        assert len(sheet_rows(other_town)) == 1

    def test_the_hazard_export_names_the_open_hazards(self, posted, login):
        visit(
            posted, D(2026, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(2026, 3, 20)}]
        )
        url = reverse("instructors:hazards-export")
        rows = sheet_rows(login("town_a_admin").get(url, {"tab": "overdue"}))
        assert rows[1][0] == posted.ent_a2.name and rows[1][3] == "消防通道堵塞"
        assert rows[1][6] == "逾期未整改"
        assert len(sheet_rows(login("town_b_admin").get(url, {"tab": "overdue"}))) == 1

    def test_the_pages_open_for_their_users(self, posted, login):
        visit(posted, D(2026, 3, 5))
        instructor = login("instructor")
        for name in ("work", "visit-create", "visits", "hazards", "assignments"):
            assert instructor.get(reverse(f"instructors:{name}")).status_code == 200, name
        town = login("town_a_admin")
        for name in ("visits", "hazards", "assignments", "assignment-create"):
            assert town.get(reverse(f"instructors:{name}")).status_code == 200, name
        assert town.get(reverse("instructors:work")).status_code == 403
        assert town.get(reverse("instructors:visit-create")).status_code == 403

    def test_the_form_keeps_what_was_typed_on_a_bad_hazard_date(self, posted, login):
        response = login("instructor").post(
            reverse("instructors:visit-create"),
            {
                "enterprise": posted.ent_a2.pk,
                "visited_on": "2026-03-05",
                "mode": "onsite",
                "topics": "指导换届",
                "hazard_text": ["消防通道堵塞"],
                "hazard_due": ["2026-03-01"],
            },
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "整改期限不能早于走访日期" in page and "消防通道堵塞" in page and "指导换届" in page
        assert not Visit.objects.exists()

    def test_a_hazard_date_that_is_no_date_is_told(self, posted, login):
        response = login("instructor").post(
            reverse("instructors:visit-create"),
            {
                "enterprise": posted.ent_a2.pk,
                "visited_on": "2026-03-05",
                "mode": "onsite",
                "hazard_text": ["电线老化"],
                "hazard_due": ["2026-13-45"],
            },
        )
        assert "第 1 条隐患：整改期限不是有效日期" in response.content.decode()
        assert not Visit.objects.exists()

    def test_an_enterprise_of_another_town_cannot_be_chosen_in_the_form(self, posted, login):
        response = login("instructor").post(
            reverse("instructors:visit-create"),
            {"enterprise": posted.ent_b.pk, "visited_on": "2026-03-05", "mode": "onsite"},
        )
        assert response.status_code == 200 and not Visit.objects.exists()
        assert "选择一个有效的选项" in response.content.decode()

    def test_the_instructor_page_lists_the_assignments_and_recent_visits(self, posted, login):
        visit(posted, D(2026, 3, 5))
        page = login("town_a_admin").get(
            reverse("instructors:detail", args=[posted.instructor.public_id])
        )
        text = page.content.decode()
        assert "2026-01-01 至 2099-12-31" in text and "2026-03-05 川姜电子有限公司" in text

    def test_the_end_of_an_appointment_from_the_list(self, posted, login):
        url = reverse("instructors:assignment-end", args=[posted.assignment.pk])
        assert login("town_b_admin").post(url, {"state": "expired"}).status_code == 404
        told = login("town_a_admin").post(url, {"state": "recalled"}, follow=True)
        assert "调整或召回须填写原因" in told.content.decode()
        posted.assignment.refresh_from_db()
        assert posted.assignment.state == AssignmentState.ACTIVE
        done = login("town_a_admin").post(
            url, {"state": "adjusted", "reason": "工作调整", "approver": "镇党委"}
        )
        assert done.status_code == 302
        posted.assignment.refresh_from_db()
        assert posted.assignment.state == AssignmentState.ADJUSTED

    def test_a_photo_opens_in_scope_only(self, posted, login, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        png = (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
            b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        )
        logged = visit_record(
            actor=posted.user("instructor"),
            data={"enterprise": posted.ent_a2, "visited_on": D(2026, 3, 5), "mode": "onsite"},
            photos=[SimpleUploadedFile("现场.png", png, content_type="image/png")],
        )
        photo = logged.photos.get()
        assert photo.stored_file.endswith(".enc")
        assert png not in (tmp_path / photo.stored_file).read_bytes()  # encrypted at rest
        url = reverse("instructors:visit-photo", args=[logged.pk, photo.pk])
        shown = login("town_a_admin").get(url)
        assert shown.status_code == 200 and shown.content == png
        assert login("town_b_admin").get(url).status_code == 404

    def test_a_renamed_file_is_refused_and_nothing_saved(self, posted):
        with pytest.raises(ValidationError, match="内容与扩展名"):
            visit_record(
                actor=posted.user("instructor"),
                data={"enterprise": posted.ent_a2, "visited_on": D(2026, 3, 5), "mode": "onsite"},
                photos=[SimpleUploadedFile("现场.png", b"not a png", content_type="image/png")],
            )
        assert not Visit.objects.exists()

    def test_the_lists_take_as_many_queries_for_many_rows_as_for_few(self, posted, login):
        client = login("town_a_admin")

        def queries(name):
            with CaptureQueriesContext(connection) as seen:
                assert client.get(reverse(f"instructors:{name}")).status_code == 200
            return len(seen)

        def log_visits(days):
            for day in days:
                found = [{"text": "隐患", "rectify_by": D(2026, 4, 1)}]
                visit(posted, D(2026, 3, day), hazards=found)

        log_visits([2])
        queries("visits")  # the first page of a session warms its caches
        few = {name: queries(name) for name in ("visits", "hazards", "assignments")}
        log_visits([3, 4, 5, 6])
        assignment_create(
            actor=posted.user("town_a_admin"),
            instructor=posted.instructor,
            data={"source": "agency", "enterprises": [posted.ent_a2], "starts_on": START},
        )
        assert {name: queries(name) for name in few} == few

    def test_the_town_records_an_assignment_in_the_form(self, world, login):
        response = login("town_a_admin").post(
            reverse("instructors:assignment-create"),
            {
                "instructor": world.instructor.pk,
                "source": "hired",
                "enterprises": [world.ent_a2.pk],
                "starts_on": "2026-06-01",
            },
        )
        assert response.status_code == 302
        assert world.instructor.assignments.get().ends_on == D(2028, 5, 31)
