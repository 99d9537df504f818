"""Names beside codes: the columns a report export puts next to a ledger's code columns.

A report export in a kind's headers (the coverage lists of enterprises) shows
each code with its name beside it (所属区域代码 → 所属区域名称, 行业门类 → 行业门类名称).
The import reads such a file too: a name column beside a code column the kind has
is shown, not read, and ignored without a note (``parsing.map_headers``); the code
decides. Ledger exports themselves keep exactly the kind's headers (DOMAIN.md §5)
and name their codes on a second sheet instead (``CodeNames``).
"""

from django.core.exceptions import FieldDoesNotExist

NAME_BESIDE = {
    "所属区域代码": "所属区域名称",
    "上级区域代码": "上级区域名称",
    "行业门类": "行业门类名称",
    "所在党组织编码": "所在党组织名称",
    "上级组织编码": "上级组织名称",
    "工作单位统一社会信用代码": "工作单位名称",
}


def shown_name_headers(kind) -> frozenset[str]:
    """The name columns the import of ``kind`` passes over without a note."""
    return frozenset(NAME_BESIDE[c.header] for c in kind.columns if c.header in NAME_BESIDE)


def with_names(headers: list[str], names: dict[str, str]) -> list[str]:
    """``headers`` with the name column after each code column in ``names`` ({code header:
    name header})."""
    out = []
    for header in headers:
        out.append(header)
        if header in names:
            out.append(names[header])
    return out


# --- a ledger export's 代码对照 sheet ----------------------------------------------------

# Columns whose codes a ledger export names on its second sheet (the region, organization
# and industry codes people cannot read; a USCC's enterprise is a search away).
LOOKUP_HEADERS = ("所属区域代码", "上级区域代码", "所在党组织编码", "上级组织编码", "行业门类")
LOOKUP_COLUMNS = ["类别", "代码", "名称"]


class CodeNames:
    """The codes a ledger export's rows use, collected as the rows stream by, and their
    names looked up afterwards in the exporting user's scope (a code the user may not see
    gets no name): the export's ``代码对照`` sheet, which the import passes over without a
    note (ledger.sheets). The data sheet keeps exactly the kind's headers."""

    def __init__(self, kind, ctx):
        self.ctx = ctx
        headers = [column.header for column in kind.columns]
        self.sources = []  # (position, what, {code: name} or a Reference)
        for reference in kind.references:
            if reference.header in LOOKUP_HEADERS and not reference.many:
                what = str(reference.model._meta.verbose_name)
                self.sources.append((headers.index(reference.header), what, reference))
        for column in kind.columns:
            choices = _choices(kind.model, column.field)
            if column.header in LOOKUP_HEADERS and choices:
                self.sources.append((headers.index(column.header), column.header, choices))
        self.codes = [set() for _ in self.sources]

    def collect(self, rows):
        """``rows`` unchanged, their codes noted."""
        if not self.sources:
            yield from rows
            return
        places = [
            (position, codes)
            for (position, _, _), codes in zip(self.sources, self.codes, strict=True)
        ]
        for row in rows:
            for position, codes in places:
                code = row[position]
                if code:
                    codes.add(code)
            yield row

    def sheets(self) -> list[tuple[str, list[str], list[list]]]:
        from liangxin.ledger.sheets import NAMES_SHEET

        named: dict[tuple[str, str], str] = {}
        for (_, what, source), codes in zip(self.sources, self.codes, strict=True):
            found = source if isinstance(source, dict) else self.names(source, codes)
            for code in sorted(codes):
                if code in found:
                    named[(what, code)] = found[code]
        if not named:
            return []
        rows = [[what, code, name] for (what, code), name in named.items()]
        return [(NAMES_SHEET, LOOKUP_COLUMNS, rows)]

    def names(self, reference, codes: set) -> dict[str, str]:
        from liangxin.ledger.bulk import in_batches

        found = {}
        manager = reference.model._default_manager
        for batch in in_batches(sorted(codes)):
            queryset = self.ctx.scoped(manager.filter(**{f"{reference.key}__in": batch}))
            found.update(queryset.values_list(reference.key, "name"))
        return found


def _choices(model, name: str) -> dict[str, str]:
    """{stored value: the name part of its label} of a choices field ("C 制造业" → 制造业)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a column without a model field of its own
        return {}
    return {
        value: str(label).partition(" ")[2] or str(label) for value, label in field.choices or ()
    }
