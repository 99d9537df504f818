"""Data scope (DOMAIN.md §1): one rule, applied to every model."""

import pytest

from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor


def names(model, user):
    return set(scoped(model.objects.all(), user).values_list("name", flat=True))


@pytest.mark.django_db
class TestScope:
    def test_district_admin_sees_its_whole_tree_but_not_another_county(self, world):
        user = world.user("district_admin")
        assert names(Enterprise, user) == {
            "川姜纺织有限公司",
            "川姜电子有限公司",
            "开发区机械有限公司",
        }
        assert "外区" not in names(Region, user)

    def test_town_admin_sees_only_its_town(self, world):
        user = world.user("town_a_admin")
        assert names(Enterprise, user) == {"川姜纺织有限公司", "川姜电子有限公司"}
        assert names(PartyOrganization, user) == {"川姜纺织有限公司党支部", "第一党小组"}
        assert names(Member, user) == {"林晓红"}
        assert names(Region, user) == {"川姜镇", "川姜一片区", "川姜一网格"}

    def test_other_town_admin_sees_nothing_of_town_a(self, world):
        user = world.user("town_b_admin")
        assert names(Enterprise, user) == {"开发区机械有限公司"}
        assert names(Member, user) == {"陈建国"}
        assert names(Instructor, user) == set()

    def test_secretary_sees_own_organization_subtree_and_its_members(self, world):
        user = world.user("secretary")
        assert names(PartyOrganization, user) == {"川姜纺织有限公司党支部", "第一党小组"}
        assert names(Member, user) == {"林晓红"}
        assert names(Enterprise, user) == {"川姜纺织有限公司"}

    def test_instructor_sees_assigned_enterprises_only(self, world):
        user = world.user("instructor")
        assert names(Enterprise, user) == {"川姜电子有限公司"}
        assert names(Member, user) == set()
        assert names(Instructor, user) == {"王指导"}

    def test_outsider_and_three_admins_see_no_registry_data(self, world):
        for persona in ("outsider", "system_admin", "audit_admin"):
            user = world.user(persona)
            assert names(Enterprise, user) == set()
            assert names(Member, user) == set()

    def test_instructor_visible_to_town_that_manages_them(self, world):
        assert names(Instructor, world.user("town_a_admin")) == {"王指导"}
