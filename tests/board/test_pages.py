"""The board pages by persona (ARCHITECTURE.md example 9): who sees the ranking, who opens
a subject's drill-down (404 outside scope), who configures; bad weights refused with a
Chinese message and nothing saved; a snapshot frozen once a period, its movement and its
xlsx export (WORK.md §3 **Board**: 晾晒会 snapshots kept and exported)."""

import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from liangxin.board import selectors, services
from liangxin.board.models import Board, BoardIndicator, BoardSnapshot, SubjectKind
from liangxin.organizations.models import PartyOrganization

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(world):
    """The district's towns and parks, ranked by stars and coverage."""
    district = world.user("district_admin")
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=5)
    PartyOrganization.objects.filter(pk=world.org_b.pk).update(star_level=1)
    board = services.board_save(
        actor=district,
        data={
            "name": "镇园区比学赶超",
            "region": world.district,
            "subject_kind": SubjectKind.REGION,
            "subject_depth": 1,
            "period": "quarterly",
        },
    )
    for key, weight in (("ratings.star_level", 60), ("coverage.org_coverage", 40)):
        services.indicator_save(
            actor=district, board=board, key=key, weight=Decimal(weight), source="测试来源"
        )
    return board


def names_in_order(rows):
    return [(row.subject.name, row.rank) for row in rows]


def test_the_board_ranks_the_towns_by_the_weighted_indicators(world, board):
    rows, previous = selectors.live_rows(board, world.org_a.created_at.date())
    assert previous is None
    assert names_in_order(rows) == [("川姜镇", 1), ("开发区", 2)]
    # 川姜镇: 5 stars of 5 → 100 points × 60, one enterprise of two covered → 50 × 40.
    assert rows[0].score == Decimal("80.00")
    assert rows[0].values == {
        "ratings.star_level": Decimal("5.00"),
        "coverage.org_coverage": Decimal("50.00"),
    }


def test_a_weight_changed_by_the_district_changes_the_ranking(world, board):
    """WORK.md §8 "board weights": data, not code."""
    district = world.user("district_admin")
    stars = board.indicators.get(key="ratings.star_level")
    services.indicator_save(
        actor=district,
        board=board,
        indicator=stars,
        key="ratings.star_level",
        weight=Decimal("1"),
        source="只看覆盖",
    )
    rows, _ = selectors.live_rows(board, world.org_a.created_at.date())
    assert names_in_order(rows) == [("开发区", 1), ("川姜镇", 2)]  # 100% covered beats 50%


def test_who_sees_the_board_and_who_opens_a_town(world, board, statuses):
    """The ranking is public inside the district (the 晾晒会); the organizations behind a
    town only to whoever holds that town; the board is nobody's business outside."""
    page = statuses(f"/board/{board.pk}/")
    assert page["district_admin"] == page["town_a_admin"] == page["town_b_admin"] == 200
    assert page["secretary"] == page["leader"] == 200
    assert page["outsider"] == 404
    assert page["system_admin"] == 403
    town_a = statuses(f"/board/{board.pk}/subjects/{world.town_a.code}/")
    assert town_a["district_admin"] == town_a["town_a_admin"] == 200
    assert town_a["town_b_admin"] == town_a["secretary"] == town_a["outsider"] == 404
    assert statuses(f"/board/{board.pk}/subjects/NOPE/")["district_admin"] == 404


def test_the_drill_down_names_each_indicator_its_weight_and_the_records(world, board, login):
    response = login("town_a_admin").get(f"/board/{board.pk}/subjects/{world.town_a.code}/")
    text = response.content.decode()
    assert "平均星级" in text and "60.00" in text and "组织覆盖率" in text
    assert f"/dashboard/?region={world.town_a.code}" in text  # the coverage behind
    assert world.org_a.name in text and world.org_b.name not in text


def test_a_town_admin_sees_links_only_to_their_own_town(world, board, login):
    text = login("town_b_admin").get(f"/board/{board.pk}/").content.decode()
    assert f"/subjects/{world.town_b.code}/" in text
    assert f"/subjects/{world.town_a.code}/" not in text and "川姜镇" in text


