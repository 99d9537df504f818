"""Plain records the generator produces: plaintext, no Django, no database.

Ids are assigned by the generator (see ``IdAllocator``) so that foreign keys can
be set before anything is written; the writer turns these into rows (and
encrypts the personal data on the way).
"""

import datetime
import itertools
import uuid
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class TreeNode:
    """A treebeard materialized-path node: path, depth and numchild kept in step."""

    path: str = ""
    depth: int = 0
    numchild: int = 0


@dataclass(slots=True)
class RegionRecord(TreeNode):
    id: int = 0
    code: str = ""
    name: str = ""
    kind: str = ""


@dataclass(slots=True)
class EnterpriseRecord:
    id: int
    uscc: str
    name: str
    category: str
    ownership: str
    industry: str
    region_id: int
    address: str
    registered_on: datetime.date
    status: str
    employee_count: int
    above_scale: bool = False
    above_quota: bool = False
    annual_output: Decimal | None = None
    investor_is_member: bool = False
    charter_includes_party: bool = False
    chamber: str = ""
    tag_codes: tuple[str, ...] = ()
    # 党内统计 fields (enterprises.models); filled by EnterpriseMaker.add_statistics_facts.
    is_legal_entity: bool = True
    control_type: str = ""
    staff_on_post: int | None = None
    legal_rep_is_member: bool = False
    legal_rep_is_secretary: bool = False
    social_subtype: str = ""
    assessment_grade: int | None = None


@dataclass(slots=True)
class OrganizationRecord(TreeNode):
    id: int = 0
    code: str = ""
    name: str = ""
    kind: str = ""
    formation: str = ""
    region_id: int = 0
    established_on: datetime.date | None = None
    dissolved_on: datetime.date | None = None
    term_started_on: datetime.date | None = None
    term_years: int | None = None
    secretary_id: int | None = None
    secretary_name: str = ""
    secretary_is_investor: bool = False
    has_committee: bool = False
    star_level: int | None = None
    star_category: str = ""
    brand: str = ""
    has_party_group: bool = False
    formed_by_untransferred: bool = False
    covered_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class PersonRecord:
    """Fields shared by members and instructors; ``id_number`` and ``phone`` are plaintext."""

    id: int
    public_id: uuid.UUID
    name: str
    gender: str
    birth_date: datetime.date
    id_number: str
    phone: str


@dataclass(slots=True)
class MemberRecord(PersonRecord):
    ethnicity: str = "汉族"
    education: str = ""
    joined_on: datetime.date | None = None
    full_member_on: datetime.date | None = None
    status: str = "full"
    organization_id: int | None = None
    employer_id: int | None = None
    post_level: str = ""
    is_investor: bool = False
    flow_type: str = "regular"


@dataclass(slots=True)
class InstructorRecord(PersonRecord):
    source: str = ""
    region_id: int | None = None
    enterprise_ids: list[int] = field(default_factory=list)
    active: bool = True


@dataclass(slots=True)
class StationRecord:
    id: int
    name: str
    level: str
    region_id: int
    address: str
    organization_ids: list[int] = field(default_factory=list)


@dataclass
class Chunk:
    """Everything generated for one county: written in one transaction."""

    enterprises: list[EnterpriseRecord] = field(default_factory=list)
    organizations: list[OrganizationRecord] = field(default_factory=list)
    members: list[MemberRecord] = field(default_factory=list)
    instructors: list[InstructorRecord] = field(default_factory=list)
    stations: list[StationRecord] = field(default_factory=list)

    def extend(self, other: "Chunk") -> None:
        for name in ("enterprises", "organizations", "members", "instructors", "stations"):
            getattr(self, name).extend(getattr(other, name))


class IdAllocator:
    """Primary keys handed out before writing, so records can point at each other."""

    def __init__(self, starts: dict[str, int] | None = None):
        self._counters = {}
        for kind, start in (starts or {}).items():
            self._counters[kind] = itertools.count(start)

    def next(self, kind: str) -> int:
        if kind not in self._counters:
            self._counters[kind] = itertools.count(1)
        return next(self._counters[kind])
