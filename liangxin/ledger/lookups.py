"""Bulk reference lookups shared by the kinds: one query per reference type, scoped."""

from liangxin.ledger.framework import Column, ImportContext, ParsedRow

NOT_FOUND_OR_OUT_OF_SCOPE = "不存在或不在您的管辖范围内"
OUT_OF_SCOPE_KEY = "该记录已由其他区域登记，不在您的管辖范围内，请联系上级管理员"


def ids_by_code(
    rows: list[ParsedRow], ctx: ImportContext, *, column: Column, queryset, what: str
) -> dict:
    """{code: id} for the codes in ``column`` that the user may use; marks the other rows."""
    from liangxin.ledger.bulk import in_batches

    known = ctx.remembered(what)
    codes = sorted({row.values.get(column.field) for row in rows} - {None, ""} - known.keys())
    for batch in in_batches(codes):
        known.update(dict.fromkeys(batch))
        known.update(ctx.scoped(queryset.filter(code__in=batch)).values_list("code", "id"))
    found = {code: id for code, id in known.items() if id is not None}
    for row in rows:
        code = row.values.get(column.field)
        if code and code not in found:
            row.fail(column, code, f"{what}{NOT_FOUND_OR_OUT_OF_SCOPE}")
    return found


def regions_by_code(rows, ctx, *, column: Column) -> dict:
    from liangxin.regions.models import Region

    return ids_by_code(rows, ctx, column=column, queryset=Region.objects.all(), what="区域代码")


def organizations_by_code(rows, ctx, *, column: Column) -> dict:
    from liangxin.organizations.models import PartyOrganization

    queryset = PartyOrganization.objects.all()
    return ids_by_code(rows, ctx, column=column, queryset=queryset, what="组织编码")
