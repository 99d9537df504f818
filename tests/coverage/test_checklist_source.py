"""``coverage.gaps_closed`` (覆盖空白按期消除): none of the enterprises an organization covers
or hosts (employs one of its members) is on a DOMAIN.md §3 work list, and a ratings auto item
naming it scores from it."""

import datetime
from decimal import Decimal

from liangxin.core.checklist_sources import checklist_sources
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import auto
from liangxin.ratings.models import Dimension, Item, ItemKind
from tests import factories as f
from tests.coverage.conftest import JOINT, members
from tests.ratings.conftest import default_rubrics, rubric_named  # noqa: F401 (autouse)

AS_OF = datetime.date(2026, 11, 21)
SMALL = "DOMAIN.md §3 work lists: 1–2 employed full members, not covered → 联合组建 or 挂靠"
SHOULD_BUILD = (
    "DOMAIN.md §3 应建未建: ≥3 employed full members, no own organization (党章 第三十条)"
)


def met(as_of=AS_OF) -> set[int]:
    return checklist_sources()["coverage.gaps_closed"].met(PartyOrganization.objects.all(), as_of)


def test_the_source_is_contributed_by_the_coverage_app(db):
    source = checklist_sources()["coverage.gaps_closed"]
    assert source.label == "覆盖空白按期消除"
    assert "单独组建" in source.missing


def test_organizations_whose_enterprises_are_covered_meet_it(world):
    assert {world.org_a.pk, world.org_b.pk} <= met()


def test_hosting_a_member_of_an_uncovered_enterprise_is_a_gap_until_covered(world):
    uncovered = f.EnterpriseFactory(region=world.grid_a)
    f.MemberFactory(organization=world.org_a, employer=uncovered)  # 1 full member
    assert world.org_a.pk not in met(), SMALL
    assert world.org_b.pk in met()
    world.org_a.covered_enterprises.add(uncovered)  # org_a (单独组建) now covers it
    assert world.org_a.pk in met(), SMALL


def test_a_departed_member_hosts_nothing(world):
    uncovered = f.EnterpriseFactory(region=world.grid_a)
    f.MemberFactory(organization=world.org_a, employer=uncovered, flow_type="departed")
    assert world.org_a.pk in met(), "DOMAIN.md §3: departed (离职) members are not employed"


def test_a_joint_branch_covering_three_full_members_should_build(world):
    joint = f.organization("J-1", "川姜联合党支部", region=world.grid_a, **JOINT)
    unit = f.EnterpriseFactory(region=world.grid_a)
    joint.covered_enterprises.add(unit)
    members(joint, unit, full=2, probationary=1)  # two full: covered, not yet 应建
    assert joint.pk in met(), SHOULD_BUILD
    members(joint, unit, full=1)  # the third full member: 应建未建
    assert joint.pk not in met(), SHOULD_BUILD


def test_coverage_is_read_on_the_day(world):
    unit = f.EnterpriseFactory(region=world.grid_a)
    dissolves = datetime.date(2026, 6, 30)
    joint = f.organization(
        "J-2", "临时联合党支部", region=world.grid_a, dissolved_on=dissolves, **JOINT
    )
    joint.covered_enterprises.add(unit)
    f.MemberFactory(organization=world.org_a, employer=unit)
    assert world.org_a.pk in met(datetime.date(2026, 6, 29))  # covered by the joint branch
    assert world.org_a.pk not in met(dissolves), SMALL  # dissolved: uncovered that day


def test_a_ratings_auto_item_scores_from_it(world):
    rubric = rubric_named("非公企业党组织五星评定")
    dimension = Dimension.objects.filter(rubric=rubric).first()
    item = Item.objects.create(
        dimension=dimension,
        text="覆盖空白按期消除（测试）",
        max_points=Decimal("5"),
        kind=ItemKind.AUTO,
        auto_source="coverage.gaps_closed",
    )
    f.MemberFactory(organization=world.org_b, employer=f.EnterpriseFactory(region=world.grid_b))
    organizations = PartyOrganization.objects.filter(pk__in=[world.org_a.pk, world.org_b.pk])
    scores = auto.auto_scores([item], organizations, AS_OF)
    assert scores[world.org_a.pk, item.pk].score == item.max_points
    gap = scores[world.org_b.pk, item.pk]
    assert gap.score == 0 and "工作清单" in gap.note
