"""contacts: the floating-member contact log kept in Excel (丹东: 流动党员信息台账).

Key: 公民身份号码 + 联系日期. The ID number must name an existing member in
the importer's scope (looked up by its blind index; never stored here); a row
for a member and day already on record updates that contact.
"""

from liangxin.core import pii
from liangxin.ledger import cells
from liangxin.ledger.bulk import in_batches
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.lookups import Reference
from liangxin.ledger.people import ID_COLUMN
from liangxin.members.models import Member
from liangxin.mobility.models import ContactLog, ContactMethod

DATE_COLUMN = Column("联系日期", "contacted_on", cells.date, required=True)


class ContactLedger(LedgerKind):
    name = "contacts"
    label = "流动党员联系记录"
    order = 70
    model = ContactLog
    personal = True  # the ID number column: exports mask it unless revealed
    key_header = "公民身份号码"
    columns = (
        ID_COLUMN,
        DATE_COLUMN,
        Column("联系方式", "method", cells.choice(ContactMethod)),
        Column("联系人", "contact_name", cells.bounded_text(50)),
        Column("情况说明", "note", cells.bounded_text(1000)),
    )
    stored_fields = ("member_id", "contacted_on", "method", "contact_name", "note")
    # Looked up by blind index in ``resolve_members`` (the number itself is never queried).
    references = (Reference("公民身份号码", Member, "id_number_digest", "member", "党员"),)
    defaults = {"method": ContactMethod.OTHER, "contact_name": "", "note": ""}

    def key_of(self, row: ParsedRow) -> str | None:
        number, day = row.values.get("id_number"), row.values.get("contacted_on")
        return f"{number} {day:%Y-%m-%d}" if number and day else None

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        self.fill_defaults(rows)
        self.resolve_members(rows, ctx)
        self.match_contacts(rows)

    def resolve_members(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """One scoped query per batch of blind indexes; unknown or out of scope fails the row."""
        digests = {}
        for row in rows:
            if row.values.get("id_number"):
                digests[row.number] = pii.blind_index(row.values["id_number"])
        found = {}
        for batch in in_batches(sorted(set(digests.values()))):
            members = ctx.scoped(Member.objects.filter(id_number_digest__in=batch))
            found.update(members.values_list("id_number_digest", "id"))
        for row in rows:
            member_id = found.get(digests.get(row.number))
            if row.values.get("id_number") and member_id is None:
                row.fail(ID_COLUMN, row.values["id_number"], self.references[0].reason)
            row.values["member_id"] = member_id

    def match_contacts(self, rows: list[ParsedRow]) -> None:
        """A member's contact on the same day is the record this row updates."""
        good = [row for row in rows if row.ok]
        member_ids = sorted({row.values["member_id"] for row in good})
        existing = {}
        for batch in in_batches(member_ids):
            for contact in ContactLog.objects.filter(member_id__in=batch):
                existing[(contact.member_id, contact.contacted_on)] = contact
        for row in good:
            row.existing = existing.get((row.values["member_id"], row.values["contacted_on"]))

    def write(self, created, updated, ctx):
        # Carried on the row, not the kind: one kind instance serves every import.
        for row in created:
            row.values["contacted_by_id"] = getattr(ctx.user, "pk", None)
        return super().write(created, updated, ctx)

    def build(self, row: ParsedRow):
        contact = super().build(row)
        contact.contacted_by_id = row.values.get("contacted_by_id")
        return contact

    def repr_of(self, row: ParsedRow) -> str:
        return f"{row.values['contacted_on']:%Y-%m-%d} 联系记录"

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = ctx.scoped(ContactLog.objects.select_related("member"))
        if region is not None:
            queryset = queryset.filter(member__organization__region__path__startswith=region.path)
        return queryset.order_by("id")

    def export_row(self, contact: ContactLog, *, reveal: bool = False) -> list:
        member = contact.member
        return [
            member.reveal_id_number() if reveal else member.id_number_masked,
            contact.contacted_on.isoformat(),
            contact.get_method_display(),
            contact.contact_name,
            contact.note,
        ]


KINDS = [ContactLedger()]
