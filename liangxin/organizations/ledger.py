"""organizations: 组织编码 is the key; the tree, the region, the covered enterprises."""

from liangxin.enterprises.models import Enterprise
from liangxin.ledger import cells
from liangxin.ledger.framework import Column, ImportContext, ParsedRow, chunks
from liangxin.ledger.lookups import Reference, hidden_ids
from liangxin.ledger.tree import TreeLedger
from liangxin.organizations.hierarchy import ORGANIZATION_HIERARCHY
from liangxin.organizations.models import CoverageLink, Formation, OrgKind, PartyOrganization
from liangxin.regions.models import Region

TERM_YEARS_RANGE = (1, 10)  # PartyOrganization.term_years' validators, restated per cell


def term_years_cell(raw) -> int | None:
    """任期（年）: a whole number of years the model accepts (blank: by the kind's default)."""
    value = cells.whole_number(raw)
    low, high = TERM_YEARS_RANGE
    if value is not None and not low <= value <= high:
        raise cells.CellError(f"任期（年）应在{low}到{high}之间")
    return value


class OrganizationLedger(TreeLedger):
    name = "organizations"
    label = "党组织"
    order = 30
    model = PartyOrganization
    key_header = "组织编码"
    parent_header = "上级组织编码"
    what = "党组织"
    hierarchy = ORGANIZATION_HIERARCHY
    columns = (
        Column("组织编码", "code", cells.tree_code(32), required=True),
        Column("组织名称", "name", cells.bounded_text(200), required=True),
        Column("组织类别", "kind", cells.choice(OrgKind), required=True),
        Column("组建方式", "formation", cells.choice(Formation), required=True),
        Column("上级组织编码", "parent_code", cells.bounded_text(32)),
        Column("所属区域代码", "region_code", cells.bounded_text(32), required=True),
        Column("覆盖企业", "covered", cells.several),
        Column("成立日期", "established_on", cells.date),
        Column("撤销日期", "dissolved_on", cells.date),
        Column("书记是否出资人", "secretary_is_investor", cells.yes_no),
        # Added after the first release (DOMAIN.md §5: add, never rename): the values the
        # committee and term warnings read (organizations.warnings).
        Column("是否设立委员会", "has_committee", cells.yes_no),
        Column("本届任期开始日期", "term_started_on", cells.date),
        Column("任期（年）", "term_years", term_years_cell),
        # 党内统计 表30 (WORK.md §7), added at the end.
        Column("是否建立党小组", "has_party_group", cells.yes_no),
        Column("是否由未转入组织关系党员组建", "formed_by_untransferred", cells.yes_no),
    )
    stored_fields = (
        "code",
        "name",
        "kind",
        "formation",
        "region_id",
        "established_on",
        "dissolved_on",
        "secretary_is_investor",
        "has_committee",
        "term_started_on",
        "term_years",
        "has_party_group",
        "formed_by_untransferred",
    )
    references = (
        Reference(
            "上级组织编码",
            PartyOrganization,
            "code",
            "parent",
            "上级党组织",
            hidden_outside_scope=True,
        ),
        Reference("所属区域代码", Region, "code", "region", "区域代码"),
        # Coverage widens the scope of the organization's users: only enterprises the
        # importer may see can be covered.
        Reference(
            "覆盖企业",
            Enterprise,
            "uscc",
            "covered_enterprises",
            "覆盖企业",
            many=True,
            hidden_outside_scope=True,
        ),
    )
    list_view = "liangxin.organizations.views.OrganizationListView"
    cell_formats = {
        term_years_cell: ("1 到 10 的整数（年）；留空按组织类别：党委5年，党总支、党支部3年", []),
    }
    defaults = {
        "secretary_is_investor": False,
        "has_committee": False,
        "covered": [],
        "has_party_group": False,
        "formed_by_untransferred": False,
    }

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        self.fill_defaults(rows)
        for row in rows:
            self.check_dates(row)
        regions = self.look_up(rows, ctx, "所属区域代码")
        for row in rows:
            row.values["region_id"] = regions.get(row.values.get("region_code"))
        self.resolve_covered(rows, ctx)
        self.link_tree(rows, ctx)
        for row in rows:
            self.check_against_stored(row)
        self.load_current_coverage(rows, ctx)

    def load_current_coverage(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """Current covered enterprise ids of the organizations being updated, in one query;
        the file's codes plus the covered enterprises the importer may not see (the export
        left them out of the cell: keeping them is not a change)."""
        existing = {row.existing.pk: row for row in rows if row.existing is not None}
        for row in existing.values():
            row.values["current_covered_ids"] = set()
        links = CoverageLink.objects.filter(organization_id__in=existing)
        for org_id, enterprise_id in links.values_list("organization_id", "enterprise_id"):
            existing[org_id].values["current_covered_ids"].add(enterprise_id)
        current = {id for row in existing.values() for id in row.values["current_covered_ids"]}
        hidden = hidden_ids(ctx, Enterprise, current)
        for row in existing.values():
            if "covered_ids" in row.values:
                row.values["covered_ids"] |= row.values["current_covered_ids"] & hidden

    def check_dates(self, row: ParsedRow) -> None:
        established, dissolved = row.values.get("established_on"), row.values.get("dissolved_on")
        if established and dissolved and dissolved < established:
            row.fail(self.column("撤销日期"), dissolved, "撤销日期不能早于成立日期")

    def check_against_stored(self, row: ParsedRow) -> None:
        """A date the file leaves out keeps its stored value; the pair must still hold
        (else org_dissolved_after_established refuses the whole write). A refused row
        (its code held outside the scope) is told nothing of the holder's dates."""
        values, existing = row.values, row.existing
        if existing is None or not row.ok:
            return
        if "established_on" in values and "dissolved_on" in values:
            return  # new, or both in the file: ``check_dates`` has compared them
        established = values.get("established_on", existing.established_on)
        dissolved = values.get("dissolved_on", existing.dissolved_on)
        if established and dissolved and dissolved < established:
            if "dissolved_on" in values:
                row.fail(self.column("撤销日期"), dissolved, "撤销日期不能早于系统中已有的成立日期")
            else:
                row.fail(
                    self.column("成立日期"), established, "成立日期不能晚于系统中已有的撤销日期"
                )

    def resolve_covered(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """Covered enterprises by USCC, inside the importer's scope (coverage widens a scope)."""
        found = self.look_up(rows, ctx, "覆盖企业")
        for row in rows:
            if "covered" in row.values:
                ids = (found.get(code) for code in row.values["covered"])
                row.values["covered_ids"] = {id for id in ids if id is not None}

    def diff(self, row: ParsedRow) -> dict:
        changes = super().diff(row)
        if "covered_ids" in row.values:
            current = row.values["current_covered_ids"]
            if current != row.values["covered_ids"]:
                changes["covered_enterprises"] = (len(current), len(row.values["covered_ids"]))
        return changes

    def after_write(self, created, instances, updated) -> None:
        super().after_write(created, instances, updated)
        relinked = [row for row in updated if "covered_enterprises" in row.changes]
        CoverageLink.objects.filter(organization__in=[row.existing for row in relinked]).delete()
        owners = list(zip(created, instances, strict=True)) + [(r, r.existing) for r in relinked]
        links = [
            CoverageLink(organization_id=organization.pk, enterprise_id=enterprise_id)
            for row, organization in owners
            for enterprise_id in sorted(row.values.get("covered_ids") or ())
        ]
        for batch in chunks(links):
            CoverageLink.objects.bulk_create(batch)

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = ctx.scoped(PartyOrganization.objects.select_related("region"))
        if region is not None:
            queryset = queryset.filter(region__path__startswith=region.path)
        return (
            self.with_parent_code(queryset).prefetch_related("covered_enterprises").order_by("path")
        )

    def export_row(self, org: PartyOrganization) -> list:
        return [
            org.code,
            org.name,
            org.get_kind_display(),
            org.get_formation_display(),
            org.parent_code or "",
            org.region.code,
            "；".join(e.uscc for e in org.covered_enterprises.all()),
            org.established_on.isoformat() if org.established_on else "",
            org.dissolved_on.isoformat() if org.dissolved_on else "",
            "是" if org.secretary_is_investor else "否",
            "是" if org.has_committee else "否",
            org.term_started_on.isoformat() if org.term_started_on else "",
            org.term_years if org.term_years is not None else "",
            "是" if org.has_party_group else "否",
            "是" if org.formed_by_untransferred else "否",
        ]


KINDS = [OrganizationLedger()]
