"""Realistic ledger files for the import benchmark, cached under var/bench/ledger/.

Valid check characters (python-stdnum via liangxin.demo / liangxin.core.identifiers),
Chinese names and the value mix a district ledger has: labels, Y/N in several
spellings, dates in the three accepted forms. The referenced regions, party
organizations and employers are the bench "world" (``world_rows``), imported
into every bench database before the measured imports.

Files are named by kind, row count, seed and variant; an existing file is reused.
"""

import csv
import datetime
import random
from collections.abc import Iterator
from pathlib import Path

import xlsxwriter

from liangxin.core.identifiers import make_id_number
from liangxin.demo import vocab
from liangxin.demo.enterprises import (
    INDUSTRIES,
    OWNERSHIP_PICK,
    STATUS_PICK,
    brand,
    employee_count,
    make_uscc,
)
from liangxin.demo.people import mobile, person_name, random_date
from liangxin.demo.weights import Weighted

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "var" / "bench" / "ledger"

COUNTY = ("350503", "丰泽区")
TOWNS = (("350503001", "东海街道"), ("350503002", "城东街道"), ("350503003", "北峰街道"))
PARK = ("350503P01", "泉州经济技术开发区")
AREAS_PER_TOWN, GRIDS_PER_AREA = 4, 6
ORGANIZATIONS = 300
EMPLOYERS = 2000

ENTERPRISE_HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "所属区域代码",
    "经营状态",
    "职工人数",
    "单位类别",
    "是否规上",
    "是否限上",
    "企业类型",
    "行业门类",
    "成立日期",
    "出资人是否党员",
    "党建入章",
    "地址",
]
MEMBER_HEADERS = [
    "公民身份号码",
    "姓名",
    "所在党组织编码",
    "党员状态",
    "入党日期",
    "转正日期",
    "性别",
    "民族",
    "出生日期",
    "学历",
    "手机号码",
    "工作单位统一社会信用代码",
    "岗位层级",
    "管理类型",
]
CATEGORY_PICK = Weighted(
    ("enterprise", "individual", "social", "law_firm"), (0.62, 0.33, 0.045, 0.005)
)
CATEGORY_LABEL = {"enterprise": "企业", "individual": "个体工商户", "social": "社会组织"}
CATEGORY_LABEL["law_firm"] = "律师事务所"
STATUS_LABEL = {"operating": "在营", "preparing": "筹建", "suspended": "停产"}
STATUS_LABEL["deregistered"] = "注销"
OWNERSHIP_LABEL = {"private": "民营", "foreign": "外资", "hmt": "港澳台资", "mixed": "混合所有制"}
YES = ("是", "是", "是", "Y", "1")
NO = ("否", "否", "否", "N", "0")
EDUCATION = Weighted(
    ("初中", "高中/中专", "大专", "本科", "硕士研究生", "博士研究生", ""),
    (4, 14, 30, 38, 8, 1, 5),
)
POSTS = Weighted(("一线职工", "技术骨干", "经营管理骨干", "高管", ""), (40, 25, 18, 7, 10))
FLOWS = Weighted(("在职", "流入", "流动", "离职"), (80, 10, 7, 3))
ETHNICITY = Weighted(vocab.ETHNICITIES, vocab.ETHNICITY_WEIGHTS)
LOCAL_ID_AREAS = ("350503", "350502", "350504", "350582", "350583", "350521")
TODAY = datetime.date(2026, 11, 1)


# --- the world the ledgers refer to -------------------------------------------------


def region_rows() -> list[list[str]]:
    rows = [[COUNTY[0], COUNTY[1], "区县", ""]]
    for code, name in (*TOWNS, PARK):
        rows.append([code, name, "园区" if code == PARK[0] else "镇街", COUNTY[0]])
        for a in range(1, AREAS_PER_TOWN + 1):
            area = f"{code}-{a:02d}"
            rows.append([area, f"{name}第{a}片区", "片区", code])
            for g in range(1, GRIDS_PER_AREA + 1):
                rows.append([f"{area}-{g:02d}", f"{name}{a}片{g}网格", "网格", area])
    return rows


