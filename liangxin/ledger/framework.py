"""The pieces every ledger kind is made of: columns, parsed rows, the import context."""

from collections.abc import Callable
from dataclasses import dataclass, field

from liangxin.core import pii
from liangxin.core.scoping import scoped


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable[[object], object]
    required: bool = False
    personal: bool = False  # masked wherever it is echoed back (reports, previews)
    mask: Callable[[str], str] = pii.mask_id_number
    # Few distinct values over many rows (labels, codes, Y/N, dates): the import parses
    # each distinct text once. Only for parsers that are pure functions of the cell and
    # return immutable values.
    repeats: bool = False


@dataclass
class RowError:
    header: str
    value: str
    reason: str


@dataclass(slots=True)
class ParsedRow:
    number: int  # the row number Excel shows
    cells: list | None  # the raw cells as read, for the error file (dropped once a row is good)
    values: dict = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    existing: object = None  # the record this row updates, if its key exists
    changes: dict = field(default_factory=dict)  # field → (old shown, new shown)
    instance: object = None  # the new record built for this row (tree kinds link children to it)

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, column: Column | str, value, reason: str) -> None:
        header = column.header if isinstance(column, Column) else column
        shown = "" if value is None else str(value)
        if isinstance(column, Column) and column.personal and shown:
            shown = column.mask(shown)
        self.errors.append(RowError(header, shown, reason))


@dataclass
class ImportContext:
    """Who imports (None from the command line: the whole database) and under which job."""

    user: object = None
    job_id: int | None = None
    file_name: str = ""
    # References looked up so far in this import ({what: {code: id or None}}): a file's
    # chunks mostly name the same few regions, organizations and employers.
    known: dict = field(default_factory=dict, repr=False, compare=False)

    def remembered(self, what: str) -> dict:
        return self.known.setdefault(what, {})

    def scoped(self, queryset):
        return queryset if self.user is None else scoped(queryset, self.user)


def chunks(items: list, size: int = 2000):
    for start in range(0, len(items), size):
        yield items[start : start + size]
