"""Instructors (党建指导员) and places (党建工作站, 党群服务中心).

泉州开发区 has one 双选聘 party worker per grid (18 for 18 grids); instructors
are sent first to units with no organization (work coverage, DOMAIN.md §3).
"""

from liangxin.demo.context import Context
from liangxin.demo.records import (
    EnterpriseRecord,
    InstructorRecord,
    OrganizationRecord,
    RegionRecord,
    StationRecord,
)
from liangxin.demo.regions import AreaPlan


def new_instructor(
    ctx: Context, source: str, region: RegionRecord, units: list
) -> InstructorRecord:
    identity = ctx.people.identity((1965, 1995), male_share=0.6)
    return InstructorRecord(
        id=ctx.ids.next("instructor"),
        **identity,
        source=source,
        region_id=region.id,
        enterprise_ids=[unit.id for unit in units],
        active=ctx.rng.random() < 0.95,
    )


def assignment(ctx: Context, uncovered: list, covered: list) -> list[EnterpriseRecord]:
    """1–5 units, mostly uncovered ones (taken off the list so each gets one instructor)."""
    count = ctx.rng.randint(1, 5)
    chosen = [uncovered.pop() for _ in range(min(count - 1, len(uncovered)))]
    pool = [unit for unit in covered if unit not in chosen]
    extra = ctx.rng.sample(pool, min(count - len(chosen), len(pool)))
    return chosen + extra


def area_instructors(ctx: Context, area: AreaPlan, units: list, covered_ids: set, town):
    """One hired instructor per grid (when the scale has them) and agency ones per area."""
    operating = [u for u in units if u.status == "operating" and u.category != "individual"]
    uncovered = [u for u in operating if u.id not in covered_ids]
    covered = [u for u in operating if u.id in covered_ids]
    ctx.rng.shuffle(uncovered)
    sources = ["hired"] * len(area.grids) if ctx.scale.hired_instructor_per_grid else []
    sources += ["agency"] * ctx.scale.agency_instructors_per_area
    return [
        new_instructor(ctx, source, town, assignment(ctx, uncovered, covered)) for source in sources
    ]


def part_time_instructors(ctx: Context, town: RegionRecord, units: list) -> list:
    operating = [u for u in units if u.status == "operating" and u.category != "individual"]
    count = ctx.scale.part_time_instructors_per_town
    return [
        new_instructor(ctx, "part_time", town, ctx.rng.sample(operating, min(3, len(operating))))
        for _ in range(count)
    ]


def area_station(ctx: Context, area: AreaPlan, orgs: list[OrganizationRecord]) -> StationRecord:
    return StationRecord(
        id=ctx.ids.next("station"),
        name=f"{area.record.name}党建工作站",
        level="area",
        region_id=area.record.id,
        address=f"{area.record.name}综合服务楼",
        organization_ids=[org.id for org in orgs],
    )


def town_stations(ctx: Context, town: RegionRecord, head, committees) -> list[StationRecord]:
    """The town's 党群服务中心 and one 党群服务中心 per enterprise committee."""
    stations = [
        StationRecord(
            id=ctx.ids.next("station"),
            name=f"{town.name}党群服务中心",
            level="town_benchmark",
            region_id=town.id,
            address=f"{town.name}党群服务中心大楼",
            organization_ids=[head.id],
        )
    ]
    for org in committees:
        stations.append(
            StationRecord(
                id=ctx.ids.next("station"),
                name=org.name.removesuffix("党委") + "党群服务中心",
                level="enterprise_model",
                region_id=org.region_id,
                address="",
                organization_ids=[org.id],
            )
        )
    return stations
