"""Names beside codes: the columns a report export puts next to a ledger's code columns.

A report export in a kind's headers (the coverage lists of enterprises) shows
each code with its name beside it (所属区域代码 → 所属区域名称, 行业门类 → 行业门类名称).
The import reads such a file too: a name column beside a code column the kind has
is shown, not read, and ignored without a note (``parsing.map_headers``); the code
decides. Ledger exports themselves keep exactly the kind's headers (DOMAIN.md §5).
"""

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
