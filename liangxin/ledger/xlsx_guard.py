"""What an .xlsx may make python-calamine allocate, checked before calamine sees it.

calamine trusts the workbook: it reserves the sheet's declared range and builds a
dense grid from the first to the last cell it finds, so a 2 KB file whose sheet
spans A1:XFD1048576 asks for half a terabyte and aborts the process (Rust
aborts on a failed allocation; Python cannot catch it). This module reads the
zip with the standard library, streaming every member through a bounded
buffer, and ends anything past a bound in ``FileProblem`` naming the limit:

- the zip: number of members, each member's and the total uncompressed size
  (as actually inflated, not as declared), the compression ratio (zip bombs);
- each worksheet: declared dimension, rows, columns, cells (the grid calamine
  will build), the longest cell text;
- the shared strings: how many.

The checks are byte scans (counts and regular expressions over each inflated
chunk), never an XML parser: a hostile document cannot make them expand
entities or recurse. The reading itself still happens in a child process with
a memory limit (``liangxin.ledger.isolation``): these bounds give the clear
sentence, the child keeps the server alive whatever slips past them.
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from liangxin.ledger.reader import FileProblem

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
CHUNK = 1 << 20
END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
BROKEN = "无法读取该 Excel 文件：文件已损坏或不是 .xlsx 格式"


@dataclass(frozen=True)
class Limits:
    members: int = 1000  # a workbook saved by Excel or WPS has a dozen or two
    member_bytes: int = 2 << 30  # a 1,000,000-row sheet is about 0.8 GB of XML
    total_bytes: int = 3 << 30
    ratio: int = 200  # XML deflates 5-20 times; a bomb a thousand times
    ratio_floor: int = 1 << 20  # small members may compress as they like
    rows: int = 1_100_000  # as reader.MAX_ROWS
    columns: int = 256  # the widest ledger has a few dozen columns
    cells: int = 40_000_000  # the grid calamine builds, 32 bytes a cell: 1.3 GB
    shared_strings: int = 10_000_000
    cell_bytes: int = 32_767 * 4  # Excel's own limit is 32,767 characters a cell


LIMITS = Limits()

_DIMENSION = re.compile(
    rb'<dimension\s+ref="([A-Za-z]{1,3})?(\d{1,7})?(?::([A-Za-z]{1,3})?(\d{1,7})?)?"'
)
# Every row tag, with its number when it has one.
_ROW_TAG = re.compile(rb'<row(?:\s+r="(\d{1,9})")?[\s>/]')


def column_number(letters: bytes | str) -> int:
    """A1-style column letters as a number: A → 1, Z → 26, AA → 27, XFD → 16,384."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """1 → A, 256 → IV (XlsxWriter's own conversion, which the exports use too)."""
    return xl_col_to_name(number - 1)


def _letters_beyond(columns: int) -> str:
    """A regular expression for column letters past ``columns`` (256: IW…IZ, JA…ZZ, and
    any three or more letters), as cell references spell them."""
    last = column_letters(columns)
    options = [f"[A-Z]{{{len(last) + 1},}}"]
    for at, letter in enumerate(last):
        if letter != "Z":
            after = chr(ord(letter) + 1)
            options.append(last[:at] + f"[{after}-Z]" + "[A-Z]" * (len(last) - at - 1))
    return "|".join(options)


def check(data: bytes, limits: Limits | None = None) -> None:
    """Raise FileProblem when ``data`` (a zip) is past any bound; return quietly otherwise."""
    limits = limits or LIMITS
    _check_member_count(data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        raise FileProblem(BROKEN) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise FileProblem(_too_many_members(len(infos), limits))
        _check_declared_sizes(infos, limits)
        total = 0
        for info in infos:
            total += _scan_member(archive, info, limits, total)


def _too_many_members(count: int, limits: Limits) -> str:
    return (
        f"Excel 文件内部包含 {count:,} 个部件，超过上限 {limits.members:,}：文件可能已损坏或被篡改"
    )


def _check_member_count(data: bytes, limits: Limits) -> None:
    """The member count from the end-of-central-directory record, before zipfile builds an
    object per member (a 200 MB upload could declare millions)."""
    at = data.rfind(END_OF_CENTRAL_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        raise FileProblem(BROKEN)
    entries, directory_size = struct.unpack_from("<HI", data, at + 10)
    if entries != 0xFFFF and entries > limits.members:
        raise FileProblem(_too_many_members(entries, limits))
    if directory_size != 0xFFFFFFFF and directory_size > limits.members * 1024:
        raise FileProblem(_too_many_members(directory_size // 46, limits))


def _check_declared_sizes(infos, limits: Limits) -> None:
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileProblem("Excel 文件已加密：请在 Excel 中取消密码保护后另存为 .xlsx 再上传")
        _check_size(info.filename, info.file_size, info.compress_size, limits)
        declared += info.file_size
    if declared > limits.total_bytes:
        raise FileProblem(_total_message(limits))


def _total_message(limits: Limits) -> str:
    return f"Excel 文件解压后超过 {_megabytes(limits.total_bytes)}：请拆分文件后分批上传"


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def _check_size(name: str, size: int, compressed: int, limits: Limits) -> None:
    if size > limits.member_bytes:
        raise FileProblem(
            f"Excel 文件中的“{name[:80]}”解压后超过 {_megabytes(limits.member_bytes)}："
            "请拆分文件后分批上传"
        )
    if size > limits.ratio_floor and size > limits.ratio * max(compressed, 1):
        raise FileProblem(
            f"Excel 文件中的“{name[:80]}”压缩比异常（解压后是压缩时的 "
            f"{size // max(compressed, 1):,} 倍，上限 {limits.ratio} 倍）："
            "文件可能被篡改（压缩炸弹）"
        )


def _scan_member(archive: zipfile.ZipFile, info, limits: Limits, total_before: int) -> int:
    """Inflate one member a megabyte at a time (its declared size may lie), counting what
    comes out; worksheets and the shared strings are scanned on the way."""
    scanner = _scanner_for(info.filename, limits)
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                _check_size(info.filename, size, info.compress_size, limits)
                if total_before + size > limits.total_bytes:
                    raise FileProblem(_total_message(limits))
                if scanner is not None:
                    scanner.feed(chunk)
    except FileProblem:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,  # a corrupt deflate stream (found by the fuzz test)
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
    ) as exc:
        raise FileProblem(BROKEN) from exc
    if scanner is not None:
        scanner.finish()
    return size


def _scanner_for(name: str, limits: Limits):
    lowered = name.lower()
    if lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
        return _SheetScanner(name, limits)
    if lowered == "xl/sharedstrings.xml":
        return _SharedStringsScanner(limits)
    return None


class _Chunks:
    """Feeds chunks to ``scan`` with the unfinished tag of the chunk before prepended, so a
    pattern cut at a chunk boundary is seen whole; a text run with no tag in it grows
    until it is too long."""

    def __init__(self, limits: Limits):
        self.limits, self.tail = limits, b""
        # From a tag's end: searching from every byte would cost ten times as much.
        self.longest_text = re.compile(rb">[^<]{%d}" % (limits.cell_bytes + 1))

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            cut = 0
        self.tail = data[cut:]
        whole = data[:cut]
        if len(self.tail) > self.limits.cell_bytes or self._has_long_text(whole):
            raise FileProblem(
                f"Excel 文件中有单元格内容过长（超过 {self.limits.cell_bytes // 4:,} 个字符，"
                "即 Excel 允许的上限）：文件可能已损坏或被篡改"
            )
        self.scan(whole)

    def _has_long_text(self, data: bytes) -> bool:
        # Only worth the regular expression when the chunk could hold such a run at all.
        return len(data) > self.limits.cell_bytes and self.longest_text.search(data) is not None

    def finish(self) -> None:
        self.scan(self.tail)
        self.tail = b""
        self.done()

    def scan(self, data: bytes) -> None:
        raise NotImplementedError

    def done(self) -> None:
        pass


class _SheetScanner(_Chunks):
    """Rows by their tags, columns by the letters of the cell references past the limit
    (one regular-expression search, no match in an ordinary sheet), and the declared
    dimension. Counting every cell reference would cost more than calamine's own load;
    a cell whose reference strays outside its row is left to the child's memory limit."""

    def __init__(self, name: str, limits: Limits):
        super().__init__(limits)
        self.name = name
        self.rows = 0
        self.first_row = self.last_row = None
        self.dimension_seen = False
        self.wide = re.compile(rb'<c r="(%s)' % _letters_beyond(limits.columns).encode())

    def scan(self, data: bytes) -> None:
        if not self.dimension_seen:
            self._dimension(data)
        tags = _ROW_TAG.findall(data)
        self.rows += len(tags)
        if self.rows > self.limits.rows:
            raise FileProblem(f"工作表的行数超过上限 {self.limits.rows:,}：请拆分文件后分批上传")
        wide = self.wide.search(data)
        if wide is not None:
            raise FileProblem(
                f"工作表有单元格位于第 {wide.group(1).decode()} 列，"
                f"超过上限 {self.limits.columns} 列"
                f"（最后一列为 {column_letters(self.limits.columns)}）：请删除多余的列后再上传"
            )
        numbers = [number for number in tags if number]
        if numbers:
            low, high = min(map(int, numbers)), max(map(int, numbers))
            self.first_row = low if self.first_row is None else min(self.first_row, low)
            self.last_row = high if self.last_row is None else max(self.last_row, high)
            self._check_grid(rows=self.last_row - self.first_row + 1, columns=1, declared=False)

    def _dimension(self, data: bytes) -> None:
        found = _DIMENSION.search(data)
        if found is None:
            self.dimension_seen = data.find(b"<sheetData") >= 0  # too late for one
            return
        self.dimension_seen = True
        first_letters, first_row, last_letters, last_row = found.groups()
        first_column = column_number(first_letters) if first_letters else 1
        last_column = column_number(last_letters) if last_letters else first_column
        first = int(first_row) if first_row else 1
        last = int(last_row) if last_row else first
        self._check_grid(
            rows=last - first + 1, columns=last_column - first_column + 1, declared=True
        )

    def _check_grid(self, *, rows: int, columns: int, declared: bool) -> None:
        what = "声明的区域" if declared else "单元格所占的区域"
        limits = self.limits
        if rows <= 0 or columns <= 0:
            raise FileProblem(BROKEN)
        if rows > min(limits.rows, EXCEL_MAX_ROWS):
            raise FileProblem(
                f"工作表{what}有 {rows:,} 行，超过上限 {min(limits.rows, EXCEL_MAX_ROWS):,} 行："
                "文件可能已损坏或被篡改"
            )
        if columns > limits.columns:
            raise FileProblem(
                f"工作表{what}有 {columns:,} 列，超过上限 {limits.columns} 列"
                f"（最后一列为 {column_letters(limits.columns)}）：请删除多余的列后再上传"
            )
        if rows * columns > limits.cells:
            raise FileProblem(
                f"工作表{what}有 {rows:,} 行 × {columns:,} 列，共 {rows * columns:,} 个单元格，"
                f"超过上限 {limits.cells:,}：请拆分文件后分批上传"
            )


class _SharedStringsScanner(_Chunks):
    def __init__(self, limits: Limits):
        super().__init__(limits)
        self.count = 0

    def scan(self, data: bytes) -> None:
        self.count += data.count(b"<si>") + data.count(b"<si ")
        if self.count > self.limits.shared_strings:
            raise FileProblem(
                f"Excel 文件的共享字符串超过 {self.limits.shared_strings:,} 个："
                "文件可能已损坏或被篡改，请拆分文件后分批上传"
            )
