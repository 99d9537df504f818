"""The regulation numbers the demo data is shaped by, read once a run from their rules.

Only rules fixed by regulation: the data does not change with a district's settings.
"""

from dataclasses import dataclass

from liangxin.rules.values import rule_value


@dataclass(frozen=True)
class Thresholds:
    branch_min_full: int  # full members that make a unit set up its own organization
    branch_max_members: int  # above this, members are held in sub-branches
    committee_min_full: int  # full members of a branch that elect a committee
    general_branch_min: int  # staff members that make a 党总支
    committee_min: int  # staff members that make a 党委
    term_committee_years: int
    term_branch_years: int
    joint_branch_max_units: int
    min_age: int  # applying to join

    @classmethod
    def read(cls) -> "Thresholds":
        return cls(
            branch_min_full=rule_value("org.branch_min_full"),
            branch_max_members=rule_value("org.branch_max_members"),
            committee_min_full=rule_value("org.branch_committee_min_full"),
            general_branch_min=rule_value("org.general_branch_min"),
            committee_min=rule_value("org.committee_min"),
            term_committee_years=rule_value("org.term_committee_years"),
            term_branch_years=rule_value("org.term_branch_years"),
            joint_branch_max_units=rule_value("org.joint_branch_max_units"),
            min_age=rule_value("dev.min_age"),
        )
