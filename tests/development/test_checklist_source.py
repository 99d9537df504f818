"""``development.no_breaks`` (发展党员无违规): no case of the organization worked on this year
breaks a rule the development app lists (checks.violations, each with its source), and a
ratings auto item naming it scores from it."""

import datetime

from liangxin.core.checklist_sources import checklist_sources
from liangxin.development.models import DevelopmentCase
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import auto
from liangxin.ratings.models import Item
from liangxin.rules.catalog import rule
from tests.development.conftest import make_case
from tests.ratings.conftest import default_rubrics  # noqa: F401 (autouse: the seeded rubrics)

D = datetime.date
AS_OF = D(2026, 6, 30)
MARCH = D(2026, 3, 1)
TALK = "dev.talk_within_days"  # 发展党员工作细则 第七条: 一个月内谈话 (30 days)


def met(as_of=AS_OF) -> set[int]:
    return checklist_sources()["development.no_breaks"].met(PartyOrganization.objects.all(), as_of)


def talked_after(organization, days: int, applied=MARCH) -> DevelopmentCase:
    return make_case(
        organization, applied_on=applied, talked_on=applied + datetime.timedelta(days=days)
    )


def test_the_source_is_contributed_by_the_development_app(db):
    source = checklist_sources()["development.no_breaks"]
    assert source.label == "发展党员无违规"
    assert "违规提示及依据" in source.missing


def test_a_talk_on_day_30_breaks_nothing_day_31_breaks_the_rule(world):
    assert "第七条" in rule(TALK).source
    case = talked_after(world.org_a, 30)
    assert world.org_a.pk in met(), rule(TALK).source
    DevelopmentCase.objects.filter(pk=case.pk).update(talked_on=D(2026, 4, 1))  # day 31
    assert world.org_a.pk not in met(), rule(TALK).source
    assert world.org_b.pk in met()  # another organization's case is not its own


def test_an_organization_without_cases_this_year_meets_it(world):
    assert {world.org_a.pk, world.org_b.pk} <= met()


def test_a_case_untouched_this_year_counted_in_its_own_year(world):
    talked_after(world.org_a, 45, applied=D(2025, 3, 1))  # late, in 2025
    assert world.org_a.pk in met(), "a 2025 break is 2025's"
    assert world.org_a.pk not in met(D(2025, 12, 31)), rule(TALK).source


def test_a_step_this_year_brings_an_older_case_in(world):
    case = talked_after(world.org_a, 45, applied=D(2025, 11, 1))  # talk 2025-12-16: late
    DevelopmentCase.objects.filter(pk=case.pk).update(activist_on=D(2026, 1, 1))
    assert world.org_a.pk not in met(), rule(TALK).source
    assert world.org_a.pk in met(D(2025, 12, 15))  # its steps of 2025 up to that day: none late


def test_a_step_after_the_day_read_is_not_yet_this_year(world):
    talked_after(world.org_a, 45, applied=D(2026, 7, 1))
    assert world.org_a.pk in met(AS_OF)  # 30 June: nothing of this case has happened
    assert world.org_a.pk not in met(D(2026, 12, 31)), rule(TALK).source


def test_a_ratings_auto_item_scores_from_it(world):
    talked_after(world.org_b, 31)
    items = list(Item.objects.filter(auto_source="development.no_breaks"))
    assert items, "the seeded rubrics name development.no_breaks"
    organizations = PartyOrganization.objects.filter(pk__in=[world.org_a.pk, world.org_b.pk])
    scores = auto.auto_scores(items, organizations, AS_OF)
    for item in items:
        assert scores[world.org_a.pk, item.pk].score == item.max_points
        broke = scores[world.org_b.pk, item.pk]
        assert broke.score == 0 and "发展党员程序违反规定" in broke.note
