"""Member units of the 两新工委 (WORK.md §7 [L:平湖]): tasks with quarterly progress, the
晾晒会 ranking by average completion frozen when it is held (later progress does not
change it), the year-end 述职; kept by the district only, outside its district 404."""

import datetime
from decimal import Decimal

import pytest

from liangxin.duties import services
from liangxin.duties.models import MemberUnit, ShowcaseRow, UnitTaskProgress
from tests.duties.conftest import LAST_YEAR

pytestmark = pytest.mark.django_db


class Units:
    def __init__(self, world):
        self.actor = world.user("district_admin")
        self.world = world
        self.a = services.unit_save(
            actor=self.actor, name="区委组织部", region=world.district, order=1
        )
        self.b = services.unit_save(
            actor=self.actor, name="区工商联", region=world.district, order=2
        )
        self.c = services.unit_save(
            actor=self.actor, name="区市场监管局", region=world.district, order=3
        )

    def task(self, unit, title, year=LAST_YEAR):
        return services.task_save(actor=self.actor, unit=unit, year=year, title=title, target="")

    def progress(self, task, quarter, percent):
        return services.progress_record(
            actor=self.actor,
            task=task,
            quarter=quarter,
            percent=percent,
            note="",
            reported_on=datetime.date(LAST_YEAR, quarter * 3, 20),
        )

    def showcase(self, quarter):
        return services.showcase_save(
            actor=self.actor,
            region=self.world.district,
            year=LAST_YEAR,
            quarter=quarter,
            held_on=datetime.date(LAST_YEAR, quarter * 3, 28),
            remarks="",
        )


@pytest.fixture
def units(world):
    return Units(world)


def ranking(showcase):
    return [
        (r.unit_name, r.tasks, r.completion, r.rank) for r in showcase.rows.order_by("rank", "pk")
    ]


def test_the_showcase_ranks_by_average_completion_and_stays_frozen(world, units):
    a1, a2 = units.task(units.a, "覆盖攻坚"), units.task(units.a, "指导员选派")
    b1 = units.task(units.b, "商会党建")
    units.task(units.c, "示范点培育")  # no progress reported: 0
    units.progress(a1, 1, 40)
    units.progress(a2, 1, 20)
    units.progress(b1, 1, 30)
    units.progress(b1, 2, 90)  # a later quarter: not seen by the first quarter's showcase
    q1 = units.showcase(1)
    assert ranking(q1) == [
        ("区委组织部", 2, Decimal("30.0"), 1),
        ("区工商联", 1, Decimal("30.0"), 1),  # a tie shares the place
        ("区市场监管局", 1, Decimal("0.0"), 3),
    ]
    # Progress reported after the meeting, a unit renamed: the frozen ranking holds.
    units.progress(a1, 1, 100)
    services.unit_save(
        actor=units.actor, unit=units.c, name="区市场监督管理局", region=world.district
    )
    q1.refresh_from_db()
    assert ranking(q1)[0] == ("区委组织部", 2, Decimal("30.0"), 1)
    assert ranking(q1)[2][0] == "区市场监管局"
    # The second quarter's showcase sees the new figures (a1 100, a2 20 → 60; b1 90).
    q2 = units.showcase(2)
    assert [(name, completion) for name, _, completion, _ in ranking(q2)] == [
        ("区工商联", Decimal("90.0")),
        ("区委组织部", Decimal("60.0")),
        ("区市场监督管理局", Decimal("0.0")),
    ]


def test_editing_a_showcase_keeps_its_ranking(world, login, units):
    units.progress(units.task(units.a, "覆盖攻坚"), 1, 50)
    showcase = units.showcase(1)
    rows = ShowcaseRow.objects.count()
    client = login("district_admin")
    data = {
        "region": world.district.code,
        "year": str(LAST_YEAR),
        "quarter": "1",
        "held_on": f"{LAST_YEAR}-03-29",
        "remarks": "改期",
    }
    assert client.post(f"/duties/showcases/{showcase.pk}/edit/", data).status_code == 302
    response = client.post(f"/duties/showcases/{showcase.pk}/edit/", {**data, "quarter": "2"})
    assert "排名已固定，不能修改年度、季度或区县" in response.content.decode()
    assert ShowcaseRow.objects.count() == rows
    page = client.get(f"/duties/showcases/{showcase.pk}/").content.decode()
    assert "区委组织部" in page and "50.0" in page
    # The same quarter twice: refused in Chinese.
    response = client.post("/duties/showcases/new/", data)
    assert "本季度已召开晾晒会" in response.content.decode()