def grid_codes() -> list[str]:
    return [row[0] for row in region_rows() if row[2] == "网格"]


def organization_rows() -> list[list[str]]:
    towns = [*TOWNS, PARK]
    rows = [
        [f"D{code}", f"{name}非公企业和社会组织党工委", "党工委", "区域联建", "", code]
        for code, name in towns
    ]
    grids = grid_codes()
    rng = random.Random(7)
    for number in range(1, ORGANIZATIONS - len(towns) + 1):
        town = towns[number % len(towns)]
        grid = rng.choice([g for g in grids if g.startswith(town[0])])
        kind, formation = rng.choice(
            [("党支部", "单独组建"), ("联合党支部", "联合组建"), ("党支部", "挂靠")]
        )
        name = f"{brand(rng)}{rng.choice(vocab.TRADE_WORDS['C'])}有限公司{kind}"
        rows.append([f"Z{number:05d}", name, kind, formation, f"D{town[0]}", grid])
    return rows


def organization_codes() -> list[str]:
    return [row[0] for row in organization_rows() if row[0].startswith("Z")]


def employer_usccs() -> list[str]:
    return [row[0] for row in enterprise_rows(EMPLOYERS, seed=999_999)]


# --- enterprises -----------------------------------------------------------------------


def _enterprise(rng: random.Random, grids: list[str], seen: set, xlsx: bool) -> list:
    category = CATEGORY_PICK.pick(rng)
    industry = INDUSTRIES[category].pick(rng)
    status = STATUS_PICK.pick(rng)
    while (uscc := make_uscc(rng, COUNTY[0], category)) in seen:
        pass
    seen.add(uscc)
    size = employee_count(rng, category)
    big = size >= 50 and category == "enterprise" and rng.random() < 0.5
    registered = random_date(rng, datetime.date(1992, 1, 1), TODAY)
    return [
        uscc,
        _enterprise_name(rng, category, industry),
        rng.choice(grids),
        STATUS_LABEL[status],
        size,
        CATEGORY_LABEL[category] if rng.random() < 0.9 else "",
        rng.choice(YES) if big and industry in "CDB" else rng.choice(NO),
        rng.choice(YES) if big and industry in "FH" else rng.choice(NO),
        OWNERSHIP_LABEL[OWNERSHIP_PICK.pick(rng)] if category == "enterprise" else "",
        industry,
        registered if xlsx else _date_text(rng, registered),
        rng.choice(YES) if rng.random() < 0.08 else rng.choice(NO),
        rng.choice(YES) if rng.random() < 0.3 else rng.choice(NO),
        f"{COUNTY[1]}{rng.choice(vocab.ROADS)}{rng.randint(1, 999)}号",
    ]


def _enterprise_name(rng: random.Random, category: str, industry: str) -> str:
    place = rng.choice(vocab.PLACE_SYLLABLES)
    if category == "individual":
        return f"{COUNTY[1]}{brand(rng)}{rng.choice(vocab.SHOP_WORDS)}"
    if category == "law_firm":
        return f"福建{brand(rng)}律师事务所"
    if category == "social":
        return f"{place}{brand(rng)}{rng.choice(('商会', '养老服务中心', '幼儿园'))}"
    trade = rng.choice(vocab.TRADE_WORDS[industry])
    return f"泉州{place}{brand(rng)}{trade}{rng.choice(vocab.COMPANY_SUFFIXES)}"


def _date_text(rng: random.Random, day: datetime.date) -> str:
    form = rng.random()
    if form < 0.7:
        return day.isoformat()
    if form < 0.9:
        return f"{day.year}/{day.month}/{day.day}"
    return f"{day.year}年{day.month}月{day.day}日"


