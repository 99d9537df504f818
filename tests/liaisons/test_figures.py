"""Figures against hand-computed tables: 政策半日直达 (WORK.md §5 "notices on time"; goal
[L:泉州] 半日, default 4 working hours [I]), 三联三会 [L:平湖] with the posts' 书记热线 and
车间政委, and 党员联系职工 [L:泉州]: secretaries and members linked, staff and talents,
difficulties and production problems solved."""

import datetime

import pytest

from liangxin.liaisons import selectors, services
from liangxin.members.models import Member
from liangxin.posts.models import PostAssignment
from tests import factories as f
from tests.liaisons.conftest import at, confirm, publish, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(world, liaisons, clock):
    """Town A (liaison 黄联络, ent_a and ent_a2):
    N1 Mon 11-02 10:00, due 16:00 — ent_a at 11:30 (90 min, on time); ent_a2 Tue 09:00
       (Mon 10–12 120 + 14–18 240 + Tue 8–9 60 = 420 min, late).
    N2 Wed 11-04 09:00, due 15:00 — ent_a at 15:00 (240 min, on time at the boundary);
       ent_a2 never (past due at now: counts as due, not on time).
    Town B (郑联络, ent_b): N3 Fri 11-06 11:00, due 17:00 — open and not yet due at now.
    Now: Fri 11-06 12:00."""
    clock.set(2026, 11, 6, 12)
    n1 = publish(world, liaisons["a"], at(2026, 11, 2, 10), title="政策一")
    n2 = publish(world, liaisons["a"], at(2026, 11, 4, 9), title="政策二")
    publish(world, liaisons["b"], at(2026, 11, 6, 11), title="政策三")
    confirm(world, n1, world.ent_a, at(2026, 11, 2, 11, 30))
    confirm(world, n1, world.ent_a2, at(2026, 11, 3, 9))
    confirm(world, n2, world.ent_a, at(2026, 11, 4, 15))


COLUMNS = ["notices", "receipts", "confirmed", "due", "on_time", "on_time_rate", "median_hours"]
# Town A: medians of 90, 240, 420 minutes → 240 min = 4.0 h; rate 2 / 4.
TOWN_A = [2, 4, 3, 4, 2, 50.0, 4.0]
TOWN_B = [1, 1, 0, 0, 0, None, None]
TOTAL = [3, 5, 3, 4, 2, 50.0, 4.0]


def values(row):
    return [row[c] for c in COLUMNS]


def test_notice_figures_by_region_and_by_liaison(world, notices):
    district = world.user("district_admin")
    by_region = selectors.notice_figures(user=district, region=None)
    rows = {row["label"]: values(row) for row in by_region.rows}
    assert rows == {"川姜镇": TOWN_A, "开发区": TOWN_B}
    assert values(by_region.total) == TOTAL

    by_liaison = selectors.notice_figures(user=district, region=None, by="liaison")
    rows = {row["label"]: values(row) for row in by_liaison.rows}
    assert rows == {"黄联络（川姜镇）": TOWN_A, "郑联络（开发区）": TOWN_B}


def test_a_town_sees_its_own_figures_only(world, notices):
    figures = selectors.notice_figures(user=world.user("town_b_admin"), region=None)
    assert [values(row) for row in figures.rows if row["receipts"]] == [TOWN_B]
    assert values(figures.total) == TOWN_B


def test_the_figures_export_matches_the_page(world, notices, login):
    client = login("district_admin")
    page = client.get("/liaisons/figures/").content.decode()
    assert "50.0" in page and "4.0" in page
    header, rows = table(client.get("/liaisons/figures/export/?by=liaison"), "政策联络员")
    assert header[1:4] == ["推送政策（条）", "送达企业（家次）", "已确认"]
    found = {row[0]: row[1:] for row in rows}
    assert found["黄联络（川姜镇）"] == [2, 4, 3, 4, 2, 50.0, 4.0]
    assert found["郑联络（开发区）"] == [1, 1, 0, 0, 0, "", ""]
    assert found["合计"] == [3, 5, 3, 4, 2, 50.0, 4.0]


def test_the_overdue_receipt_is_on_the_todo_list_of_its_town(world, notices, login):
    overdue = selectors.receipts_overdue()
    assert [(r.notice.title, r.enterprise_id) for r in overdue] == [("政策二", world.ent_a2.pk)]
    assert "政策超时未确认" in login("town_a_admin").get("/todos/").content.decode()
    assert "政策超时未确认" not in login("town_b_admin").get("/todos/").content.decode()


