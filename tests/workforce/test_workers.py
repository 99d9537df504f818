"""Party workers (WORK.md §4, issue 17): the services with their scope, 一站一岗, 书记分级,
the list with its filters and grade counts, the stations page and the export."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.services import OutOfScope
from liangxin.workforce.models_people import PartyWorker, WorkerRole, WorkerState
from liangxin.workforce.services_workers import (
    worker_create,
    worker_end,
    worker_set_grade,
    worker_update,
)
from tests.workforce.test_workers_fixtures import add_stations, add_workers, worker_in_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(world):
    return add_stations(world)


@pytest.fixture
def staffed(world):
    return add_workers(world)


D = datetime.date


def full_time_at(world, station, name="周敏", actor="town_a_admin"):
    return worker_create(
        actor=world.user(actor),
        data={
            "name": name,
            "role": WorkerRole.FULL_TIME,
            "full_time": True,
            "region": station.region,
            "station": station,
            "started_on": D(2025, 1, 1),
        },
    )


class TestServices:
    def test_a_second_full_time_worker_at_a_station_is_refused_in_chinese(self, staffed):
        # [L:张家港] 一站一岗
        with pytest.raises(ValidationError) as caught:
            full_time_at(staffed, staffed.station)
        assert "该党群工作站已有在岗的专职党务工作者（一站一岗）" in caught.value.messages
        assert PartyWorker.objects.filter(station=staffed.station).count() == 1

    def test_once_the_worker_left_the_post_is_free_again(self, staffed):
        worker_end(
            actor=staffed.user("town_a_admin"), worker=staffed.worker, ended_on=D(2026, 6, 30)
        )
        assert PartyWorker.objects.get(pk=staffed.worker.pk).state == WorkerState.LEFT
        assert full_time_at(staffed, staffed.station).station == staffed.station

    def test_leaving_needs_a_date_not_before_the_start(self, staffed):
        admin = staffed.user("town_a_admin")
        with pytest.raises(ValidationError):
            worker_end(actor=admin, worker=staffed.worker, ended_on=None)
        with pytest.raises(ValidationError) as caught:
            worker_end(actor=admin, worker=staffed.worker, ended_on=D(2020, 1, 1))
        assert "离岗日期不能早于任职日期" in caught.value.messages

    def test_a_town_admin_cannot_place_a_worker_at_another_towns_station(self, staffed):
        with pytest.raises(ValidationError) as caught:
            full_time_at(staffed, staffed.station_b)
        assert "不在您的管辖范围内" in " ".join(caught.value.messages)
        assert not PartyWorker.objects.filter(station=staffed.station_b).exists()

    def test_a_town_admin_of_another_town_cannot_edit_or_end_the_worker(self, staffed):
        other = staffed.user("town_b_admin")
        with pytest.raises(OutOfScope):
            worker_update(actor=other, worker=staffed.worker, data={"name": "改名"})
        with pytest.raises(OutOfScope):
            worker_end(actor=other, worker=staffed.worker, ended_on=D(2026, 1, 1))

    def test_a_secretary_and_an_instructor_may_not_create_workers(self, staffed):
        for persona in ("secretary", "instructor", "leader"):
            with pytest.raises(PermissionDenied):
                full_time_at(staffed, staffed.station, actor=persona)

    def test_the_secretary_grade_is_for_secretaries_only(self, staffed):
        admin = staffed.user("district_admin")
        graded = worker_set_grade(actor=admin, worker=staffed.secretary_worker, grade="A")
        assert graded.secretary_grade == "A"
        with pytest.raises(ValidationError) as caught:
            worker_set_grade(actor=admin, worker=staffed.worker, grade="B")
        assert "只有书记（专职副书记）可以分级" in caught.value.messages
        with pytest.raises(ValidationError):
            worker_set_grade(actor=admin, worker=staffed.secretary_worker, grade="Z")
        with pytest.raises(OutOfScope):
            worker_set_grade(
                actor=staffed.user("town_b_admin"), worker=staffed.secretary_worker, grade="C"
            )


class TestPages:
    def test_the_one_worker_per_station_refusal_shows_on_the_form_not_a_500(self, staffed, login):
        response = login("town_a_admin").post(
            reverse("instructors:worker-create"),
            {
                "name": "周敏",
                "role": "full_time",
                "full_time": "on",
                "region": staffed.area_a.code,
                "station": staffed.station.pk,
                "started_on": "2025-01-01",
            },
        )
        assert response.status_code == 200
        assert "该党群工作站已有在岗的专职党务工作者（一站一岗）" in response.content.decode()

    def test_the_town_admin_creates_a_worker_through_the_form(self, station, login):
        response = login("town_a_admin").post(
            reverse("instructors:worker-create"),
            {
                "name": "周敏",
                "role": "full_time",
                "full_time": "on",
                "channel": "external",
                "region": station.area_a.code,
                "station": station.station.pk,
                "started_on": "2025-01-01",
            },
        )
        made = PartyWorker.objects.get(name="周敏")
        assert response.status_code == 302
        assert response["Location"] == reverse("instructors:worker", args=[made.pk])
        assert made.name_initials == "zm"

    def test_out_of_scope_workers_are_404_and_the_secretary_reads_only(self, staffed, login):
        detail = reverse("instructors:worker", args=[staffed.secretary_worker.pk])
        assert login("town_b_admin").get(detail).status_code == 404
        assert login("outsider").get(detail).status_code == 404
        secretary = login("secretary")
        page = secretary.get(detail)
        assert page.status_code == 200 and "编辑" not in page.content.decode()
        assert (
            secretary.get(reverse("instructors:worker", args=[staffed.worker.pk])).status_code
            == 404
        )
        edit = reverse("instructors:worker-edit", args=[staffed.secretary_worker.pk])
        assert secretary.get(edit).status_code == 403
        assert login("town_b_admin").get(edit).status_code == 404

    def test_the_list_filters_and_counts_secretaries_by_grade_per_region(self, staffed, login):
        worker_set_grade(
            actor=staffed.user("town_a_admin"), worker=staffed.secretary_worker, grade="B"
        )
        worker_in_b(staffed)
        town_a = login("town_a_admin")
        page = town_a.get(reverse("instructors:workers")).content.decode()
        assert "王指导" in page and "林晓红" in page and "赵专职" not in page
        assert "B类（合格）" in page and "川姜一网格" in page
        by_role = town_a.get(reverse("instructors:workers"), {"role": "secretary"}).content.decode()
        assert "林晓红" in by_role and "王指导" not in by_role
        by_initials = town_a.get(reverse("instructors:workers"), {"q": "wzd"}).content.decode()
        assert "王指导" in by_initials and "林晓红" not in by_initials
        by_station = town_a.get(
            reverse("instructors:workers"), {"station": "一片区"}
        ).content.decode()
        assert "王指导" in by_station and "林晓红" not in by_station
        full_time = town_a.get(reverse("instructors:workers"), {"full_time": "1"}).content.decode()
        assert "王指导" in full_time and "林晓红" not in full_time

    def test_the_stations_page_warns_of_a_station_without_its_worker(self, staffed, login):
        page = login("district_admin").get(reverse("instructors:worker-stations")).content.decode()
        assert "1 个工作站暂无在岗专职党务工作者" in page
        assert "开发区党群工作站" in page and "王指导" in page
        town_a = login("town_a_admin").get(reverse("instructors:worker-stations")).content.decode()
        assert "开发区党群工作站" not in town_a and "暂无在岗" not in town_a

    def test_the_stations_export_lists_the_vacant_first_and_is_scoped(self, staffed, login):
        def rows_for(persona):
            response = login(persona).get(reverse("instructors:worker-stations-export"))
            return [
                r
                for r in CalamineWorkbook.from_filelike(io.BytesIO(response.content))
                .get_sheet_by_index(0)
                .to_python()
                if r and str(r[0]).endswith("党群工作站") and r[0] != "党群工作站"
            ]

        district = rows_for("district_admin")
        assert [(r[0], r[3]) for r in district] == [
            ("开发区党群工作站", "（未配专职）"),
            ("川姜一片区党群工作站", "王指导"),
        ]
        assert [r[0] for r in rows_for("town_a_admin")] == ["川姜一片区党群工作站"]

    def test_ending_through_the_page(self, staffed, login):
        url = reverse("instructors:worker-end", args=[staffed.worker.pk])
        assert login("town_b_admin").post(url, {"ended_on": "2026-06-30"}).status_code == 404
        login("town_a_admin").post(url, {"ended_on": "2026-06-30"})
        staffed.worker.refresh_from_db()
        assert (staffed.worker.state, staffed.worker.ended_on) == ("left", D(2026, 6, 30))

    def test_the_export_opens_as_xlsx_with_the_scopes_workers(self, staffed, login):
        worker_in_b(staffed)
        response = login("town_a_admin").get(reverse("instructors:workers-export"))
        rows = (
            CalamineWorkbook.from_filelike(io.BytesIO(response.content))
            .get_sheet_by_index(0)
            .to_python()
        )
        header = next(i for i, row in enumerate(rows) if row[0] == "姓名")
        names = sorted(row[0] for row in rows[header + 1 :])
        assert names == ["林晓红", "王指导"]
        assert rows[header][:3] == ["姓名", "身份", "专职"]


def test_the_detail_counts_this_years_training_and_warns_without_one(staffed, login):
    # [L:张家港] each worker ≥ 1 training a year
    from django.utils import timezone

    from liangxin.workforce.models_people import Training, TrainingAttendance

    town = login("town_a_admin")
    detail = reverse("instructors:worker", args=[staffed.worker.pk])
    assert "每年至少参训一次" in town.get(detail).content.decode()
    year = timezone.localdate().year
    training = Training.objects.create(
        title="党务工作者轮训",
        level="town",
        organizer="川姜镇党委",
        region=staffed.town_a,
        starts_on=D(year, 1, 5),
        ends_on=D(year, 1, 5),
        hours=8,
    )
    TrainingAttendance.objects.create(training=training, worker=staffed.worker, hours=8)
    page = town.get(detail).content.decode()
    assert "本年参训 1 次" in page and "每年至少参训一次" not in page


def test_the_town_admin_edits_a_worker_and_another_town_cannot(staffed, login):
    url = reverse("instructors:worker-edit", args=[staffed.worker.pk])
    data = {
        "name": "王指导",
        "role": "instructor",
        "full_time": "on",
        "channel": "assigned",
        "region": staffed.area_a.code,
        "station": staffed.station.pk,
        "started_on": "2024-03-01",
    }
    assert login("town_b_admin").post(url, data).status_code == 404
    assert login("town_a_admin").post(url, data).status_code == 302
    staffed.worker.refresh_from_db()
    assert staffed.worker.channel == "assigned"
    moved = login("town_a_admin").post(url, {**data, "station": staffed.station_b.pk})
    assert moved.status_code == 200  # the other town's station is not a choice
    assert PartyWorker.objects.get(pk=staffed.worker.pk).station == staffed.station
