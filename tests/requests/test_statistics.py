"""Statistics of a town (WORK.md §5 "Statistics": received, accepted, closed, on time,
direct answers, average working days, extensions, overdue, 回访满意率 ((满意 + 基本满意) /
rated, and 满意 alone), reopen rate — by region, unit, category and month), checked against
a table computed by hand from six requests."""

import datetime

import pytest
from python_calamine import CalamineWorkbook

from liangxin.requests import selectors, services
from liangxin.requests.models import Request
from tests.requests.conftest import new_request


def fresh(r):
    return Request.objects.get(pk=r.pk)


@pytest.fixture
def year_of_requests(world, units, clock):
    a = world.user("town_a_admin")
    clock.set(2025, 12, 30)
    new_request(world)  # R7: last year, not counted
    clock.set(2026, 10, 15)
    new_request(world, enterprise=world.ent_a2, urgency="complex", names=("其他",))  # R5
    clock.set(2026, 11, 2)
    r1 = services.request_accept(actor=a, request=new_request(world))
    r2 = services.request_accept(
        actor=a, request=new_request(world, enterprise=world.ent_a2, names=("融资", "法律"))
    )
    r3 = services.request_accept(
        actor=a, request=new_request(world, urgency="urgent", names=("政策咨询",))
    )
    r4 = services.request_accept(actor=a, request=new_request(world))
    new_request(world, world.user("town_b_admin"), enterprise=world.ent_b)  # R6: town B
    services.request_answer_directly(actor=a, request=r3, answer="见惠企政策汇编")
    for r, unit in ((r1, "hr"), (r2, "econ"), (r4, "hr")):
        services.request_assign(actor=a, request=fresh(r), lead_unit=units[unit])
        services.request_start(actor=a, request=fresh(r))
    services.extension_ask(
        actor=a, request=fresh(r4), reason="等招聘会", new_due=datetime.date(2026, 11, 16)
    )
    services.extension_decide(actor=a, request=fresh(r4), approve=True)
    clock.set(2026, 11, 5)
    close(a, r1, "satisfied")
    clock.set(2026, 11, 12)  # late: due 11-09
    close(a, r2, "dissatisfied", reopen=True)
    clock.set(2026, 11, 13)  # reopened with a new span: due 11-20
    close(a, r2, "basically")
    clock.set(2026, 11, 20, 10)  # r4's extended due 11-16 has passed
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4}


def close(actor, r, satisfaction, reopen=False):
    services.request_resolve(actor=actor, request=fresh(r), result="solved", reason="", answer="办")
    services.request_reply(actor=actor, request=fresh(r))
    services.follow_up_record(
        actor=actor,
        request=fresh(r),
        on=fresh(r).finished_at.date(),
        method="phone",
        satisfaction=satisfaction,
        note="人数不足" if reopen else "",
        reopen=reopen,
    )


KEYS = [
    "received",
    "accepted",
    "closed",
    "on_time",
    "on_time_rate",
    "direct",
    "direct_rate",
    "avg_days",
    "extended",
    "overdue",
    "rated",
    "satisfaction_rate",
    "satisfied_rate",
    "reopened",
    "reopen_rate",
]

# By hand: R5 in October (received only); R1–R4 in November: R1 closed on time in 3
# working days (satisfied); R2 closed late, reopened, closed again on its new due in 9
# working days (basically satisfied); R3 answered directly the same day (0 days; 直接答复率
# = direct / accepted: 1 of 4 in November); R4 extended and overdue.
BY_MONTH = {
    "10 月": [1, 0, 0, 0, None, 0, None, None, 0, 0, 0, None, None, 0, None],
    "11 月": [4, 4, 3, 3, 100.0, 1, 25.0, 4.0, 1, 1, 2, 100.0, 50.0, 1, 50.0],
}
BY_UNIT = {
    "区人社局": [2, 2, 1, 1, 100.0, 0, 0.0, 3.0, 1, 1, 1, 100.0, 100.0, 0, 0.0],
    "川姜镇经发办": [1, 1, 1, 1, 100.0, 0, 0.0, 9.0, 0, 0, 1, 100.0, 0.0, 1, 100.0],
    "未派单": [2, 1, 1, 1, 100.0, 1, 100.0, 0.0, 0, 0, 0, None, None, 0, None],
}


def table(stats):
    return {row["label"]: [row[key] for key in KEYS] for row in stats.rows}


def test_a_towns_figures_by_month_match_the_hand_computed_table(world, year_of_requests):
    stats = selectors.statistics(user=world.user("town_a_admin"), year=2026, dimension="month")
    assert table(stats) == BY_MONTH
    assert stats.total["received"] == 5 and stats.total["closed"] == 3


def test_by_unit_category_and_region(world, year_of_requests):
    user = world.user("town_a_admin")
    assert table(selectors.statistics(user=user, year=2026, dimension="unit")) == BY_UNIT
    by_category = selectors.statistics(user=user, year=2026, dimension="category")
    counts = {row["label"]: row["received"] for row in by_category.rows}
    assert counts == {"政策咨询": 1, "用工": 2, "融资": 1, "法律": 1, "其他": 1}
    by_region = selectors.statistics(
        user=user, year=2026, dimension="region", region=selectors.top_region(user)
    )
    assert [(row["label"], row["received"]) for row in by_region.rows] == [("川姜一片区", 5)]
    district = world.user("district_admin")
    by_town = selectors.statistics(
        user=district, year=2026, dimension="region", region=world.district
    )
    assert [(row["label"], row["received"]) for row in by_town.rows] == [
        ("川姜镇", 5),
        ("开发区", 1),
    ]


def test_the_statistics_page_and_its_export(world, year_of_requests, login):
    client = login("town_a_admin")
    page = client.get("/requests/statistics/?year=2026&by=month")
    assert page.status_code == 200 and "按时办结率" in page.content.decode()
    export = client.get("/requests/statistics/export/?year=2026&by=unit")
    assert export.status_code == 200
    rows = CalamineWorkbook.from_filelike(_bytes(export)).get_sheet_by_index(0).to_python()
    flat = [row for row in rows if row and row[0] in ("区人社局", "合计")]
    assert flat[0][1] == 2 and flat[-1][0] == "合计" and flat[-1][1] == 5
    header = next(row for row in rows if row and row[0] == "牵头单位")
    unanswered = next(row for row in rows if row and row[0] == "未派单")
    assert unanswered[header.index("直接答复率")] == 100.0  # R3, the one accepted request
    district = login("district_admin").get("/requests/statistics/?year=2026").content.decode()
    assert f"region={world.town_a.code}" in district and "川姜镇" in district
    other_town = login("town_b_admin").get(f"/requests/statistics/?region={world.town_a.code}")
    assert other_town.status_code == 404


def _bytes(response):
    import io

    return io.BytesIO(response.content)


@pytest.mark.parametrize("dimension", ["region", "unit", "category", "month"])
def test_the_group_by_figures_equal_the_per_request_reference(world, year_of_requests, dimension):
    from liangxin.requests import reference

    for persona in ("district_admin", "town_a_admin", "secretary"):
        user = world.user(persona)
        region = selectors.top_region(user)
        fast = selectors.statistics(user=user, year=2026, dimension=dimension, region=region)
        slow = reference.statistics(user=user, year=2026, dimension=dimension, region=region)
        assert {row["key"]: [row[k] for k in KEYS] for row in fast.rows} == {
            key: [row[k] for k in KEYS] for key, row in slow.items()
        }, persona
