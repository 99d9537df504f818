"""Work lists of DOMAIN.md §3 and their counts by region."""

import pytest

from liangxin.coverage import worklists
from liangxin.coverage.worklists import counts_by_child_region, work_list
from tests import factories as f
from tests.coverage.conftest import TODAY


def listed(ledger, key, user):
    return set(work_list(key=key, user=user, on=TODAY).values_list("pk", flat=True))


@pytest.fixture
def admin(ledger):
    return f.account("county_admin", "district_admin", regions=[ledger["county"]])


class TestWorkLists:
    def test_should_build_lists_three_full_members_without_own_organization(self, ledger, admin):
        # three_full is only in a joint branch; own100 has its own; departed do not count.
        assert listed(ledger, "should_build", admin) == {ledger["three_full"].pk}

    def test_one_or_two_full_members_not_covered(self, ledger, admin):
        assert listed(ledger, "small_uncovered", admin) == {
            ledger["member49"].pk,
            ledger["two_full_one_prob"].pk,
            ledger["three_with_departed"].pk,
        }

    def test_no_member_and_not_work_covered(self, ledger, admin):
        # instructor_only is work-covered; uncovered50's instructor is inactive but it has
        # a probationary member; in_town2 is covered by the joint branch of town 1.
        assert listed(ledger, "no_member", admin) == {
            ledger["dissolved_org"].pk,
            ledger["group_only"].pk,
            ledger["committee_only"].pk,
        }

    def test_preparing_enterprises_need_the_three_synchronisations(self, ledger, admin):
        # "preparing" is listed in J2's covered enterprises, so it is already planned.
        assert listed(ledger, "preparing", admin) == set()
        spare = f.EnterpriseFactory(region=ledger["town2"], status="preparing")
        assert listed(ledger, "preparing", admin) == {spare.pk}

    def test_lists_are_scoped(self, ledger):
        other_town = f.account("t2_admin", "town_admin", regions=[ledger["town2"]])
        assert listed(ledger, "should_build", other_town) == set()

    def test_counts_by_child_region(self, ledger, admin):
        rows = counts_by_child_region(
            work_list(key="small_uncovered", user=admin, on=TODAY), ledger["county"]
        )
        assert [(region.code, n) for region, n in rows] == [("T1", 3)]


def test_the_small_units_list_is_named_from_the_branch_threshold(monkeypatch):
    """党章 第三十条: 3 full members make a branch, so the list of units short of it says 1-2;
    the title reads org.branch_min_full like the list's condition does."""
    assert worklists.WORK_LISTS["small_uncovered"].title == "有1-2名正式党员、未覆盖"
    monkeypatch.setattr(worklists, "branch_min_full_members", lambda: 5)
    assert worklists.WORK_LISTS["small_uncovered"].title == "有1-4名正式党员、未覆盖"