def test_only_the_district_configures(world, board, statuses):
    configure = statuses(f"/board/{board.pk}/configure/")
    assert configure["district_admin"] == 200
    assert configure["town_a_admin"] == configure["leader"] == 403
    freeze = statuses(f"/board/{board.pk}/freeze/", method="post")
    assert freeze["town_a_admin"] == 403 and freeze["outsider"] == 404
    assert BoardSnapshot.objects.filter(board=board).count() == 1  # the district's own


@pytest.mark.parametrize(
    ("weight", "message"),
    [("三十", "权重须是数字"), ("-5", "权重须大于 0"), ("0", "权重须大于 0"), ("", "必填")],
)
def test_a_weight_that_is_not_a_positive_number_is_refused(world, board, login, weight, message):
    before = list(BoardIndicator.objects.values_list("key", "weight"))
    response = login("district_admin").post(
        f"/board/{board.pk}/configure/",
        {"key": "life.compliance", "weight": weight, "source": "条例"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(BoardIndicator.objects.values_list("key", "weight")) == before


def test_an_indicator_twice_on_a_board_is_refused(world, board, login):
    response = login("district_admin").post(
        f"/board/{board.pk}/configure/",
        {"key": "ratings.star_level", "weight": "10", "source": "重复"},
    )
    assert response.status_code == 400
    assert "该跑道已有此指标" in response.content.decode()
    assert board.indicators.get(key="ratings.star_level").weight == 60


def test_coverage_cannot_rank_organizations(world):
    board = services.board_save(
        actor=world.user("district_admin"),
        data={"name": "支部擂台", "region": world.town_a, "subject_kind": "organization"},
    )
    with pytest.raises(Exception, match="按企业计算"):
        services.indicator_save(
            actor=world.user("district_admin"),
            board=board,
            key="coverage.org_coverage",
            weight=Decimal(1),
            source="x",
        )


def test_a_region_outside_the_scope_is_refused_on_the_form(world, login):
    response = login("district_admin").post(
        "/board/new/",
        {
            "name": "外区跑道",
            "region": world.other_root.code,
            "subject_kind": "region",
            "subject_depth": "1",
            "period": "quarterly",
        },
    )
    assert response.status_code == 400
    assert "管辖范围内没有代码" in response.content.decode()
    assert not Board.objects.filter(name="外区跑道").exists()


def test_a_board_is_created_and_configured_in_the_browser_pages(world, login):
    client = login("district_admin")
    response = client.post(
        "/board/new/",
        {
            "name": "行业跑道",
            "region": world.district.code,
            "subject_kind": "industry",
            "period": "monthly",
        },
    )
    board = Board.objects.get(name="行业跑道")
    assert response.status_code == 302 and board.subject_depth is None
    response = client.post(
        f"/board/{board.pk}/configure/",
        {"key": "ratings.star_level", "weight": "12.5", "full_value": "6", "source": "平湖六星"},
    )
    assert response.status_code == 302
    indicator = board.indicators.get()
    assert (indicator.weight, indicator.full_value) == (Decimal("12.5"), 6)


def test_a_snapshot_is_frozen_once_a_period_and_movement_is_against_it(world, board, login):
    client = login("district_admin")
    response = client.post(f"/board/{board.pk}/freeze/")
    snapshot = BoardSnapshot.objects.get(board=board)
    assert response.status_code == 302
    assert [(r.name, r.rank, r.score) for r in snapshot.rows.order_by("rank")] == [
        ("川姜镇", 1, Decimal("80.00")),
        ("开发区", 2, Decimal("52.00")),  # 1 star → 20 × 60 + 100 × 40
    ]
    assert snapshot.indicators[0]["weight"] == "60.00"
    response = client.post(f"/board/{board.pk}/freeze/", follow=True)
    assert "本期已冻结过快照" in response.content.decode()
    assert BoardSnapshot.objects.filter(board=board).count() == 1

    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=None)
    rows, previous = selectors.live_rows(board, snapshot.taken_on)
    assert previous == snapshot
    moved = {row.subject.name: (row.rank, row.rank_change, row.score_change) for row in rows}
    assert moved == {
        "开发区": (1, 1, Decimal("0.00")),
        "川姜镇": (2, -1, Decimal("-60.00")),
    }
    text = client.get(f"/board/{board.pk}/").content.decode()
    assert "▲1" in text and "▼1" in text


def test_the_snapshot_export_holds_the_rows_as_frozen(world, board, login):
    client = login("town_b_admin")
    snapshot = services.snapshot_freeze(actor=world.user("district_admin"), board=board)
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=None)  # after
    response = client.get(f"/board/{board.pk}/snapshots/{snapshot.pk}/export/")
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    header = next(i for i, row in enumerate(rows) if row and row[0] == "名次")
    assert rows[header][:4] == ["名次", "排名对象", "代码", "得分"]
    assert "平均星级（权重 60.00）" in rows[header]
    body = [row[:4] for row in rows[header + 1 :]]
    assert body == [[1, "川姜镇", world.town_a.code, 80], [2, "开发区", world.town_b.code, 52]]
    assert (
        login("outsider").get(f"/board/{board.pk}/snapshots/{snapshot.pk}/export/").status_code
        == 404
    )


