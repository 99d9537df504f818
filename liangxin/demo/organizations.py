"""Party organizations of one town or park, built from who works where.

The shape follows 泉州开发区 (../shared/seeds/) and RULES.md: an enterprise
with >= 3 full members gets its own organization (党委 from 100 members,
党总支 from 50, sub-branches of at most ~40 beneath the big ones, workshop
党小组 under large branches); enterprises with 1–2 members share a 联合党支部
of at most 5 units; each area has a 片区联合党支部 (区域联建) that holds the
leftover and floating members and covers most remaining small units. A share
of units stays uncovered, and one joint branch is dissolved, so the work lists
and coverage figures have something to show.
"""

import datetime
import math
import random

from liangxin.demo import tree, vocab, workforce
from liangxin.demo.context import Context
from liangxin.demo.members import (
    counts_as_full,
    employed_members,
    floating_members,
    secretary_candidates,
)
from liangxin.demo.people import add_years, person_name, random_date
from liangxin.demo.records import (
    Chunk,
    EnterpriseRecord,
    MemberRecord,
    OrganizationRecord,
    RegionRecord,
)
from liangxin.demo.regions import AreaPlan, CountyPlan, TownPlan
from liangxin.demo.scales import ANCHOR_DATE
from liangxin.demo.weights import Weighted

# Kinds elected for a committee's term (org.term_committee_years); the others serve a branch's.
COMMITTEE_TERM_KINDS = ("committee", "working_committee")
SUB_BRANCH_SIZE = 40
# Kinds that are committees by definition (党工委, 党委, 党总支委员会).
COMMITTEE_KINDS = ("working_committee", "committee", "general_branch")
GROUP_THRESHOLD = 15
# 泉州: 82.6% of branches rated 'good or above' (3 stars here).
STARS = ((5, "model"), (4, "standard"), (3, "standard"), (2, "growing"), (1, "incubating"))
STAR_WEIGHTS = (10, 25, 48, 12, 5)
STAR_PICK = Weighted(STARS, STAR_WEIGHTS)
OWN_UNIT_CATEGORIES = ("enterprise", "social", "law_firm")