def test_sanlian_figures_with_the_posts_hotlines_and_commissars(world):
    today = datetime.date.today() - datetime.timedelta(days=1)
    secretary = world.user("secretary")
    member_a2 = f.MemberFactory(name="周敏", organization=world.org_a)
    for kind, member in (
        ("secretary_management", world.member_a),
        ("committee_team", member_a2),
        ("member_staff", member_a2),
    ):
        services.link_create(
            actor=secretary,
            organization=world.org_a,
            kind=kind,
            member=member,
            counterpart_name="王总",
            counterpart_post="总经理",
            started_on=today,
        )
    for kind, held, people, raised, adopted in (
        ("party_enterprise", today, 12, 5, 3),
        ("democratic", today, 30, 4, 4),
        ("party_masses", today - datetime.timedelta(days=1), 8, 0, 0),
    ):
        services.meeting_record(
            actor=secretary,
            organization=world.org_a,
            kind=kind,
            held_on=held,
            participants=people,
            topics="议题",
            issues_raised=raised,
            suggestions_adopted=adopted,
        )
    services.meeting_record(
        actor=world.user("town_b_admin"),
        organization=world.org_b,
        kind="joint",
        held_on=today,
        participants=6,
        topics="议题",
    )
    for kind, member, ended in (
        ("secretary_hotline", world.member_a, None),
        ("workshop_commissar", member_a2, None),
        ("workshop_commissar", world.member_a, today),  # ended: not counted
        ("workshop_commissar", world.member_b, None),
    ):
        PostAssignment.objects.create(
            member=member,
            organization=member.organization,
            kind=kind,
            title=kind,
            started_on=today - datetime.timedelta(days=30),
            ended_on=ended,
        )
    figures = selectors.sanlian_figures(user=world.user("district_admin"), region=None)
    rows = {row["label"]: row for row in figures.rows}
    a, b = rows["川姜镇"], rows["开发区"]
    assert [a[k] for k in ("link_secretary_management", "link_committee_team")] == [1, 1]
    assert a["link_member_staff"] == 1 and b["link_member_staff"] == 0
    assert [a["meeting_party_enterprise"], a["meeting_democratic"], a["meeting_party_masses"]] == [
        1,
        1,
        1,
    ]
    assert (a["participants"], a["issues"], a["adopted"]) == (50, 9, 7)
    assert (b["meeting_joint"], b["participants"]) == (1, 6)
    assert (a["hotlines"], a["commissars"], b["commissars"]) == (1, 1, 1)
    assert figures.total["participants"] == 56 and figures.total["commissars"] == 2


def test_pairing_figures_count_secretaries_members_staff_and_problems(world):
    """Town A: the branch's secretary 林晓红 pairs with two workers (one a talent) and a
    second member with one; problems: 2 difficulties (1 solved), 2 production (2 solved).
    Town B: 陈建国 with one worker, one open production problem."""
    world.org_a.secretary = world.member_a
    world.org_a.save()
    member_a2 = f.MemberFactory(name="周敏", organization=world.org_a)
    day = datetime.date.today() - datetime.timedelta(days=10)
    secretary, town_b = world.user("secretary"), world.user("town_b_admin")

    def pair(actor, member, name, kind="staff"):
        return services.pairing_create(
            actor=actor, member=member, staff_name=name, staff_kind=kind, team="织造车间",
            started_on=day,
        )  # fmt: skip

    def problem(actor, link, kind, solved):
        services.problem_record(
            actor=actor, link=link, kind=kind, description="问题", raised_on=day,
            solved_on=day + datetime.timedelta(days=2) if solved else None,
            solution="已协调" if solved else "",
        )  # fmt: skip

    one = pair(secretary, world.member_a, "张一")
    two = pair(secretary, world.member_a, "张二", "talent")
    three = pair(secretary, member_a2, "张三")
    four = pair(town_b, world.member_b, "李四")
    problem(secretary, one, "difficulty", True)
    problem(secretary, two, "difficulty", False)
    problem(secretary, two, "production", True)
    problem(secretary, three, "production", True)
    problem(town_b, four, "production", False)

    figures = selectors.pairing_figures(user=world.user("district_admin"), region=None)
    columns = ["secretaries", "members", "staff", "talents", "difficulties", "production", "open"]
    rows = {row["label"]: [row[c] for c in columns] for row in figures.rows}
    assert rows["川姜镇"] == [1, 2, 2, 1, 1, 2, 1]
    assert rows["开发区"] == [0, 1, 1, 0, 0, 0, 1]
    assert [figures.total[c] for c in columns] == [1, 3, 3, 1, 1, 2, 2]
    assert Member.objects.count() == 3
