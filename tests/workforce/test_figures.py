"""The workforce's yearly figures by region (WORK.md §4 "Statistics"): every figure of a
small world counted by hand, the scope, the page and its export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.workforce import figures
from liangxin.workforce.models_people import (
    Allowance,
    AllowanceRule,
    Certification,
    PartnerGroup,
    PartnerTask,
    PartyWorker,
    Training,
    TrainingAttendance,
)
from tests.workforce.test_visits import visit

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2026
LONG_AGO = D(2024, 3, 1)


def worker(name, region, role="full_time", started=LONG_AGO, **extra):
    return PartyWorker.objects.create(
        name=name, region=region, role=role, started_on=started, **extra
    )


def training(title, region, day, kind="regular"):
    return Training.objects.create(
        title=title,
        level="town",
        kind=kind,
        organizer="镇党委",
        region=region,
        starts_on=day,
        ends_on=day,
        hours=Decimal("8"),
    )


def attend(session, person):
    TrainingAttendance.objects.create(training=session, worker=person, hours=session.hours)


@pytest.fixture
def counted(posted):
    w = posted
    first = visit(
        w, D(YEAR, 3, 5), hazards=[{"text": "消防通道堵塞", "rectify_by": D(YEAR, 3, 20)}]
    )
    visit(
        w,
        D(YEAR, 4, 2),
        hazards=[{"text": "电线老化", "rectify_by": D(YEAR, 5, 1)}],
        closes=list(first.hazards.all()),
    )
    visit(w, D(YEAR, 4, 3), enterprise=w.ent_a)  # no safety check that day

    w.full_time = worker("陈静", w.town_a, full_time=True)
    # A new secretary in town B trained on the last day of the six months: in time.
    w.new_b = worker("周敏", w.grid_b, role="secretary", started=D(YEAR, 3, 10))
    # One in town A trained the day after: late.
    w.new_a = worker("吴婷", w.grid_a, role="secretary", started=D(YEAR, 1, 15))
    worker("离岗者", w.grid_a, started=D(2020, 1, 1), ended_on=D(2025, 6, 30), state="left")
    attend(training("专题培训", w.district, D(YEAR, 5, 1)), w.full_time)
    attend(training("初任培训（一）", w.town_b, D(YEAR, 9, 10), kind="initial"), w.new_b)
    attend(training("初任培训（二）", w.town_a, D(YEAR, 7, 16), kind="initial"), w.new_a)

    Certification.objects.create(
        worker=w.full_time,
        level="special",
        issuer_level="province",
        state="issued",
        applied_on=D(2025, 10, 1),
        issued_on=D(YEAR, 2, 1),
        valid_until=D(2029, 1, 31),
    )
    Certification.objects.create(  # expired before the year's end: not counted
        worker=w.new_b,
        level="junior",
        issuer_level="district",
        state="issued",
        applied_on=D(2023, 1, 1),
        issued_on=D(2023, 7, 1),
        valid_until=D(YEAR, 6, 30),
    )
    rule = AllowanceRule.objects.create(
        kind="certification",
        cert_level="special",
        amount=Decimal("9600"),
        effective_from=2021,
        source="[L:张家港] 特级每年9600元",
    )
    Allowance.objects.create(
        worker=w.full_time, year=YEAR, kind="certification", rule=rule, amount=Decimal("9600")
    )
    group = PartnerGroup.objects.create(
        name="先锋工匠一组", leader=w.full_time, region=w.town_a, year=YEAR
    )
    PartnerTask.objects.create(group=group, kind="research", title="课题", progress=100)
    PartnerTask.objects.create(group=group, kind="brand", title="品牌", progress=40)
    return w


def row_of(found, name):
    return next(row for row in found.rows if row.label == name).values


class TestFigures:
    def test_every_figure_of_town_a_is_the_hand_count(self, counted):
        found = figures.figures(
            user=counted.user("district_admin"), region=counted.district, year=YEAR
        )
        town_a = row_of(found, "川姜镇")
        assert town_a["instructors_agency"] == 1
        assert town_a["enterprises_assigned"] == 2
        assert (town_a["visits"], town_a["safety_checks"]) == (3, 2)
        assert (town_a["hazards_found"], town_a["hazards_fixed"]) == (2, 1)
        assert (town_a["workers"], town_a["workers_trained"], town_a["person_times"]) == (2, 2, 2)
        assert town_a["certified_special"] == 1
        assert town_a["allowances"] == Decimal("9600.00")
        assert (town_a["partner_tasks"], town_a["partner_tasks_done"]) == (2, 1)

    def test_new_secretaries_trained_by_the_deadline_day_are_in_time(self, counted):
        """WORK.md §4 [N] 培训规划: new secretaries trained within 6 months; the deadline day
        itself counts as in time, the day after does not."""
        found = figures.figures(
            user=counted.user("district_admin"), region=counted.district, year=YEAR
        )
        assert (
            row_of(found, "开发区")["new_secretaries"],
            row_of(found, "开发区")["new_secretaries_in_time"],
        ) == (1, 1)
        assert (
            row_of(found, "川姜镇")["new_secretaries"],
            row_of(found, "川姜镇")["new_secretaries_in_time"],
        ) == (1, 0)
        assert found.total.in_time_share == "50.0%"

    def test_an_expired_certificate_and_a_worker_gone_before_the_year_do_not_count(self, counted):
        found = figures.figures(
            user=counted.user("district_admin"), region=counted.district, year=YEAR
        )
        assert row_of(found, "开发区")["certified_junior"] == 0
        assert found.total.values["workers"] == 3

    def test_the_totals_are_the_sum_of_the_rows(self, counted):
        found = figures.figures(
            user=counted.user("district_admin"), region=counted.district, year=YEAR
        )
        for key in figures.KEYS:
            assert found.total.values[key] == sum(row.values[key] for row in found.rows), key

    def test_a_town_sees_its_areas_and_its_own_records_apart(self, counted):
        found = figures.figures(user=counted.user("town_a_admin"), region=counted.town_a, year=YEAR)
        labels = [row.label for row in found.rows]
        assert labels == ["川姜一片区", "川姜镇（本级）"]
        # the full-time worker and the instructor are registered at the town itself
        assert row_of(found, "川姜镇（本级）")["workers"] == 1
        assert row_of(found, "川姜一片区")["visits"] == 3


class TestPage:
    def test_the_page_and_its_export(self, counted, login):
        client = login("district_admin")
        page = client.get(reverse("instructors:figures"), {"year": YEAR})
        text = page.content.decode()
        assert page.status_code == 200 and "队伍建设统计：示范区（2026年）" in text
        assert "川姜镇" in text and "开发区" in text and "外区" not in text
        export = client.get(reverse("instructors:figures-export"), {"year": YEAR})
        rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
        table = rows.to_python()
        header = next(r for r in table if r and r[0] == "区域")
        total = next(r for r in table if r and r[0] == "合计")
        assert total[header.index("走访次数")] == 3
        assert total[header.index("初任培训及时率")] == "50.0%"

    def test_another_town_gets_404_and_a_secretary_is_refused(self, counted, login):
        town_b = login("town_b_admin")
        url = reverse("instructors:figures")
        assert town_b.get(url, {"region": counted.town_a.code}).status_code == 404
        assert town_b.get(url, {"region": counted.district.code}).status_code == 404
        assert login("secretary").get(url).status_code == 403

    def test_a_malformed_year_falls_back_to_this_year(self, counted, login):
        page = login("town_a_admin").get(reverse("instructors:figures"), {"year": "20x6"})
        assert page.status_code == 200
        assert f"（{timezone.localdate().year}年）" in page.content.decode()
