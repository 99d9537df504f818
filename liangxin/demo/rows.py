"""Records → table rows, with personal data encrypted the way Member.set_id_number does.

Each ``*_table`` function returns the model, the column attnames and the
rows, ready for ``TableWriter``.
"""

import datetime
from collections.abc import Iterator

from liangxin.core import pii
from liangxin.core.pinyin import initials
from liangxin.demo.meetings import meeting_table
from liangxin.demo.records import Chunk, PersonRecord, RegionRecord
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import CoverageLink, PartyOrganization, PartyStation
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor

TREE = ["path", "depth", "numchild"]
PII_COLUMNS = [
    "public_id",
    "id_number_cipher",
    "id_number_digest",
    "id_number_masked",
    "phone_cipher",
    "phone_digest",
    "phone_masked",
]
STAMPS = ["created_at", "updated_at"]
INITIALS = ["name_initials"]  # the pickers' pinyin initials of the name (core.pinyin)


def personal_data(person: PersonRecord) -> tuple:
    number, phone = person.id_number, person.phone
    phone_values = (
        (pii.encrypt(phone), pii.blind_index(phone), pii.mask_phone(phone))
        if phone
        else (None, "", "")
    )
    return (
        person.public_id,
        pii.encrypt(number),
        pii.blind_index(number),
        pii.mask_id_number(number),
        *phone_values,
    )


def region_table(records: list[RegionRecord]):
    columns = ["id", *TREE, "code", "name", "kind", *INITIALS]
    rows = (
        (r.id, r.path, r.depth, r.numchild, r.code, r.name, r.kind, initials(r.name))
        for r in records
    )
    return Region, columns, rows


ENTERPRISE_COLUMNS = [
    "id",
    "uscc",
    "name",
    "category",
    "ownership",
    "industry",
    "region_id",
    "address",
    "registered_on",
    "status",
    "employee_count",
    "above_scale",
    "above_quota",
    "annual_output",
    "investor_is_member",
    "charter_includes_party",
    "chamber",
    "is_legal_entity",
    "control_type",
    "staff_on_post",
    "legal_rep_is_member",
    "legal_rep_is_secretary",
    "social_subtype",
    "assessment_grade",
]


def enterprise_table(chunk: Chunk, now: datetime.datetime):
    rows = (
        (*(getattr(e, name) for name in ENTERPRISE_COLUMNS), initials(e.name), now, now)
        for e in chunk.enterprises
    )
    return Enterprise, ENTERPRISE_COLUMNS + INITIALS + STAMPS, rows


def link_table(model, field_name: str, pairs: Iterator[tuple[int, int]]):
    """Rows of an auto-created many-to-many table (its own ids come from the database)."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    return through, [field.m2m_column_name(), field.m2m_reverse_name()], pairs


def tag_table(chunk: Chunk, tag_ids: dict[str, int]):
    pairs = ((e.id, tag_ids[code]) for e in chunk.enterprises for code in e.tag_codes)
    return link_table(Enterprise, "tags", pairs)


ORGANIZATION_COLUMNS = [
    "id",
    *TREE,
    "code",
    "name",
    "kind",
    "formation",
    "region_id",
    "established_on",
    "dissolved_on",
    "term_started_on",
    "term_years",
    "secretary_id",
    "secretary_name",
    "secretary_is_investor",
    "has_committee",
    "star_level",
    "star_category",
    "brand",
    "has_party_group",
    "formed_by_untransferred",
]


def organization_table(chunk: Chunk, now: datetime.datetime):
    rows = (
        (*(getattr(o, name) for name in ORGANIZATION_COLUMNS), initials(o.name), now, now)
        for o in chunk.organizations
    )
    return PartyOrganization, ORGANIZATION_COLUMNS + INITIALS + STAMPS, rows


def coverage_table(chunk: Chunk):
    pairs = ((o.id, e) for o in chunk.organizations for e in o.covered_ids)
    return CoverageLink, ["organization_id", "enterprise_id"], pairs


MEMBER_COLUMNS = [
    "id",
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "joined_on",
    "full_member_on",
    "status",
    "organization_id",
    "employer_id",
    "post_level",
    "is_investor",
    "flow_type",
]


def member_table(chunk: Chunk, now: datetime.datetime):
    rows = (
        (
            *(getattr(m, name) for name in MEMBER_COLUMNS),
            *personal_data(m),
            initials(m.name),
            now,
            now,
        )
        for m in chunk.members
    )
    return Member, MEMBER_COLUMNS + PII_COLUMNS + INITIALS + STAMPS, rows


INSTRUCTOR_COLUMNS = ["id", "name", "source", "region_id", "active"]


def instructor_table(chunk: Chunk, now: datetime.datetime):
    rows = (
        (
            *(getattr(i, name) for name in INSTRUCTOR_COLUMNS),
            *personal_data(i),
            initials(i.name),
            now,
            now,
        )
        for i in chunk.instructors
    )
    return Instructor, INSTRUCTOR_COLUMNS + PII_COLUMNS + INITIALS + STAMPS, rows


def instructor_link_table(chunk: Chunk):
    pairs = ((i.id, e) for i in chunk.instructors for e in i.enterprise_ids)
    return link_table(Instructor, "enterprises", pairs)


STATION_COLUMNS = ["id", "name", "level", "region_id", "address"]


def station_table(chunk: Chunk, now: datetime.datetime):
    rows = ((*(getattr(s, name) for name in STATION_COLUMNS), now, now) for s in chunk.stations)
    return PartyStation, STATION_COLUMNS + STAMPS, rows


def station_link_table(chunk: Chunk):
    pairs = ((s.id, o) for s in chunk.stations for o in s.organization_ids)
    return link_table(PartyStation, "organizations", pairs)


def chunk_tables(chunk: Chunk, now: datetime.datetime, tag_ids: dict[str, int]):
    """In dependency order (foreign keys are checked at commit anyway)."""
    yield enterprise_table(chunk, now)
    yield tag_table(chunk, tag_ids)
    yield organization_table(chunk, now)
    yield coverage_table(chunk)
    yield member_table(chunk, now)
    yield instructor_table(chunk, now)
    yield instructor_link_table(chunk)
    yield station_table(chunk, now)
    yield station_link_table(chunk)
    yield meeting_table(chunk, now)