def test_the_snapshot_list_and_page(world, board, login):
    snapshot = services.snapshot_freeze(actor=world.user("district_admin"), board=board)
    client = login("secretary")
    assert snapshot.label in client.get(f"/board/{board.pk}/snapshots/").content.decode()
    text = client.get(f"/board/{board.pk}/snapshots/{snapshot.pk}/").content.decode()
    assert "川姜镇" in text and "首期快照" in text


def test_the_list_shows_the_district_boards(world, board, login):
    assert board.name in login("town_a_admin").get("/board/").content.decode()
    assert board.name not in login("outsider").get("/board/").content.decode()


def make_board(world, kind, region, keys=("ratings.star_level",)):
    district = world.user("district_admin")
    board = services.board_save(
        actor=district,
        data={
            "name": f"{kind}跑道",
            "region": region,
            "subject_kind": kind,
            "subject_depth": 1 if kind == "region" else None,
            "period": "monthly",
        },
    )
    for key in keys:
        services.indicator_save(actor=district, board=board, key=key, weight=Decimal(1), source="x")
    return board


def test_an_organization_board_opens_only_the_organizations_in_scope(world, statuses):
    """Each organization is its own subject: the town admin opens their own, the secretary
    theirs, nobody another town's (404)."""
    board = make_board(world, "organization", world.district)
    own = statuses(f"/board/{board.pk}/subjects/{world.org_a.code}/")
    other = statuses(f"/board/{board.pk}/subjects/{world.org_b.code}/")
    assert own["district_admin"] == own["town_a_admin"] == own["secretary"] == 200
    assert other["district_admin"] == other["town_b_admin"] == 200
    assert other["town_a_admin"] == other["secretary"] == own["town_b_admin"] == 404


def test_an_industry_board_is_opened_by_whoever_holds_its_whole_region(world, statuses):
    """An industry spans the towns: its organizations are all in scope only for the district."""
    world.ent_a.industry = world.ent_b.industry = "C"
    world.ent_a.save()
    world.ent_b.save()
    board = make_board(world, "industry", world.district, ("ratings.star_level",))
    page = statuses(f"/board/{board.pk}/subjects/C/")
    assert page["district_admin"] == page["leader"] == 200
    assert page["town_a_admin"] == page["town_b_admin"] == page["outsider"] == 404
    assert statuses(f"/board/{board.pk}/")["town_a_admin"] == 200


def test_a_snapshot_moves_against_the_one_before_it(world, board):
    import datetime

    district = world.user("district_admin")
    third = services.snapshot_freeze(actor=district, board=board, on=datetime.date(2026, 9, 30))
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=None)
    fourth = services.snapshot_freeze(actor=district, board=board, on=datetime.date(2026, 10, 1))
    assert (third.label, fourth.label) == ("2026年第3季度", "2026年第4季度")
    rows, previous = selectors.snapshot_rows(fourth)
    assert previous == third
    assert [(r.subject.name, r.rank, r.rank_change) for r in rows] == [
        ("开发区", 1, 1),
        ("川姜镇", 2, -1),
    ]
    first_rows, none = selectors.snapshot_rows(third)
    assert none is None and all(r.rank_change is None for r in first_rows)


