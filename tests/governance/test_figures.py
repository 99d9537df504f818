"""The figures computed from the committees (WORK.md §7; the 泉州 figures [L:泉州]): counted
by hand for the small world of tests/governance/conftest.py and compared."""

import datetime
from decimal import Decimal

from liangxin.governance import selectors

AS_OF = datetime.date(2025, 6, 30)


def rows_by_label(found):
    return {row["label"]: row for row in found["rows"]}


def test_the_district_figures_by_town_match_a_hand_count(world, committees):
    found = selectors.figures_by_region(world.user("district_admin"), world.district, AS_OF)
    assert found["region"]["code"] == world.district.code and found["as_of"] == AS_OF
    assert "组织关系" in found["base"]  # the members' base is stated
    rows = rows_by_label(found)
    town_a, park = rows["川姜镇"], rows["开发区"]
    # 党建入章: 川姜纺织 and 川姜电子 in 川姜镇, none in 开发区.
    assert (town_a["enterprises"], town_a["charter"]) == (2, 2)
    assert (park["enterprises"], park["charter"]) == (1, 0)
    # Members of enterprise organizations (the departed 吴离 is not counted): 林晓红 (高管),
    # 郑文 (一线, 副书记 with no company post), 黄敏 (委员, 中层管理) → 2 of 3.
    assert (town_a["members"], town_a["members_in_management"]) == (3, 2)
    assert town_a["management_share"] == Decimal("66.7")
    # 开发区: 陈建国 (经营管理骨干) of 陈建国 and 许强 → 1 of 2.
    assert (park["members"], park["members_in_management"]) == (2, 1)
    # 规上: 川姜's secretary is in the 经理层, the deputy is not; 开发区 both are.
    assert (town_a["leaders"], town_a["leaders_senior"]) == (2, 1)
    assert (park["leaders"], park["leaders_senior"], park["leaders_senior_share"]) == (
        2, 2, Decimal("100.0"),
    )  # fmt: skip
    # 双向进入: 林晓红 (董事会); 陈建国 and 外派张三 (经理层); the ended 老委员 is out.
    assert (town_a["committee"], town_a["two_way"]) == (3, 1)
    assert (park["committee"], park["two_way"]) == (2, 2)
    total = found["total"]
    assert total["enterprises"] == 3 and total["charter"] == 2
    assert total["charter_share"] == Decimal("66.7")
    assert (total["members"], total["members_in_management"]) == (5, 3)
    assert total["management_share"] == Decimal("60.0")
    assert (total["above_scale_organizations"], total["leaders"], total["leaders_senior"]) == (
        2, 4, 3,
    )  # fmt: skip
    assert total["leaders_senior_share"] == Decimal("75.0")
    assert (total["committee"], total["two_way"], total["two_way_share"]) == (5, 3, Decimal("60.0"))
    # 交叉任职: both secretaries in the 董事会 or 经理层; 出资人兼任书记: 林晓红 only.
    assert (total["secretaries"], total["cross"], total["cross_share"]) == (2, 2, Decimal("100.0"))
    assert total["investor_secretaries"] == 1


def test_a_town_sees_its_own_figures_only(world, committees):
    found = selectors.figures_by_region(world.user("town_a_admin"), None, AS_OF)
    assert found["region"]["code"] == world.town_a.code
    assert [row["label"] for row in found["rows"]] == ["川姜一片区"]
    assert found["total"]["members"] == 3 and found["total"]["committee"] == 3


def test_a_secretary_counts_their_own_organization(world, committees):
    found = selectors.figures_by_region(world.user("secretary"), None, AS_OF)
    assert found["total"]["committee"] == 3
    assert found["total"]["members"] == 3
    assert found["total"]["enterprises"] == 1  # the enterprise the organization covers


def test_the_as_of_day_chooses_who_was_in_office(world, committees):
    before = selectors.figures_by_region(
        world.user("district_admin"), world.district, datetime.date(2023, 6, 30)
    )
    # Only 老委员 (2020–2023, 董事会) was on a committee then.
    assert (before["total"]["committee"], before["total"]["two_way"]) == (1, 1)
    assert before["total"]["secretaries"] == 0 and before["total"]["cross_share"] is None


def test_an_organizations_two_way_and_cross_posts(world, committees):
    figures = selectors.organization_figures(world.org_a, as_of=AS_OF)
    assert figures.committee == 3 and figures.two_way == 1
    assert figures.two_way_share == Decimal("33.3")
    assert figures.secretary.name == "林晓红" and figures.cross is True
    assert figures.investor_secretary is True
    # 林晓红 is the one 高管 member of 川姜纺织, and she is on the committee.
    assert (figures.executives, figures.executives_on_committee) == (1, 1)
    assert [e.charter_includes_party for e in figures.enterprises] == [True]
