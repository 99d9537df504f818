"""Per-unit coverage facts (``EnterpriseFacts``), kept by database triggers.

The indicators of DOMAIN.md §3 ask five things of every unit: how many
employed members and full members it has, until when a covering organization
(and one of its own, 单独组建) covers it, and whether an active instructor is
assigned. Asking them through EXISTS probes costs five index lookups per unit,
seconds for a province. The triggers below answer them once, when the data
changes, in the same transaction — for writes through the ORM, bulk inserts,
COPY, the admin and raw SQL alike — so the statistics read one row per unit.

Dates keep the facts exact for any day: a unit is covered on ``day`` when
``covered_until > day`` (an organization not dissolved counts as 9999-12-31),
so an organization whose 撤销日期 passes needs no write to stop covering.

Each trigger recomputes the facts of the units a statement touched (not a
running delta), after locking their rows on PostgreSQL, so concurrent writers
cannot leave a count that misses the other's change. SQLite has one writer.
The exception is a new member, the ledger's bulk path: it adds to its unit's
counts (an increment under the row lock) instead of recounting the unit.

Django's SQLite schema editor rebuilds a table to alter it, which drops its
triggers; ``install`` runs after every ``migrate`` and rebuilds the facts
whenever a trigger was missing.
"""

from dataclasses import dataclass

from django.db import connection as default_connection

from liangxin.core.triggers import dropped, present_triggers
from liangxin.members.models import FlowType, MemberStatus
from liangxin.organizations.models import COVERING_KINDS, Formation

FACTS = "coverage_enterprisefacts"
OPEN_END = "9999-12-31"
PREFIX = "liangxin_facts"

# Constants of our own code, not user input: safe to inline in the DDL.
_KINDS = ", ".join(f"'{kind}'" for kind in COVERING_KINDS)
_EMPLOYED = f"m.employer_id = {{unit}} AND m.flow_type <> '{FlowType.DEPARTED}'"
_COVERING = (
    f"SELECT MAX(COALESCE(o.dissolved_on, '{OPEN_END}')) FROM organizations_coveragelink l"
    " JOIN organizations_partyorganization o ON o.id = l.organization_id"
    f" WHERE l.enterprise_id = {{unit}} AND o.kind IN ({_KINDS})"
)

FACT_COLUMNS = {
    "employed_members": f"SELECT COUNT(*) FROM members_member m WHERE {_EMPLOYED}",
    "full_members": (
        f"SELECT COUNT(*) FROM members_member m WHERE {_EMPLOYED}"
        f" AND m.status = '{MemberStatus.FULL}'"
    ),
    "covered_until": _COVERING,
    "own_org_until": f"{_COVERING} AND o.formation = '{Formation.SINGLE}'",
    "active_instructors": (
        "SELECT COUNT(*) FROM workforce_instructor_enterprises ie"
        " JOIN workforce_instructor i ON i.id = ie.instructor_id"
        " WHERE ie.enterprise_id = {unit} AND i.active"
    ),
}


def _computed(unit: str) -> dict[str, str]:
    return {column: f"({sql.format(unit=unit)})" for column, sql in FACT_COLUMNS.items()}


@dataclass(frozen=True)
class Source:
    """A table whose rows decide facts, and how a changed row names its units."""

    table: str
    watched: tuple[str, ...]  # an UPDATE matters only when one of these changes
    units: str  # SELECT of unit ids from the changed rows, aliased ``r``
    on_insert: bool = True
    on_delete: bool = True

    @property
    def name(self) -> str:
        return self.table.split("_", 1)[1]