class OrganizationMaker:
    """Creates organization records in one county, placing each in the tree."""

    def __init__(self, ctx: Context, county: CountyPlan, chunk: Chunk):
        self.ctx = ctx
        self.county = county.record
        self.chunk = chunk

    def create(self, parent, *, kind, formation, name, region, established, covers=()):
        org = OrganizationRecord(
            id=self.ctx.ids.next("organization"),
            code=self.ctx.org_code(self.county.code),
            name=name,
            kind=kind,
            formation=formation,
            region_id=region.id if isinstance(region, RegionRecord) else region,
            established_on=established,
            covered_ids=[enterprise.id for enterprise in covers],
            has_committee=kind in COMMITTEE_KINDS,
        )
        if parent is not None:
            tree.place_child(org, parent)
        self.set_term(org)
        self.chunk.organizations.append(org)
        return org

    def set_term(self, org: OrganizationRecord) -> None:
        """Current term start; about one in twelve is past its end (换届 overdue)."""
        if org.kind == "group" or org.established_on is None:
            return
        years = self.term_years(org.kind)
        terms = max(0, (ANCHOR_DATE - org.established_on).days // int(years * 365.25))
        if terms and self.ctx.rng.random() < 0.08:
            terms -= 1
        org.term_years = years
        org.term_started_on = add_years(org.established_on, terms * years)

    def term_years(self, kind: str) -> int:
        thresholds = self.ctx.thresholds
        if kind in COMMITTEE_TERM_KINDS:
            return thresholds.term_committee_years
        return thresholds.term_branch_years

    def rate(self, org: OrganizationRecord) -> None:
        if self.ctx.rng.random() < 0.9:
            org.star_level, org.star_category = STAR_PICK.pick(self.ctx.rng)

    def established_after(self, day: datetime.date | None) -> datetime.date:
        start = max(day or datetime.date(1998, 1, 1), datetime.date(1998, 1, 1))
        end = ANCHOR_DATE - datetime.timedelta(days=60)
        return random_date(self.ctx.rng, min(start + datetime.timedelta(days=30), end), end)


def spread(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder)."""
    raw = [total * weight / sum(weights) for weight in weights]
    counts = [int(value) for value in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


class TownBuilder:
    """Enterprises, organizations, members, instructors and stations of one town."""

    def __init__(self, ctx: Context, county: CountyPlan, county_org, town: TownPlan, chunk: Chunk):
        self.ctx, self.rng = ctx, ctx.rng
        self.county, self.town, self.chunk = county, town, chunk
        self.orgs = OrganizationMaker(ctx, county, chunk)
        self.county_org = county_org
        self.covered: set[int] = set()
        self.grid_orgs: dict[int, list[OrganizationRecord]] = {}

    def build(self, enterprise_count: int) -> None:
        self.head = self.head_organizations()
        grids = self.town.grids
        per_grid = spread(enterprise_count, [self.rng.uniform(0.6, 1.4) for _ in grids])
        by_grid = {
            grid.id: self.make_enterprises(grid, n) for grid, n in zip(grids, per_grid, strict=True)
        }
        for area in self.town.areas:
            self.build_area(area, by_grid)
        units = [enterprise for made in by_grid.values() for enterprise in made]
        self.dissolved_branch(units)
        self.add_town_extras(units)

    # -- the town's own committees ------------------------------------------------

    def head_organizations(self) -> OrganizationRecord:
        record, make = self.town.record, self.orgs.create
        established = self.orgs.established_after(datetime.date(2005, 1, 1))
        parent = self.county_org
        if record.kind == "park":  # 园区党工委 → 两新组织党委 (泉州开发区)
            parent = make(
                parent,
                kind="working_committee",
                formation="regional",
                name=f"{record.name}党工委",
                region=record,
                established=established,
            )
        return make(
            parent,
            kind="committee",
            formation="regional",
            name=f"{record.name}两新组织党委",
            region=record,
            established=established,
        )

    def make_enterprises(self, grid: RegionRecord, count: int) -> list[EnterpriseRecord]:
        county, town = self.county.record, self.town.record
        made = []
        for _ in range(count):
            place = self.ctx.place_word(county.name, town.name, county.code)
            made.append(self.ctx.enterprises.make(grid, county, place))
        self.chunk.enterprises.extend(made)
        return made

    # -- an area: its grids, then the area joint branch ---------------------------

    def build_area(self, area: AreaPlan, by_grid: dict[int, list[EnterpriseRecord]]) -> None:
        leftovers: list[tuple[EnterpriseRecord, list[MemberRecord]]] = []
        for grid in area.grids:
            leftovers.extend(self.build_grid(grid, by_grid[grid.id]))
        area_units = [e for grid in area.grids for e in by_grid[grid.id]]
        branch = self.area_branch(area, area_units, leftovers)
        self.add_instructors(area, area_units)
        self.add_area_station(area, branch)

    def build_grid(self, grid: RegionRecord, enterprises: list[EnterpriseRecord]) -> list:
        """Own organizations and joint branches; returns (unit, members) left over."""
        few, leftovers = [], []
        for enterprise in enterprises:
            staff = employed_members(self.ctx, enterprise)
            if not staff:
                continue
            full = sum(1 for member in staff if counts_as_full(member))
            should_build = full >= self.ctx.thresholds.branch_min_full
            if should_build and self.rng.random() < self.ctx.scale.should_build_rate:
                self.own_organization(grid, enterprise, staff)
            elif should_build:
                leftovers.append((enterprise, staff))  # 应建未建: listed by the engine
            else:
                few.append((enterprise, staff))
        leftovers.extend(self.joint_branches(grid, few))
        return leftovers

    # -- single formation ---------------------------------------------------------

    def own_organization(self, grid, enterprise: EnterpriseRecord, staff: list) -> None:
        kind = self.organization_kind(len(staff))
        suffix = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}[kind]
        top = self.orgs.create(
            self.head,
            kind=kind,
            formation="single",
            name=f"{enterprise.name}{suffix}",
            region=grid,
            established=self.orgs.established_after(enterprise.registered_on),
            covers=[enterprise],
        )
        self.covered.add(enterprise.id)
        self.grid_orgs.setdefault(grid.id, []).append(top)
        self.orgs.rate(top)
        self.staff_organization(top, enterprise, staff)
        self.choose_investor_secretary(top, enterprise, staff)
        enterprise.charter_includes_party = self.rng.random() < 0.45

    def organization_kind(self, members: int) -> str:
        thresholds = self.ctx.thresholds
        if members >= thresholds.committee_min:
            return "committee"
        return "general_branch" if members >= thresholds.general_branch_min else "branch"

    def staff_organization(self, top, enterprise, staff: list[MemberRecord]) -> None:
        """Big organizations hold their members in sub-branches of about 40."""
        if len(staff) <= self.ctx.thresholds.branch_max_members:
            self.hold_members(top, staff)
            return
        count = math.ceil(len(staff) / SUB_BRANCH_SIZE)
        departments = self.rng.sample(vocab.DEPARTMENTS, min(count, len(vocab.DEPARTMENTS)))
        for index in range(count):
            department = departments[index % len(departments)]
            branch = self.orgs.create(
                top,
                kind="branch",
                formation="single",
                name=f"{enterprise.name}{department}党支部"
                + (f"（{index + 1}）" if index >= len(departments) else ""),
                region=top.region_id,
                established=self.orgs.established_after(top.established_on),
            )
            self.orgs.rate(branch)
            self.hold_members(branch, staff[index::count])

    def hold_members(self, org: OrganizationRecord, members: list[MemberRecord]) -> None:
        for member in members:
            member.organization_id = org.id
        org.has_committee = self.needs_committee(org, members)
        self.chunk.members.extend(members)
        if members and not org.secretary_id:
            self.appoint(org, self.rng.choice(secretary_candidates(members)))
        if len(members) >= GROUP_THRESHOLD:
            self.add_groups(org, min(4, len(members) // self.ctx.scale.members_per_group))

    def needs_committee(self, org: OrganizationRecord, members: list[MemberRecord]) -> bool:
        """RULES.md: 7+ full members elect a committee; a few have not yet (a warning case)."""
        if org.kind in COMMITTEE_KINDS:
            return True
        full = sum(1 for member in members if member.status == "full")
        return full >= self.ctx.thresholds.committee_min_full and self.rng.random() < 0.93

    def appoint(self, org: OrganizationRecord, member: MemberRecord) -> None:
        org.secretary_id, org.secretary_name = member.id, member.name

    def add_groups(self, org: OrganizationRecord, count: int) -> None:
        org.has_party_group = count > 0
        for number in range(1, count + 1):
            self.orgs.create(
                org,
                kind="group",
                formation=org.formation,
                name=f"{org.name}第{'一二三四'[number - 1]}党小组",
                region=org.region_id,
                established=org.established_on,
            )

    def choose_investor_secretary(self, top, enterprise, staff: list[MemberRecord]) -> None:
        """川姜: in 80.5% of enterprise organizations the investor is the secretary."""
        if self.rng.random() >= self.ctx.scale.secretary_investor_rate:
            return
        investor = self.rng.choice(secretary_candidates(staff))
        investor.is_investor, investor.post_level = True, "executive"
        enterprise.investor_is_member = True
        # the investor is taken as the 法定代表人 too (表27 法定代表人是党员的, 其中兼任书记的)
        enterprise.legal_rep_is_member = enterprise.legal_rep_is_secretary = True
        top.secretary_is_investor = True
        self.appoint(top, investor)

    # -- joint formation ----------------------------------------------------------

    def joint_branches(self, grid: RegionRecord, few: list) -> list:
        """Groups of 3–5 units with 1–2 members each; a short tail is left over."""
        leftovers, start = [], 0
        while start < len(few):
            size = self.rng.randint(3, self.ctx.thresholds.joint_branch_max_units)
            batch = few[start : start + size]
            start += size
            if len(batch) < 3 or self.rng.random() < 0.08:
                leftovers.extend(batch)
                continue
            self.joint_branch(grid, batch)
        return leftovers

    def joint_branch(self, grid: RegionRecord, batch: list) -> None:
        units = [enterprise for enterprise, _ in batch]
        first = units[0].name[2:4]  # the trade name after the place word
        branch = self.orgs.create(
            self.head,
            kind="joint_branch",
            formation="industry" if self.rng.random() < 0.12 else "joint",
            name=f"{grid.name}{first}等{len(units)}家单位联合党支部",
            region=grid,
            established=self.orgs.established_after(max(e.registered_on for e in units)),
            covers=units,
        )
        self.covered.update(enterprise.id for enterprise in units)
        self.grid_orgs.setdefault(grid.id, []).append(branch)
        self.orgs.rate(branch)
        # a few joint branches gather members whose relations stay elsewhere (表30 补充);
        # their own generator, so the shared stream is untouched
        branch.formed_by_untransferred = random.Random(branch.code).random() < 0.05
        self.hold_members(branch, [member for _, staff in batch for member in staff])

    # -- the area joint branch (区域联建) ------------------------------------------

    def area_branch(self, area: AreaPlan, units: list, leftovers: list) -> OrganizationRecord:
        with_members = {enterprise.id for enterprise, _ in leftovers}
        covers = [e for e in units if e.id not in with_members and self.should_area_cover(e)]
        covers += [e for e, _ in leftovers if e.id not in self.covered and self.rng.random() < 0.7]
        branch = self.orgs.create(
            self.head,
            kind="joint_branch",
            formation="regional",
            name=f"{area.record.name}联合党支部",
            region=area.record,
            established=self.orgs.established_after(datetime.date(2012, 1, 1)),
            covers=covers,
        )
        self.covered.update(enterprise.id for enterprise in covers)
        self.orgs.rate(branch)
        members = [member for _, staff in leftovers for member in staff]
        floating = max(3, round(self.ctx.scale.floating_share * len(units) / 8))
        self.hold_members(branch, members + floating_members(self.ctx, floating))
        return branch

    def should_area_cover(self, enterprise: EnterpriseRecord) -> bool:
        """Member-less units the area branch reaches; a few stay uncovered on purpose."""
        if enterprise.id in self.covered or enterprise.category not in OWN_UNIT_CATEGORIES:
            return False
        if enterprise.status == "deregistered" or enterprise.employee_count == 0:
            return False
        return self.rng.random() >= self.ctx.scale.uncovered_share

    def dissolved_branch(self, units: list[EnterpriseRecord]) -> None:
        """One joint branch dissolved when its units closed (撤销日期 in the past)."""
        closed = [e for e in units if e.status == "deregistered" and e.id not in self.covered]
        established = self.orgs.established_after(datetime.date(2010, 1, 1))
        branch = self.orgs.create(
            self.head,
            kind="joint_branch",
            formation="joint",
            name=f"{self.town.record.name}{len(closed[:2])}家单位联合党支部（已撤销）",
            region=self.town.areas[0].grids[0],
            established=established,
            covers=closed[:2],
        )
        branch.dissolved_on = random_date(self.rng, established, ANCHOR_DATE)
        branch.secretary_name = person_name(self.rng, male=True)

    # -- instructors and stations -------------------------------------------------

    def add_instructors(self, area: AreaPlan, units: list[EnterpriseRecord]) -> None:
        found = workforce.area_instructors(self.ctx, area, units, self.covered, self.town.record)
        self.chunk.instructors.extend(found)

    def add_area_station(self, area: AreaPlan, branch: OrganizationRecord) -> None:
        orgs = [org for grid in area.grids for org in self.grid_orgs.get(grid.id, [])]
        self.chunk.stations.append(workforce.area_station(self.ctx, area, [branch, *orgs]))

    def add_town_extras(self, units: list[EnterpriseRecord]) -> None:
        town = self.town.record
        self.chunk.instructors.extend(workforce.part_time_instructors(self.ctx, town, units))
        committees = [
            org for orgs in self.grid_orgs.values() for org in orgs if org.kind == "committee"
        ]
        self.chunk.stations.extend(workforce.town_stations(self.ctx, town, self.head, committees))
