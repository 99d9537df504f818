"""members: 公民身份号码 is the key; ID number and phone are stored encrypted (DOMAIN.md §5)."""

from liangxin.core.models import Gender
from liangxin.core.validators import birth_date_from_id_number, gender_from_id_number
from liangxin.enterprises.models import Enterprise
from liangxin.ledger import cells
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.lookups import Reference, hidden_ids
from liangxin.ledger.people import ID_COLUMN, PERSONAL_STORED, PHONE_COLUMN, PersonLedger
from liangxin.members import conflicts
from liangxin.members.models import Education, FlowType, Member, MemberStatus, PostLevel
from liangxin.members.privacy import birth_year_text, sees_birth_date
from liangxin.organizations.models import PartyOrganization


class MemberLedger(PersonLedger):
    name = "members"
    label = "党员"
    order = 40
    model = Member
    streaming = True
    columns = (
        ID_COLUMN,
        Column("姓名", "name", cells.bounded_text(50), required=True),
        Column(
            "所在党组织编码",
            "organization_code",
            cells.bounded_text(32),
            required=True,
            repeats=True,
        ),
        Column("党员状态", "status", cells.choice(MemberStatus), required=True, repeats=True),
        Column("入党日期", "joined_on", cells.date, repeats=True),
        Column("转正日期", "full_member_on", cells.date, repeats=True),
        Column("性别", "gender", cells.choice(Gender), repeats=True),
        Column("民族", "ethnicity", cells.bounded_text(20), repeats=True),
        Column("出生日期", "birth_date", cells.date, repeats=True),
        Column("学历", "education", cells.choice(Education), repeats=True),
        PHONE_COLUMN,
        Column("工作单位统一社会信用代码", "employer_uscc", cells.bounded_text(18), repeats=True),
        Column("岗位层级", "post_level", cells.choice(PostLevel), repeats=True),
        Column("管理类型", "flow_type", cells.choice(FlowType), repeats=True),
    )
    stored_fields = (
        "name",
        "organization_id",
        "status",
        "joined_on",
        "full_member_on",
        "gender",
        "ethnicity",
        "birth_date",
        "education",
        "employer_id",
        "post_level",
        "flow_type",
        *PERSONAL_STORED,
    )
    references = (
        Reference("所在党组织编码", PartyOrganization, "code", "organization", "组织编码"),
        # The employer widens nobody's scope but counts in its region's coverage
        # figures: an employer the importer may not see is refused, as on the form.
        Reference(
            "工作单位统一社会信用代码",
            Enterprise,
            "uscc",
            "employer",
            "工作单位",
            hidden_outside_scope=True,
        ),
    )
    list_view = "liangxin.members.views.MemberListView"
    defaults = {"ethnicity": "", "education": "", "post_level": "", "flow_type": FlowType.REGULAR}

    def prepare(self, rows: list[ParsedRow]) -> None:
        super().prepare(rows)
        self.fill_defaults(rows)
        for row in rows:
            self.check_identity(row)
            self.check_dates(row)
        self.seal_personal_data(rows)

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        organizations = self.look_up(rows, ctx, "所在党组织编码")
        employers = self.look_up(rows, ctx, "工作单位统一社会信用代码")
        for row in rows:
            row.values["organization_id"] = organizations.get(row.values.get("organization_code"))
            if "employer_uscc" in row.values:
                row.values["employer_id"] = employers.get(row.values["employer_uscc"] or "")
        self.match_existing(rows, ctx)
        self.keep_hidden_employers(rows, ctx)
        for row in rows:
            self.check_against_stored(row)

    def keep_hidden_employers(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """An empty employer cell on a member whose employer the importer may not see means
        "unchanged": the export left that employer out (ledger.scope), as the form and the
        API show it blank and keep it. One scoped query per batch of employers."""
        blank = [
            row
            for row in rows
            if row.existing is not None
            and "employer_uscc" in row.values
            and not row.values["employer_uscc"]
            and row.existing.employer_id is not None
        ]
        hidden = hidden_ids(ctx, Enterprise, {row.existing.employer_id for row in blank})
        for row in blank:
            if row.existing.employer_id in hidden:
                row.values["employer_id"] = row.existing.employer_id

    def match_existing(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """A number held outside the importer's scope fails as on the form (neutral, naming
        nothing of the holder) and goes to a district admin as a conflict."""
        self.match_records(
            rows,
            ctx,
            field="id_number_digest",
            value_key="id_number_digest",
            column=ID_COLUMN,
            reason=conflicts.CONFLICT_MESSAGE,
        )
        conflicts.report_import_conflicts(actor=ctx.user, rows=rows)

    def check_against_stored(self, row: ParsedRow) -> None:
        """Dates the file leaves out keep their stored values; the result must still be valid.
        A refused row (its number held outside the scope) is told nothing of the holder's."""
        if row.existing is None or not row.ok:
            return
        joined = row.values.get("joined_on", row.existing.joined_on)
        full = row.values.get("full_member_on", row.existing.full_member_on)
        if row.values.get("status") == MemberStatus.PROBATIONARY and full:
            row.fail(
                self.column("转正日期"),
                full,
                "预备党员不应有转正日期（系统中已有转正日期，请在文件中清空）",
            )
        elif joined and full and full <= joined and "full_member_on" not in row.values:
            row.fail(self.column("入党日期"), joined, "入党日期应早于系统中已有的转正日期")
        elif joined and full and full <= joined and "joined_on" not in row.values:
            # Without this the database's member_full_after_joined would refuse the
            # whole write (an IntegrityError) instead of this row.
            row.fail(self.column("转正日期"), full, "转正日期应晚于系统中已有的入党日期")

    def check_identity(self, row: ParsedRow) -> None:
        """GB 11643: gender and birth date come from the number; given values must agree."""
        number = row.values.get("id_number")
        if not number:
            return
        gender, birth = gender_from_id_number(number), birth_date_from_id_number(number)
        if row.values.get("gender") not in (None, gender):
            row.fail(
                self.column("性别"), Gender(row.values["gender"]).label, "性别与公民身份号码不符"
            )
        if row.values.get("birth_date") not in (None, birth):
            row.fail(
                self.column("出生日期"), row.values["birth_date"], "出生日期与公民身份号码不符"
            )
        row.values["gender"], row.values["birth_date"] = gender, birth

    def check_dates(self, row: ParsedRow) -> None:
        joined, full = row.values.get("joined_on"), row.values.get("full_member_on")
        if joined and full and full <= joined:
            row.fail(self.column("转正日期"), full, "转正日期应晚于入党日期")
        if row.values.get("status") == MemberStatus.PROBATIONARY and full:
            row.fail(self.column("转正日期"), full, "预备党员不应有转正日期")

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = ctx.scoped(Member.objects.select_related("organization", "employer"))
        if region is not None:
            queryset = queryset.filter(organization__region__path__startswith=region.path)
        return queryset.order_by("id")

    def export_row(self, m: Member, *, reveal: bool = False) -> list:
        return [
            m.reveal_id_number() if reveal else m.id_number_masked,
            m.name,
            m.organization.code,
            m.get_status_display(),
            iso(m.joined_on),
            iso(m.full_member_on),
            m.get_gender_display(),
            m.ethnicity,
            iso(m.birth_date),
            m.get_education_display() if m.education else "",
            (m.reveal_phone() if reveal else m.phone_masked) or "",
            m.employer.uscc if m.employer_id else "",
            m.get_post_level_display() if m.post_level else "",
            m.get_flow_type_display(),
        ]

    def export_masks(self, user) -> dict:
        """A role that may not unmask ID numbers reads the birth year only: the date is
        the masked part of the number (members.privacy)."""
        return {} if sees_birth_date(user) else {"出生日期": birth_year_text}


def iso(value) -> str:
    return value.isoformat() if value else ""


KINDS = [MemberLedger()]