def enterprise_rows(count: int, *, seed: int, xlsx=False, changed=0.0) -> Iterator[list]:
    """``changed``: the share of rows whose 职工人数 and 经营状态 differ (an update file)."""
    rng, grids, seen = random.Random(seed), grid_codes(), set()
    change = random.Random(seed + 1)
    for _ in range(count):
        row = _enterprise(rng, grids, seen, xlsx)
        if changed and change.random() < changed:
            row[4] += 1
            row[3] = "停产" if row[3] == "在营" else "在营"
        yield row


# --- members ---------------------------------------------------------------------------


def _member(rng: random.Random, orgs: list[str], employers: list[str], seen: set, xlsx: bool):
    male = rng.random() < 0.62
    birth = random_date(rng, datetime.date(1955, 1, 1), datetime.date(2004, 12, 31))
    area = rng.choice(LOCAL_ID_AREAS if rng.random() < 0.8 else vocab.MIGRANT_ID_AREAS)
    while (number := make_id_number(rng, area_code=area, birth_date=birth, male=male)) in seen:
        pass
    seen.add(number)
    joined = random_date(rng, birth.replace(year=birth.year + 18, day=1), TODAY)
    full = rng.random() < 0.93 and joined.year < TODAY.year - 1
    full_on = joined + datetime.timedelta(days=365 + rng.randrange(30)) if full else None

    def day(value):
        if value is None:
            return ""
        return value if xlsx else _date_text(rng, value)

    return [
        number,
        person_name(rng, male),
        rng.choice(orgs),
        "正式" if full else "预备",
        day(joined),
        day(full_on),
        ("男" if male else "女") if rng.random() < 0.8 else "",
        ETHNICITY.pick(rng),
        day(birth) if rng.random() < 0.5 else "",
        EDUCATION.pick(rng),
        mobile(rng) if rng.random() < 0.95 else "",
        rng.choice(employers) if rng.random() < 0.6 else "",
        POSTS.pick(rng),
        FLOWS.pick(rng),
    ]


def member_rows(count: int, *, seed: int, xlsx=False, changed=0.0) -> Iterator[list]:
    rng, seen = random.Random(seed), set()
    orgs, employers = organization_codes(), employer_usccs()
    change = random.Random(seed + 1)
    for _ in range(count):
        row = _member(rng, orgs, employers, seen, xlsx)
        if changed and change.random() < changed:
            row[13] = "流动" if row[13] != "流动" else "在职"
            row[2] = change.choice(orgs)
        yield row


# --- files -----------------------------------------------------------------------------

GENERATORS = {"enterprises": (ENTERPRISE_HEADERS, enterprise_rows)}
GENERATORS["members"] = (MEMBER_HEADERS, member_rows)


def ledger_file(kind: str, count: int, *, seed: int, fmt: str, changed=0.0) -> Path:
    """The cached file for (kind, count, seed, fmt, changed); generated when missing."""
    variant = f"-changed{int(changed * 100)}" if changed else ""
    path = FILES / f"{kind}-{count}-s{seed}{variant}.{fmt}"
    if path.exists():
        return path
    FILES.mkdir(parents=True, exist_ok=True)
    headers, generate = GENERATORS[kind]
    partial = path.with_suffix(".partial")
    rows = generate(count, seed=seed, xlsx=fmt == "xlsx", changed=changed)
    (write_xlsx if fmt == "xlsx" else write_csv)(partial, headers, rows)
    partial.rename(path)
    return path


def write_csv(path: Path, headers: list[str], rows) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows(rows)


def write_xlsx(path: Path, headers: list[str], rows) -> None:
    """XlsxWriter in constant-memory mode; dates as real Excel dates, counts as numbers."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("台账")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), dates)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, value)
    workbook.close()


def csv_bytes(headers: list[str], rows) -> bytes:
    import io

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")