SOURCES = (
    Source(
        "members_member",
        ("employer_id", "flow_type", "status"),
        "SELECT r.employer_id AS unit FROM {rows} r",
    ),
    Source(
        "organizations_coveragelink",
        ("enterprise_id", "organization_id"),
        "SELECT r.enterprise_id AS unit FROM {rows} r",
    ),
    Source(
        "workforce_instructor_enterprises",
        ("enterprise_id", "instructor_id"),
        "SELECT r.enterprise_id AS unit FROM {rows} r",
    ),
    # A new organization covers nothing yet, and its links go before it does.
    Source(
        "organizations_partyorganization",
        ("kind", "formation", "dissolved_on"),
        "SELECT l.enterprise_id AS unit FROM {rows} r"
        " JOIN organizations_coveragelink l ON l.organization_id = r.id",
        on_insert=False,
        on_delete=False,
    ),
    Source(
        "workforce_instructor",
        ("active",),
        "SELECT ie.enterprise_id AS unit FROM {rows} r"
        " JOIN workforce_instructor_enterprises ie ON ie.instructor_id = r.id",
        on_insert=False,
        on_delete=False,
    ),
)


def _assignments() -> str:
    return ", ".join(
        f"{column} = {sql}" for column, sql in _computed(f"{FACTS}.enterprise_id").items()
    )


def _sqlite_refresh(units: str) -> str:
    """Make sure each unit has a row, then recompute them."""
    wanted = f"SELECT DISTINCT u.unit FROM ({units}) u WHERE u.unit IS NOT NULL"
    return (
        f"INSERT INTO {FACTS} (enterprise_id, employed_members, full_members, active_instructors)"
        f" SELECT w.unit, 0, 0, 0 FROM ({wanted}) w WHERE true"  # WHERE: SQLite's upsert parse
        " ON CONFLICT (enterprise_id) DO NOTHING;\n"
        f"  UPDATE {FACTS} SET {_assignments()} WHERE enterprise_id IN ({wanted})"
    )


def _postgres_refresh(units: str) -> str:
    """Rows for new units, lock them in id order, then recompute with a fresh snapshot."""
    return (
        "DECLARE\n  units bigint[];\nBEGIN\n"
        f"  units := ARRAY(SELECT DISTINCT u.unit FROM ({units}) u"
        " WHERE u.unit IS NOT NULL ORDER BY 1);\n"
        "  IF cardinality(units) = 0 THEN RETURN NULL; END IF;\n"
        f"  INSERT INTO {FACTS} (enterprise_id, employed_members, full_members,"
        " active_instructors) SELECT unnest(units), 0, 0, 0"
        " ON CONFLICT (enterprise_id) DO NOTHING;\n"
        f"  PERFORM 1 FROM {FACTS} WHERE enterprise_id = ANY(units)"
        " ORDER BY enterprise_id FOR UPDATE;\n"
        f"  UPDATE {FACTS} SET {_assignments()} WHERE enterprise_id = ANY(units);\n"
        "  RETURN NULL;\nEND"
    )


# --- SQLite: row triggers, the row as a one-row derived table -----------------


def _sqlite_row(pseudo: str, source: Source) -> str:
    columns = {"id", *source.watched}
    return "(SELECT " + ", ".join(f"{pseudo}.{c} AS {c}" for c in sorted(columns)) + ")"


def _sqlite_member_insert() -> str:
    """A new member adds to its unit's counts: no recount on the ledger's bulk path.

    Exact because every unit with a link, an instructor or a member has a row
    (the triggers create it), so a missing row means nothing to keep but zeros.
    """
    return (
        f"CREATE TRIGGER {PREFIX}_member_insert AFTER INSERT ON members_member FOR EACH ROW"
        f" WHEN NEW.employer_id IS NOT NULL AND NEW.flow_type <> '{FlowType.DEPARTED}' BEGIN\n"
        f"  INSERT INTO {FACTS} (enterprise_id, employed_members, full_members,"
        f" active_instructors) VALUES (NEW.employer_id, 1, NEW.status = '{MemberStatus.FULL}', 0)"
        " ON CONFLICT (enterprise_id) DO UPDATE SET"
        " employed_members = employed_members + 1,"
        " full_members = full_members + excluded.full_members;\nEND"
    )


