"""The three dataset sizes of ``seed_demo --scale`` and the knobs that shape them.

``zone`` follows 泉州开发区 (../shared/seeds/, 2023): 13,470 market entities,
4 areas, 18 grids, 136 enterprise Party organizations, 79 workshop groups,
organization coverage 97.7%, 78.1% of members in management posts. The
densities below were tuned by generating the dataset and counting.
"""

import datetime
from dataclasses import dataclass

# Dates are computed from a fixed day, not from today, so a seed always gives
# the same dataset.
ANCHOR_DATE = datetime.date(2026, 11, 1)


@dataclass(frozen=True)
class Scale:
    name: str
    enterprises: int
    # 单位类别 shares: 企业, 个体工商户, 社会组织, 律师事务所.
    category_weights: tuple[float, float, float, float]
    # Multiplies the chance that an enterprise employs Party members.
    member_density: float
    # Multiplies the share of Party members among the staff of enterprises of 50+.
    member_rate: float = 1.0
    # One workshop 党小组 per this many members in branches of 15 or more.
    members_per_group: int = 12
    # The largest employer; small keeps it low so a test dataset stays small.
    max_employees: int = 20_000
    # Share of operating units deliberately left without any organization.
    uncovered_share: float = 0.023
    # Share of enterprises with >= 3 full members that do have their own organization.
    should_build_rate: float = 0.97
    # Share of enterprise organizations whose secretary is the investor (川姜 80.5%).
    secretary_investor_rate: float = 0.805
    floating_share: float = 0.06
    hired_instructor_per_grid: bool = True
    agency_instructors_per_area: int = 1
    part_time_instructors_per_town: int = 2


SCALES = {
    "small": Scale(
        name="small",
        enterprises=200,
        category_weights=(0.55, 0.38, 0.05, 0.02),
        member_density=2.2,
        member_rate=1.5,
        max_employees=400,
        hired_instructor_per_grid=False,
        part_time_instructors_per_town=0,
    ),
    "zone": Scale(
        name="zone",
        enterprises=13_470,
        category_weights=(0.36, 0.61, 0.025, 0.005),
        member_density=0.3,
        member_rate=0.8,
        members_per_group=11,
    ),
    "province": Scale(
        name="province",
        enterprises=1_000_000,
        category_weights=(0.40, 0.56, 0.03, 0.01),
        member_density=1.5,
        member_rate=5.0,
        members_per_group=20,
        hired_instructor_per_grid=False,
    ),
}