def test_a_snapshot_needs_indicators(world):
    board = make_board(world, "region", world.district, keys=())
    with pytest.raises(Exception, match="还没有指标"):
        services.snapshot_freeze(actor=world.user("district_admin"), board=board)


def test_an_indicator_is_changed_and_deleted_on_the_page_and_audited(world, board, login):
    from auditlog.models import LogEntry

    client = login("district_admin")
    stars = board.indicators.get(key="ratings.star_level")
    page = client.get(f"/board/{board.pk}/configure/?indicator={stars.pk}").content.decode()
    assert "修改指标：平均星级" in page
    response = client.post(
        f"/board/{board.pk}/configure/",
        {"indicator": stars.pk, "key": "ratings.star_level", "weight": "6", "source": "六星"},
    )
    assert response.status_code == 302
    stars.refresh_from_db()
    assert (stars.weight, stars.source) == (6, "六星")
    assert LogEntry.objects.get_for_object(stars).count() == 2  # created, changed
    client.post(f"/board/{board.pk}/indicators/{stars.pk}/delete/")
    assert not board.indicators.filter(key="ratings.star_level").exists()
    assert login("town_a_admin").post(
        f"/board/{board.pk}/indicators/{stars.pk}/delete/"
    ).status_code in (403, 404)


def test_the_board_is_renamed_by_the_district_only(world, board, login, statuses):
    response = login("district_admin").post(
        f"/board/{board.pk}/edit/",
        {
            "name": "镇园区晾晒榜",
            "region": world.district.code,
            "subject_kind": "region",
            "subject_depth": "1",
            "period": "monthly",
        },
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.name, board.period) == ("镇园区晾晒榜", "monthly")
    edit = statuses(f"/board/{board.pk}/edit/")
    assert edit["district_admin"] == 200 and edit["town_a_admin"] == 403
    assert statuses("/board/new/")["leader"] == 403


def test_a_region_board_without_a_depth_is_refused(world, login):
    response = login("district_admin").post(
        "/board/new/",
        {
            "name": "无层级",
            "region": world.district.code,
            "subject_kind": "region",
            "period": "monthly",
        },
    )
    assert response.status_code == 400
    assert "须填写区域层级" in response.content.decode()


def test_the_big_screen_shows_the_ranking_to_whoever_sees_the_board(world, board, statuses, login):
    screen = statuses(f"/board/{board.pk}/screen/")
    assert screen["district_admin"] == screen["town_b_admin"] == 200
    assert screen["outsider"] == 404
    text = login("leader").get(f"/board/{board.pk}/screen/").content.decode()
    assert "川姜镇" in text and 'id="board-chart-data"' in text


def test_a_malformed_indicator_number_is_not_found(world, board, login):
    client = login("district_admin")
    assert client.get(f"/board/{board.pk}/configure/?indicator=abc").status_code == 404
    other = make_board(world, "organization", world.town_a)
    foreign = other.indicators.get().pk  # another board's indicator
    assert client.get(f"/board/{board.pk}/configure/?indicator={foreign}").status_code == 404


def test_the_home_page_counts_the_boards_each_user_may_read(world, board, login):
    """The board is shown from the home page (a card linking to the rankings), counted
    within the user's scope: the district's board reaches its towns, not another county."""
    from liangxin.core.home import cards_for

    def boards_card(persona):
        return {c.card.key: c.count for c in cards_for(world.user(persona))}.get("boards")

    assert boards_card("district_admin") == 1
    assert boards_card("town_a_admin") == 1
    assert boards_card("outsider") == 0
    page = login("town_a_admin").get("/").content.decode()
    assert "比学赶超跑道" in page and "/board/" in page