def _sqlite_trigger(source: Source, event: str) -> str:
    if source.table == "members_member" and event == "INSERT":
        return _sqlite_member_insert()
    if event == "INSERT":
        units = source.units.format(rows=_sqlite_row("NEW", source))
    elif event == "DELETE":
        units = source.units.format(rows=_sqlite_row("OLD", source))
    else:
        units = (
            source.units.format(rows=_sqlite_row("OLD", source))
            + " UNION ALL "
            + source.units.format(rows=_sqlite_row("NEW", source))
        )
    of = f" OF {', '.join(source.watched)}" if event == "UPDATE" else ""
    return (
        f"CREATE TRIGGER {PREFIX}_{source.name}_{event.lower()} AFTER {event}{of}"
        f" ON {source.table} FOR EACH ROW BEGIN\n  {_sqlite_refresh(units)};\nEND"
    )


# --- PostgreSQL: statement triggers over the transition tables ----------------


def _changed(source: Source, side: str) -> str:
    """The rows of an UPDATE whose watched columns changed, as ``side`` saw them."""
    old = ", ".join(f"o.{c}" for c in source.watched)
    new = ", ".join(f"n.{c}" for c in source.watched)
    return (
        f"(SELECT {side}.* FROM new_rows n JOIN old_rows o ON o.id = n.id"
        f" WHERE ROW({old}) IS DISTINCT FROM ROW({new}))"
    )


