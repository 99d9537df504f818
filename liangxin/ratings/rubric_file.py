"""A rubric version as one spreadsheet, and back (WORK.md §8: rubrics are data).

One sheet, one record a row, its kind in the first column: 设置 rows hold the rubric's own
fields (名称 → 取值), then 维度, 项目, 否决项, 分档, 满意度封顶 and 比例控制 rows. One sheet
keeps the file readable by the ledger's reader (first visible sheet, guarded, read in a
child process) and every problem at a row number. Reading is all-or-nothing: every bad row
is reported with its row number, column and reason, and nothing is written
(services.rubric_import writes what this module read)."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from liangxin.core.spreadsheets import write_xlsx
from liangxin.ledger import cells
from liangxin.ledger.cells import CellError
from liangxin.ledger.reader import FileProblem, open_table
from liangxin.organizations.models import OrgKind
from liangxin.ratings import auto
from liangxin.ratings.models import ItemKind, Rubric, RubricModel

SHEET = "评星定级细则"
KIND, NAME, DIMENSION, POINTS, LEVEL, SHARE = (
    "类型",
    "名称",
    "所属维度",
    "分值",
    "星级（等次）",
    "比例",
)
SCORING, SOURCE_KEY, HINT, BONUS, VALUE, SOURCE = (
    "评分方式",
    "自动数据来源",
    "佐证要求",
    "加分项",
    "取值",
    "来源",
)
HEADERS = [KIND, NAME, DIMENSION, POINTS, LEVEL, SHARE, SCORING, SOURCE_KEY, HINT, BONUS, VALUE]
HEADERS.append(SOURCE)
SETTING, DIM, ITEM, VETO, BAND, SAT_CAP, DIST_CAP = (
    "设置",
    "维度",
    "项目",
    "否决项",
    "分档",
    "满意度封顶",
    "比例控制",
)
MAX_BYTES = 2 << 20  # a rubric has a few dozen rows: a bigger file is not one
MAX_ROWS = 1000
SCORING_WORDS = {"自动": ItemKind.AUTO, "评分": ItemKind.ASSESSED, **{k.label: k for k in ItemKind}}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        return (
            f"{where}“{self.column}”：{self.reason}" if self.column else f"{where}：{self.reason}"
        )


class RubricFileError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ParsedRubric:
    fields: dict = field(default_factory=dict)
    dimensions: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    vetoes: list[dict] = field(default_factory=list)
    bands: list[dict] = field(default_factory=list)
    satisfaction_caps: list[dict] = field(default_factory=list)
    distribution_caps: list[dict] = field(default_factory=list)


# --- cells ----------------------------------------------------------------------------------


def decimal(raw) -> Decimal | None:
    if isinstance(raw, bool):
        raise CellError("应为数字")
    if isinstance(raw, int | float):
        value = Decimal(repr(raw))
    else:
        value_text = cells.text(raw).rstrip("%")
        if value_text == "":
            return None
        try:
            value = Decimal(value_text.replace(",", ""))
        except InvalidOperation as exc:
            raise CellError("应为数字") from exc
    if not value.is_finite() or abs(value) >= 10_000:
        raise CellError("应为 0 到 9999 之间的数字")
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    """Four places at most, no trailing zeros, never an exponent (100, not 1E+2)."""
    value = value.quantize(Decimal("0.0001")).normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def points(raw) -> Decimal | None:
    value = decimal(raw)
    if value is not None and (value < 0 or value != value.quantize(Decimal("0.01"))):
        raise CellError("应为不小于 0、最多两位小数的数字")
    return value


def positive_points(raw) -> Decimal | None:
    value = points(raw)
    if value is not None and value == 0:
        raise CellError("应大于 0")
    return value


def _fraction(raw) -> Decimal | None:
    """0.85, 85% or 85 all mean 85 %."""
    typed_percent = isinstance(raw, str) and raw.strip().endswith("%")
    value = decimal(raw)
    if value is None:
        return None
    if typed_percent or value > 1:
        value = value / 100
    return _tidy(value)


def share(raw) -> Decimal | None:
    value = _fraction(raw)
    if value is not None and not 0 < value <= 1:
        raise CellError("比例应大于 0 且不超过 100%")
    return value


def level(raw) -> int | None:
    value = cells.whole_number(raw)
    if value is not None and not 1 <= value <= 6:
        raise CellError("应为 1 到 6 之间的整数")
    return value


def scoring(raw) -> str | None:
    value = cells.text(raw)
    if value == "":
        return None
    if value not in SCORING_WORDS:
        raise CellError("应为“自动”或“评分”")
    return str(SCORING_WORDS[value])


def auto_source(raw) -> str:
    value = cells.text(raw)
    if value and value not in auto.known_keys():
        raise CellError(f"未知的自动数据来源，可选：{'、'.join(auto.known_keys())}")
    return value


def kinds(raw) -> list[str]:
    by_label = {str(k.label): str(k) for k in OrgKind} | {str(k): str(k) for k in OrgKind}
    chosen = cells.several(raw)
    unknown = [word for word in chosen if word not in by_label]
    if unknown:
        raise CellError(f"未知的组织类别：{'、'.join(unknown)}")
    return [by_label[word] for word in chosen]


def one_of(*allowed: int):
    def parse(raw) -> int | None:
        value = cells.whole_number(raw)
        if value is not None and value not in allowed:
            raise CellError(f"只能是 {' 或 '.join(str(a) for a in allowed)}")
        return value

    return parse


def weight(raw) -> Decimal | None:
    value = _fraction(raw)
    if value is not None and not 0 <= value < 1:
        raise CellError("权重应不小于 0 且小于 100%")
    return value


def small_count(raw) -> int | None:
    value = cells.whole_number(raw)
    if value is not None and value > 120:
        raise CellError("应为 0 到 120 之间的整数")
    return value


# (label, field, parser, required); exported in this order.
SETTINGS = [
    ("细则名称", "name", cells.bounded_text(100), True),
    ("生效日期", "effective_from", cells.date, True),
    ("评定模型", "model", cells.choice(RubricModel), True),
    ("星级数", "star_count", one_of(5, 6), False),
    ("评定周期（年）", "cycle_years", one_of(1, 2), False),
    ("适用组织类别", "applies_to", kinds, False),
    ("加分上限", "bonus_cap", points, False),
    ("群众满意度权重", "satisfaction_weight", weight, False),
    ("达标类最低星级", "standard_min_level", level, False),
    ("孵化类成立不满（月）", "incubating_months", small_count, False),
    ("孵化类正式党员少于（名）", "incubating_min_members", small_count, False),
    ("细则来源", "source", cells.bounded_text(1000), True),
    ("说明", "description", cells.bounded_text(1000), False),
]
SETTING_BY_LABEL = {label: (name, parse, required) for label, name, parse, required in SETTINGS}

# Each row kind: column → (record key, parser, required).
TEXT_300 = cells.bounded_text(300)
ROW_KINDS = {
    DIM: {
        NAME: ("name", cells.bounded_text(50), True),
        POINTS: ("max_points", positive_points, True),
        SHARE: ("star_share", share, False),
    },
    ITEM: {
        NAME: ("text", TEXT_300, True),
        DIMENSION: ("dimension", cells.bounded_text(50), True),
        POINTS: ("max_points", positive_points, True),
        SCORING: ("kind", scoring, True),
        SOURCE_KEY: ("auto_source", auto_source, False),
        HINT: ("evidence_hint", TEXT_300, False),
        BONUS: ("is_bonus", cells.yes_no, False),
    },
    VETO: {NAME: ("text", TEXT_300, True), SOURCE: ("source", TEXT_300, False)},
    BAND: {
        NAME: ("label", cells.bounded_text(20), True),
        POINTS: ("min_points", points, True),
        LEVEL: ("level", level, True),
    },
    SAT_CAP: {
        POINTS: ("below", positive_points, True),
        LEVEL: ("max_level", level, True),
        SOURCE: ("source", TEXT_300, False),
    },
    DIST_CAP: {
        LEVEL: ("level", level, True),
        SHARE: ("max_share", share, True),
        SOURCE: ("source", TEXT_300, False),
    },
}
KIND_LISTS = {
    DIM: "dimensions",
    ITEM: "items",
    VETO: "vetoes",
    BAND: "bands",
    SAT_CAP: "satisfaction_caps",
    DIST_CAP: "distribution_caps",
}


# --- export ---------------------------------------------------------------------------------


def _setting_value(rubric: Rubric, name: str):
    value = getattr(rubric, name)
    if name == "model":
        return str(RubricModel(value).label)
    if name == "applies_to":
        return "、".join(str(OrgKind(k).label) for k in value or [])
    if name == "effective_from":
        return value.isoformat()
    return str(value) if value is not None else ""


def _row(**values) -> list:
    return [values.get(header, "") for header in HEADERS]


def _rows(rubric: Rubric):
    for label, name, _parse, _required in SETTINGS:
        yield _row(**{KIND: SETTING, NAME: label, VALUE: _setting_value(rubric, name)})
    for d in rubric.dimensions.all():
        yield _row(**{KIND: DIM, NAME: d.name, POINTS: d.max_points, SHARE: d.star_share or ""})
        for i in d.items.all():
            yield _row(
                **{KIND: ITEM, NAME: i.text, DIMENSION: d.name, POINTS: i.max_points},
                **{SCORING: "自动" if i.kind == ItemKind.AUTO else "评分"},
                **{SOURCE_KEY: i.auto_source, HINT: i.evidence_hint},
                **{BONUS: "是" if i.is_bonus else ""},
            )
    yield from _limit_rows(rubric)


def _limit_rows(rubric: Rubric):
    for v in rubric.vetoes.all():
        yield _row(**{KIND: VETO, NAME: v.text, SOURCE: v.source})
    for b in rubric.bands.all():
        yield _row(**{KIND: BAND, NAME: b.label, POINTS: b.min_points, LEVEL: b.level})
    for c in rubric.satisfaction_caps.all():
        yield _row(**{KIND: SAT_CAP, POINTS: c.below, LEVEL: c.max_level, SOURCE: c.source})
    for c in rubric.distribution_caps.all():
        yield _row(**{KIND: DIST_CAP, LEVEL: c.level, SHARE: c.max_share, SOURCE: c.source})


def write_rubric(rubric: Rubric, stream) -> int:
    """The rubric version as an .xlsx written to ``stream``; returns the row count."""
    return write_xlsx(stream, HEADERS, _rows(rubric), sheet=SHEET)


# --- import ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self):
        self.parsed = ParsedRubric()
        self.errors: list[RowError] = []
        self.setting_rows: dict[str, int] = {}

    def error(self, row: int, column: str, reason: str) -> None:
        self.errors.append(RowError(row, column, reason))

    def cell(self, row: int, values: dict, column: str, parse, required: bool):
        try:
            value = parse(values.get(column))
        except CellError as exc:
            self.error(row, column, str(exc))
            return None
        if required and value in (None, ""):
            self.error(row, column, "必填")
        return value

    def read_row(self, row: int, values: dict) -> None:
        kind = cells.text(values.get(KIND))
        if kind == SETTING:
            self.read_setting(row, values)
        elif kind in ROW_KINDS:
            self.read_record(row, kind, values)
        else:
            allowed = "、".join([SETTING, *ROW_KINDS])
            self.error(row, KIND, f"应为以下之一：{allowed}")

    def read_setting(self, row: int, values: dict) -> None:
        label = cells.text(values.get(NAME))
        if label not in SETTING_BY_LABEL:
            self.error(row, NAME, f"未知的设置，可选：{'、'.join(SETTING_BY_LABEL)}")
            return
        if label in self.setting_rows:
            self.error(row, NAME, f"设置“{label}”重复（第 {self.setting_rows[label]} 行已有）")
            return
        self.setting_rows[label] = row
        name, parse, required = SETTING_BY_LABEL[label]
        value = self.cell(row, values, VALUE, parse, required)
        if value not in (None, ""):
            self.parsed.fields[name] = value

    def read_record(self, row: int, kind: str, values: dict) -> None:
        record = {"row": row}
        for column, (key, parse, required) in ROW_KINDS[kind].items():
            record[key] = self.cell(row, values, column, parse, required)
        getattr(self.parsed, KIND_LISTS[kind]).append(record)


def _duplicates(reader: _Reader, records: list[dict], keys: tuple, column: str, what: str):
    seen: dict = {}
    for record in records:
        key = tuple(record.get(k) for k in keys)
        if None in key:
            continue
        if key in seen:
            reader.error(record["row"], column, f"{what}重复（第 {seen[key]} 行已有）")
        else:
            seen[key] = record["row"]


def _check_settings(reader: _Reader) -> None:
    for label, _name, _parse, required in SETTINGS:
        if required and label not in reader.setting_rows:
            reader.error(0, "", f"缺少“设置”行：{label}")


def _check_items(reader: _Reader) -> None:
    parsed = reader.parsed
    names = {d["name"] for d in parsed.dimensions}
    for item in parsed.items:
        if item["dimension"] and item["dimension"] not in names:
            reader.error(item["row"], DIMENSION, f"没有名为“{item['dimension']}”的维度行")
        if item["kind"] == ItemKind.AUTO and not item["auto_source"]:
            reader.error(item["row"], SOURCE_KEY, "自动项须填写自动数据来源")
        if item["kind"] == ItemKind.ASSESSED and item["auto_source"]:
            reader.error(item["row"], SOURCE_KEY, "评分项不填自动数据来源")
    if not parsed.items:
        reader.error(0, "", "细则至少需要一个“项目”行")


def _check_dimension_totals(reader: _Reader) -> None:
    totals: Counter = Counter()
    for item in reader.parsed.items:
        if item["max_points"] is not None:
            totals[item["dimension"]] += item["max_points"]
    for d in reader.parsed.dimensions:
        if d["max_points"] is not None and d["name"] and totals[d["name"]] != d["max_points"]:
            reader.error(
                d["row"],
                POINTS,
                f"维度满分 {d['max_points']} 与其项目分值合计 {totals[d['name']]} 不一致",
            )


def _check_model(reader: _Reader) -> None:
    parsed, model = reader.parsed, reader.parsed.fields.get("model")
    if model in (RubricModel.BANDS, RubricModel.GRADES) and not parsed.bands:
        reader.error(0, "", "按总分定级的细则至少需要一个“分档”行")
    if model == RubricModel.DIMENSION_STARS:
        scored = {i["dimension"] for i in parsed.items if not i.get("is_bonus")}
        for d in parsed.dimensions:
            if d["name"] in scored and d["star_share"] is None:
                reader.error(d["row"], SHARE, "逐项争星须填写得星比例")
    stars = parsed.fields.get("star_count", 5)
    for band in parsed.bands:
        if model != RubricModel.GRADES and (band["level"] or 0) > stars:
            reader.error(band["row"], LEVEL, f"超过细则的星级数 {stars}")


def _check_rows(reader: _Reader) -> None:
    parsed = reader.parsed
    _check_settings(reader)
    _duplicates(reader, parsed.dimensions, ("name",), NAME, "维度")
    _duplicates(reader, parsed.items, ("dimension", "text"), NAME, "同一维度下的项目")
    _duplicates(reader, parsed.vetoes, ("text",), NAME, "否决项")
    _duplicates(reader, parsed.bands, ("level",), LEVEL, "分档的星级（等次）")
    _duplicates(reader, parsed.bands, ("min_points",), POINTS, "分档的最低分")
    _duplicates(reader, parsed.satisfaction_caps, ("below",), POINTS, "满意度界限")
    _duplicates(reader, parsed.distribution_caps, ("level",), LEVEL, "比例控制的星级（等次）")
    _check_items(reader)
    _check_dimension_totals(reader)
    _check_model(reader)


def _table_rows(data: bytes):
    if len(data) > MAX_BYTES:
        raise RubricFileError([RowError(0, "", "文件过大：细则文件不超过 2 MB")])
    try:
        table = open_table(data)
    except FileProblem as exc:
        raise RubricFileError([RowError(0, "", str(exc))]) from exc
    missing = [h for h in (KIND, NAME) if h not in table.headers]
    if missing:
        raise RubricFileError([RowError(0, "", f"缺少列：{'、'.join(missing)}")])
    return table


def read_rubric(data: bytes) -> ParsedRubric:
    """The rubric in ``data`` (.xlsx or .csv), or RubricFileError listing every problem."""
    table, reader = _table_rows(data), _Reader()
    for count, (row, raw) in enumerate(table.rows, start=1):
        if count > MAX_ROWS:
            raise RubricFileError([RowError(row, "", f"行数过多：细则文件不超过 {MAX_ROWS} 行")])
        values = dict(zip(table.headers, raw, strict=False))
        if all(v in (None, "") for v in values.values()):
            continue
        reader.read_row(row, values)
    _check_rows(reader)
    if reader.errors:
        raise RubricFileError(sorted(reader.errors, key=lambda e: e.row))
    return reader.parsed