def test_progress_of_a_quarter_is_corrected_not_doubled(world, login, units):
    task = units.task(units.a, "覆盖攻坚")
    client = login("district_admin")
    url = f"/duties/tasks/{task.pk}/progress/"
    data = {"quarter": "1", "percent": "30", "note": "", "reported_on": f"{LAST_YEAR}-03-25"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "percent": "45"}).status_code == 302
    assert list(UnitTaskProgress.objects.values_list("percent", flat=True)) == [45]
    for bad, message in (
        ({"percent": "101"}, "完成比例应在0到100之间"),
        ({"percent": "三十"}, "请输入 0–100 之间的整数"),
        ({"quarter": "5"}, "选择一个有效的选项"),
        ({"note": "注" * 501}, "501"),
        ({"reported_on": "2999-01-01"}, "报送日期不能晚于今天"),
    ):
        response = client.post(url, {**data, **bad})
        assert message in response.content.decode(), bad
    assert list(UnitTaskProgress.objects.values_list("percent", flat=True)) == [45]


def test_duplicates_are_refused(world, login, units):
    client = login("district_admin")
    response = client.post(
        "/duties/units/new/",
        {"name": "区委组织部", "region": world.district.code, "order": "0", "active": "on"},
    )
    assert "本区已有同名成员单位" in response.content.decode()
    units.task(units.a, "覆盖攻坚")
    response = client.post(
        "/duties/tasks/new/",
        {"unit": str(units.a.pk), "year": str(LAST_YEAR), "title": "覆盖攻坚", "target": ""},
    )
    assert "该成员单位本年度已有同名任务" in response.content.decode()
    review = {"unit": str(units.a.pk), "year": str(LAST_YEAR), "grade": "excellent", "remarks": ""}
    assert client.post("/duties/reviews/new/", review).status_code == 302
    response = client.post("/duties/reviews/new/", review)
    assert "该成员单位本年度已有年终述职记录" in response.content.decode()


def test_only_the_district_keeps_units_and_others_districts_are_404(world, login, units):
    task = units.task(units.a, "覆盖攻坚")
    showcase = units.showcase(1)
    for persona in ("town_a_admin", "secretary", "instructor"):
        client = login(persona)
        assert client.get("/duties/units/").status_code == 403, persona
        assert client.get(f"/duties/tasks/{task.pk}/progress/").status_code == 403, persona
    leader = login("leader")
    assert leader.get(f"/duties/showcases/{showcase.pk}/").status_code == 200
    assert leader.get("/duties/units/new/").status_code == 403
    # A unit of another county: the district admin does not see it, nor may name it.
    other = MemberUnit.objects.create(name="外区组织部", region=world.other_root)
    other_task = services.task_save(actor=units.actor, unit=units.a, year=LAST_YEAR, title="另一项")
    other_task.unit = other
    other_task.save()
    client = login("district_admin")
    assert client.get(f"/duties/units/{other.pk}/edit/").status_code == 404
    assert client.get(f"/duties/tasks/{other_task.pk}/progress/").status_code == 404
    assert "外区组织部" not in client.get(f"/duties/units/?year={LAST_YEAR}").content.decode()
    response = client.post(
        "/duties/units/new/",
        {"name": "新单位", "region": world.other_root.code, "order": "0", "active": "on"},
    )
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    # A town is not a district: member units belong to the county.
    response = client.post(
        "/duties/units/new/",
        {"name": "新单位", "region": world.town_a.code, "order": "0", "active": "on"},
    )
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    assert not MemberUnit.objects.filter(name="新单位").exists()


def test_the_units_page_shows_tasks_progress_and_reviews(world, login, units):
    task = units.task(units.a, "覆盖攻坚")
    units.progress(task, 2, 65)
    services.review_save(actor=units.actor, unit=units.a, year=LAST_YEAR, grade="competent")
    page = login("district_admin").get(f"/duties/units/?year={LAST_YEAR}").content.decode()
    assert "覆盖攻坚" in page and "65%" in page and "称职" in page


def test_every_form_opens_and_the_writes_are_audited(world, login, units):
    from auditlog.models import LogEntry

    client = login("district_admin")
    task = units.task(units.a, "覆盖攻坚")
    for url in (
        "/duties/units/new/",
        "/duties/tasks/new/",
        "/duties/showcases/new/",
        "/duties/reviews/new/",
        f"/duties/tasks/{task.pk}/progress/",
        f"/duties/tasks/{task.pk}/edit/",
        f"/duties/units/{units.a.pk}/edit/",
        "/duties/commitments/new/",
        "/duties/reports/new/",
        "/duties/statistics/",
    ):
        assert client.get(url).status_code == 200, url
    progress = units.progress(task, 1, 10)
    showcase = units.showcase(1)
    for record in (units.a, task, progress, showcase):
        assert LogEntry.objects.get_for_object(record).exists(), record