def _postgres_member_insert() -> str:
    """New members add to their units' counts, one upsert per unit, as on SQLite.

    A recount reads every member of a unit: a ledger's 40 COPY statements into the
    same 2,000 units recounted a growing table each time (6 of a 200,000-member
    import's 25 seconds). The increment is exact for the reason the SQLite trigger
    gives, and under concurrency too: ``ON CONFLICT DO UPDATE`` takes the row lock
    (in unit order, like the recounts) and adds to the latest committed counts.
    """
    return (
        f"CREATE OR REPLACE FUNCTION {PREFIX}_member_insert() RETURNS trigger"
        " LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"  INSERT INTO {FACTS} AS f (enterprise_id, employed_members, full_members,"
        " active_instructors)"
        " SELECT n.employer_id, COUNT(*),"
        f" COUNT(*) FILTER (WHERE n.status = '{MemberStatus.FULL}'), 0 FROM new_rows n"
        f" WHERE n.employer_id IS NOT NULL AND n.flow_type <> '{FlowType.DEPARTED}'"
        " GROUP BY n.employer_id ORDER BY n.employer_id"
        " ON CONFLICT (enterprise_id) DO UPDATE SET"
        " employed_members = f.employed_members + excluded.employed_members,"
        " full_members = f.full_members + excluded.full_members;\n"
        "  RETURN NULL;\nEND\n$$"
    )


def _postgres_function(source: Source, event: str) -> str:
    if source.table == "members_member" and event == "INSERT":
        return _postgres_member_insert()
    if event == "INSERT":
        units = source.units.format(rows="new_rows")
    elif event == "DELETE":
        units = source.units.format(rows="old_rows")
    else:
        units = (
            source.units.format(rows=_changed(source, "o"))
            + " UNION ALL "
            + source.units.format(rows=_changed(source, "n"))
        )
    return (
        f"CREATE OR REPLACE FUNCTION {PREFIX}_{source.name}_{event.lower()}() RETURNS trigger"
        f" LANGUAGE plpgsql AS $$\n{_postgres_refresh(units)}\n$$"
    )


def _postgres_trigger(source: Source, event: str) -> str:
    tables = {
        "INSERT": "NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[event]
    name = f"{PREFIX}_{source.name}_{event.lower()}"
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {source.table} REFERENCING {tables}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


def _events(source: Source) -> list[str]:
    return [
        event
        for event, wanted in (
            ("INSERT", source.on_insert),
            ("UPDATE", True),
            ("DELETE", source.on_delete),
        )
        if wanted
    ]


def trigger_names() -> list[tuple[str, str]]:
    """(table, trigger name) of every trigger ``install`` creates."""
    names = [
        (source.table, f"{PREFIX}_{source.name}_{event.lower()}")
        for source in SOURCES
        for event in _events(source)
    ]
    return [*names, ("enterprises_enterprise", f"{PREFIX}_enterprise_delete")]


def _enterprise_delete(vendor: str) -> list[str]:
    name = f"{PREFIX}_enterprise_delete"
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {name} AFTER DELETE ON enterprises_enterprise FOR EACH ROW"
            f" BEGIN DELETE FROM {FACTS} WHERE enterprise_id = OLD.id; END"
        ]
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN DELETE FROM {FACTS} WHERE enterprise_id IN (SELECT id FROM old_rows);"
        " RETURN NULL; END\n$$",
        f"CREATE TRIGGER {name} AFTER DELETE ON enterprises_enterprise"
        f" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for _, name in trigger_names()]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for table, name in trigger_names()]


def ddl(vendor: str) -> list[str]:
    """Drop and create every trigger (idempotent)."""
    statements = drop_statements(vendor)
    for source in SOURCES:
        for event in _events(source):
            if vendor == "sqlite":
                statements.append(_sqlite_trigger(source, event))
            else:
                statements += [_postgres_function(source, event), _postgres_trigger(source, event)]
    return statements + _enterprise_delete(vendor)


def missing_triggers(connection=default_connection) -> list[str]:
    present = present_triggers(connection)
    return [name for _, name in trigger_names() if name not in present]


def install(connection=default_connection) -> bool:
    """Create the triggers; rebuild every fact when one was missing. True if it rebuilt."""
    missing = missing_triggers(connection)
    with connection.cursor() as cursor:
        for statement in ddl(connection.vendor):
            cursor.execute(statement)
    if missing:
        rebuild(connection)
    return bool(missing)


def suspended(connection=default_connection):
    """For bulk loads into an empty database: no triggers while writing, one rebuild after
    (``install`` rebuilds when a trigger was missing)."""
    return dropped(connection, drop_statements(connection.vendor), install)


def _expected_select() -> str:
    computed = _computed("e.id")
    return (
        "SELECT e.id, "
        + ", ".join(computed.values())
        + " FROM enterprises_enterprise e"
        + " WHERE EXISTS (SELECT 1 FROM members_member m WHERE m.employer_id = e.id)"
        + " OR EXISTS (SELECT 1 FROM organizations_coveragelink l WHERE l.enterprise_id = e.id)"
        + " OR EXISTS (SELECT 1 FROM workforce_instructor_enterprises ie"
        + " WHERE ie.enterprise_id = e.id)"
    )


def rebuild(connection=default_connection) -> int:
    """Recompute every unit's facts from the tables (after a restore, or to heal)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FACTS}")
        cursor.execute(
            f"INSERT INTO {FACTS} (enterprise_id, {', '.join(FACT_COLUMNS)}) {_expected_select()}"
        )
        rows = cursor.rowcount
        cursor.execute(f"ANALYZE {FACTS}")  # the planner should know the table is no longer empty
        return rows


def discrepancies(connection=default_connection, limit: int = 20) -> list[int]:
    """Units whose stored facts differ from a recomputation (none, unless triggers were off)."""
    distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    computed = _computed("e.id")
    stored = {
        "employed_members": "COALESCE(f.employed_members, 0)",
        "full_members": "COALESCE(f.full_members, 0)",
        "covered_until": "f.covered_until",
        "own_org_until": "f.own_org_until",
        "active_instructors": "COALESCE(f.active_instructors, 0)",
    }
    differs = " OR ".join(f"{stored[c]} {distinct} {computed[c]}" for c in FACT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id FROM enterprises_enterprise e LEFT JOIN {FACTS} f"
            f" ON f.enterprise_id = e.id WHERE {differs} ORDER BY e.id LIMIT %s",
            [limit],
        )
        return [row[0] for row in cursor.fetchall()]
