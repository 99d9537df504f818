"""The instructors' yearly assessment beside their visit record (WORK.md §4: contact weekly,
visit monthly, 不称职 → corrected or recalled [L:沁县]; monthly safety check [L:川姜])."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.services import OutOfScope
from liangxin.workforce.models_people import Assessment, Grade
from liangxin.workforce.selectors_workers import instructor_year_rows
from liangxin.workforce.services import visit_record
from liangxin.workforce.services_workers import instructor_assess

pytestmark = pytest.mark.django_db

YEAR = 2026
D = datetime.date


def visit(world, day, safety=False, hazards=()):
    return visit_record(
        actor=world.user("instructor"),
        data={
            "enterprise": world.ent_a2,
            "visited_on": day,
            "mode": "onsite",
            "topics": "指导三会一课",
            "safety_checked": safety,
        },
        hazards=list(hazards),
        closes=[],
    )


@pytest.fixture
def visited(posted):
    visit(posted, D(YEAR, 1, 10), safety=True)
    visit(posted, D(YEAR, 1, 20))
    visit(
        posted,
        D(YEAR, 3, 5),
        safety=True,
        hazards=[{"text": "消防通道堵塞", "rectify_by": D(YEAR, 3, 20)}],
    )
    return posted


class TestTheVisitRecord:
    def test_visits_months_with_a_visit_and_the_months_due(self, visited):
        # [L:沁县] monthly visits: by 15 June, six months were due; January and March had one.
        [row] = instructor_year_rows(
            user=visited.user("town_a_admin"), year=YEAR, today=D(YEAR, 6, 15)
        )
        assert (row["visits"], row["periods_visited"], row["periods_due"]) == (3, 2, 6)
        assert (row["safety_checks"], row["hazards_found"], row["hazards_closed"]) == (2, 1, 0)
        [past] = instructor_year_rows(
            user=visited.user("town_a_admin"), year=YEAR - 1, today=D(YEAR, 6, 15)
        )
        assert (past["visits"], past["periods_due"]) == (0, 12)

    def test_another_town_does_not_see_the_instructor(self, visited):
        assert instructor_year_rows(user=visited.user("town_b_admin"), year=YEAR) == []


class TestRecordingTheGrade:
    def test_the_grade_is_recorded_once_a_year_and_replaced_when_given_again(self, visited):
        admin = visited.user("town_a_admin")
        instructor_assess(
            actor=admin,
            instructor=visited.instructor,
            year=YEAR,
            grade=Grade.COMPETENT,
            assessor="镇党委",
        )
        instructor_assess(
            actor=admin,
            instructor=visited.instructor,
            year=YEAR,
            grade=Grade.INCOMPETENT,
            comment="走访不足",
        )
        record = Assessment.objects.get(instructor=visited.instructor)
        assert (record.grade, record.comment) == (Grade.INCOMPETENT, "走访不足")

    def test_a_grade_is_required_and_scope_is_checked(self, visited):
        with pytest.raises(ValidationError):
            instructor_assess(
                actor=visited.user("town_a_admin"),
                instructor=visited.instructor,
                year=YEAR,
                grade="",
            )
        with pytest.raises(OutOfScope):
            instructor_assess(
                actor=visited.user("town_b_admin"),
                instructor=visited.instructor,
                year=YEAR,
                grade=Grade.EXCELLENT,
            )

    def test_the_page_shows_the_visit_count_beside_the_form(self, visited, login):
        town = login("town_a_admin")
        page = town.get(reverse("instructors:assessments"), {"year": YEAR}).content.decode()
        assert "王指导" in page and "走访 <strong>3</strong> 次" in page
        assert 'name="grade"' in page and "隐患 1 处（已整改 0）" in page
        saved = town.post(
            reverse("instructors:assessments"),
            {
                "instructor": visited.instructor.pk,
                "year": YEAR,
                "grade": "incompetent",
                "assessor": "镇党委",
                "comment": "走访不足",
            },
        )
        assert saved.status_code == 302
        page = town.get(reverse("instructors:assessments"), {"year": YEAR}).content.decode()
        assert "应整改或召回 [L:沁县]" in page  # 不称职 → corrected or recalled

    def test_out_of_scope_and_read_only_personas(self, visited, login):
        data = {"instructor": visited.instructor.pk, "year": YEAR, "grade": "excellent"}
        assert (
            login("town_b_admin").post(reverse("instructors:assessments"), data).status_code == 404
        )
        assert login("leader").post(reverse("instructors:assessments"), data).status_code == 403
        leader_page = login("leader").get(reverse("instructors:assessments"), {"year": YEAR})
        assert leader_page.status_code == 200 and 'name="grade"' not in leader_page.content.decode()
        assert not Assessment.objects.exists()

    def test_the_export_opens_as_xlsx_with_the_record_and_the_grade(self, visited, login):
        instructor_assess(
            actor=visited.user("town_a_admin"),
            instructor=visited.instructor,
            year=YEAR,
            grade=Grade.INCOMPETENT,
        )
        response = login("town_a_admin").get(
            reverse("instructors:assessments-export"), {"year": YEAR}
        )
        rows = (
            CalamineWorkbook.from_filelike(io.BytesIO(response.content))
            .get_sheet_by_index(0)
            .to_python()
        )
        header = next(i for i, row in enumerate(rows) if row[0] == "党建指导员")
        [row] = rows[header + 1 :]
        assert row[0] == "王指导" and int(row[2]) == 3
        assert row[8] == "不称职" and row[11] == "应整改或召回 [L:沁县]"
        empty = login("town_b_admin").get(reverse("instructors:assessments-export"), {"year": YEAR})
        rows_b = (
            CalamineWorkbook.from_filelike(io.BytesIO(empty.content))
            .get_sheet_by_index(0)
            .to_python()
        )
        assert rows_b[-1][0] == "党建指导员"
