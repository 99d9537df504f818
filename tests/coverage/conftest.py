"""Fixtures for the coverage tests: a hand-built ledger pinning every boundary of §3."""

import datetime

import pytest

from tests import factories as f

TODAY = datetime.date(2026, 11, 21)
JOINT = {"kind": "joint_branch", "formation": "joint"}


def members(org, employer, *, full=0, probationary=0, departed=0):
    for _ in range(full):
        f.MemberFactory(organization=org, employer=employer)
    for _ in range(probationary):
        f.MemberFactory(
            organization=org, employer=employer, status="probationary", full_member_on=None
        )
    for _ in range(departed):
        f.MemberFactory(organization=org, employer=employer, flow_type="departed")


@pytest.fixture
def ledger(db):
    """Two towns and an empty park; each enterprise pins one boundary."""
    county = f.region("350599", "示范区", "county")
    town1 = f.region("T1", "一镇", "town", county)
    grid1 = f.region("T1-G1", "一镇网格", "grid", town1)
    town2 = f.region("T2", "二镇", "town", county)
    grid2 = f.region("T2-G1", "二镇网格", "grid", town2)
    empty = f.region("T3", "空园区", "park", county)
    E = f.EnterpriseFactory  # noqa: N806

    e = {
        "own100": E(region=grid1, employee_count=100, above_scale=True),
        "own99": E(region=grid1, employee_count=99),
        "joint50": E(region=grid1, employee_count=50),
        "member49": E(region=grid1, employee_count=49),
        "uncovered50": E(region=grid1, employee_count=50, above_scale=True),
        "three_full": E(region=grid1, employee_count=20),
        "two_full_one_prob": E(region=grid1, employee_count=20),
        "three_with_departed": E(region=grid1, employee_count=20),
        "dissolved_org": E(region=grid1),
        "group_only": E(region=grid1),
        "committee_only": E(region=grid1),
        "deregistered": E(region=grid1, status="deregistered"),
        "preparing": E(region=grid1, status="preparing"),
        "instructor_only": E(region=grid1),
        "covered_twice": E(region=grid1),
        "in_town2": E(region=grid2, employee_count=100),
        "social": E(region=grid1, category="social"),
        "law_firm": E(region=grid1, category="law_firm"),
        "individual": E(region=grid1, category="individual"),
    }
    parent = f.organization("P", "上级党委", region=town1, kind="committee")

    def org(code, covers, **extra):
        return f.organization(code, code, region=grid1, parent=parent, covers=covers, **extra)

    own100 = org("O1", [e["own100"], e["covered_twice"]])
    org("O2", [e["own99"]])
    joint = org("J1", [e["joint50"], e["three_full"], e["covered_twice"]], **JOINT)
    # A joint branch registered in town 1 that covers an enterprise of town 2.
    org("J2", [e["in_town2"], e["deregistered"], e["preparing"]], **JOINT)
    org("D1", [e["dissolved_org"]], dissolved_on=datetime.date(2025, 1, 1))
    org("G1", [e["group_only"]], kind="group")
    f.organization(
        "W1", "党工委", region=town1, kind="working_committee", covers=[e["committee_only"]]
    )
    org("S1", [e["social"]])
    f.InstructorFactory(region=town1, enterprises=[e["instructor_only"]])
    f.InstructorFactory(region=town1, enterprises=[e["uncovered50"]], active=False)

    members(joint, e["joint50"], full=1)
    members(joint, e["member49"], full=1)
    members(joint, e["uncovered50"], probationary=1)
    members(joint, e["three_full"], full=3)
    members(joint, e["two_full_one_prob"], full=2, probationary=1)
    members(joint, e["three_with_departed"], full=2, departed=1)
    members(own100, e["own100"], full=3, departed=5)
    return {"county": county, "town1": town1, "town2": town2, "empty": empty, **e}
