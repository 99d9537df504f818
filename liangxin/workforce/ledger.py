"""instructors: 公民身份号码 is the key; the enterprises assigned (DOMAIN.md §5)."""

from liangxin.core.scoping import user_scope
from liangxin.enterprises.models import Enterprise
from liangxin.ledger import cells
from liangxin.ledger.framework import Column, ImportContext, ParsedRow, chunks
from liangxin.ledger.lookups import Reference, hidden_ids
from liangxin.ledger.people import ID_COLUMN, PERSONAL_STORED, PHONE_COLUMN, PersonLedger
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor, InstructorSource

Assignment = Instructor.enterprises.through


class InstructorLedger(PersonLedger):
    name = "instructors"
    label = "党建指导员"
    order = 50
    model = Instructor
    columns = (
        ID_COLUMN,
        Column("姓名", "name", cells.bounded_text(50), required=True),
        Column("来源", "source", cells.choice(InstructorSource), required=True),
        Column("联系企业", "enterprises", cells.several),
        PHONE_COLUMN,
    )
    stored_fields = ("name", "source", *PERSONAL_STORED)
    # Assignment grants the instructor read access to the enterprise: only enterprises
    # the importer may see can be assigned.
    references = (
        Reference(
            "联系企业",
            Enterprise,
            "uscc",
            "enterprises",
            "联系企业",
            many=True,
            hidden_outside_scope=True,
        ),
    )
    list_view = "liangxin.workforce.views.InstructorListView"
    defaults = {"enterprises": []}

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        self.fill_defaults(rows)
        self.seal_personal_data(rows)
        self.resolve_enterprises(rows, ctx)
        self.match_existing(rows, ctx)
        self.load_current_assignments(rows, ctx)

    def resolve_enterprises(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """Assigned enterprises must be in the importer's scope: assignment grants read access."""
        found = self.look_up(rows, ctx, "联系企业")
        for row in rows:
            wanted = row.values.get("enterprises")
            if wanted is not None:
                ids = (found.get(code) for code in wanted)
                row.values["enterprise_ids"] = {id for id in ids if id is not None}

    def load_current_assignments(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """Current assignments of the instructors being updated, in one query; the file's
        codes plus the assigned enterprises the importer may not see (the export left
        them out of the cell: keeping them is not a change)."""
        existing = {row.existing.pk: row for row in rows if row.existing is not None}
        for row in existing.values():
            row.values["current_enterprise_ids"] = set()
        pairs = Assignment.objects.filter(instructor_id__in=existing)
        for instructor_id, enterprise_id in pairs.values_list("instructor_id", "enterprise_id"):
            existing[instructor_id].values["current_enterprise_ids"].add(enterprise_id)
        current = {id for row in existing.values() for id in row.values["current_enterprise_ids"]}
        hidden = hidden_ids(ctx, Enterprise, current)
        for row in existing.values():
            if "enterprise_ids" in row.values:
                row.values["enterprise_ids"] |= row.values["current_enterprise_ids"] & hidden

    def diff(self, row: ParsedRow) -> dict:
        changes = super().diff(row)
        wanted = row.values.get("enterprise_ids")
        if wanted is not None and wanted != row.values["current_enterprise_ids"]:
            changes["enterprises"] = (len(row.values["current_enterprise_ids"]), len(wanted))
        return changes

    def build(self, row: ParsedRow):
        instructor = super().build(row)
        instructor.region_id = self.home_region
        return instructor

    def write(self, created, updated, ctx):
        self.home_region = home_region(ctx)
        return super().write(created, updated, ctx)

    def after_write(self, created, instances, updated) -> None:
        reassigned = [row for row in updated if "enterprises" in row.changes]
        Assignment.objects.filter(instructor__in=[row.existing for row in reassigned]).delete()
        owners = list(zip(created, instances, strict=True)) + [(r, r.existing) for r in reassigned]
        pairs = [
            Assignment(instructor_id=instructor.pk, enterprise_id=enterprise_id)
            for row, instructor in owners
            for enterprise_id in sorted(row.values.get("enterprise_ids") or ())
        ]
        for batch in chunks(pairs):
            Assignment.objects.bulk_create(batch)

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = ctx.scoped(Instructor.objects.all()).prefetch_related("enterprises")
        if region is not None:
            queryset = queryset.filter(region__path__startswith=region.path)
        return queryset.order_by("id")

    def export_row(self, i: Instructor, *, reveal: bool = False) -> list:
        return [
            i.reveal_id_number() if reveal else i.id_number_masked,
            i.name,
            i.get_source_display(),
            "；".join(e.uscc for e in i.enterprises.all()),
            (i.reveal_phone() if reveal else i.phone_masked) or "",
        ]


def home_region(ctx: ImportContext) -> int | None:
    """New instructors belong to the importer's region when they manage exactly one."""
    if ctx.user is None:
        return None
    paths = user_scope(ctx.user).region_paths
    if len(paths) != 1:
        return None
    return Region.objects.filter(path=paths[0]).values_list("id", flat=True).first()


KINDS = [InstructorLedger()]
