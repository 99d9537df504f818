"""Market entities (市场主体): categories, statuses, sizes, industries, names."""

import datetime
import math
import random
from decimal import Decimal

from stdnum.cn import uscc as stdnum_uscc

from liangxin.core.identifiers import USCC_ALPHABET, USCC_PREFIX
from liangxin.demo import vocab
from liangxin.demo.people import random_date
from liangxin.demo.records import EnterpriseRecord, IdAllocator, RegionRecord
from liangxin.demo.scales import ANCHOR_DATE, Scale
from liangxin.demo.weights import Weighted

CATEGORIES = ("enterprise", "individual", "social", "law_firm")
STATUSES = ("operating", "preparing", "suspended", "deregistered")
STATUS_WEIGHTS = (0.86, 0.03, 0.04, 0.07)

INDUSTRY_WEIGHTS = {
    "enterprise": {
        "C": 35,
        "F": 22,
        "I": 5,
        "L": 8,
        "E": 5,
        "G": 5,
        "M": 5,
        "H": 4,
        "K": 2,
        "O": 3,
        "N": 1,
        "A": 1,
        "D": 1,
        "J": 1,
        "R": 1,
        "Q": 1,
    },
    "individual": {"F": 55, "H": 25, "O": 15, "C": 3, "R": 2},
    "social": {"S": 70, "P": 15, "Q": 15},
    "law_firm": {"L": 1},
}
OWNERSHIPS = ("private", "foreign", "hmt", "mixed")
OWNERSHIP_WEIGHTS = (0.90, 0.04, 0.04, 0.02)


INDUSTRIES = {category: Weighted.of(weights) for category, weights in INDUSTRY_WEIGHTS.items()}
STATUS_PICK = Weighted(STATUSES, STATUS_WEIGHTS)
OWNERSHIP_PICK = Weighted(OWNERSHIPS, OWNERSHIP_WEIGHTS)

# 控股情况 by ownership: the finest of the eight 表27 codes (enterprises.ControlType).
CONTROL_BY_OWNERSHIP = {
    "private": (("private_controlled", 0.6), ("private_sole", 0.4)),
    "mixed": (("private_controlled", 1.0),),
    "hmt": (("hmt_invested", 0.3), ("hmt_controlled", 0.3), ("hmt_sole", 0.4)),
    "foreign": (("foreign_invested", 0.3), ("foreign_controlled", 0.3), ("foreign_sole", 0.4)),
}
SOCIAL_SUBTYPES = (
    ("association", 0.5),
    ("private_non_enterprise", 0.35),
    ("foundation", 0.05),
    ("accounting_firm", 0.06),
    ("tax_firm", 0.04),
)


def add_statistics_facts(record: EnterpriseRecord) -> None:
    """党内统计 fields. A generator of their own, seeded by the unit's code, so the
    demo's other figures (drawn from the shared stream) stay what they were."""
    rng = random.Random(record.uscc)
    record.is_legal_entity = record.category != "individual" and rng.random() < 0.97
    record.staff_on_post = round(record.employee_count * rng.uniform(0.8, 1.0))
    if record.category == "enterprise" and record.ownership:
        codes, weights = zip(*CONTROL_BY_OWNERSHIP[record.ownership], strict=True)
        record.control_type = rng.choices(codes, weights)[0]
    if record.category == "social":
        codes, weights = zip(*SOCIAL_SUBTYPES, strict=True)
        record.social_subtype = rng.choices(codes, weights)[0]
    elif record.category == "law_firm":
        record.social_subtype = "law_firm"
    if record.category in ("social", "law_firm") and rng.random() < 0.4:
        record.assessment_grade = rng.randint(1, 5)
    record.legal_rep_is_member = rng.random() < 0.06


def employee_count(rng: random.Random, category: str) -> int:
    """A long tail: most units are small, a few employ thousands."""
    if category == "individual":
        return rng.randint(1, 8)
    if category == "law_firm":
        return rng.randint(3, 40)
    size = int(math.exp(rng.gauss(2.3, 1.3)))
    if category == "social":
        return max(1, min(size, 300))
    if rng.random() < 0.002:  # the 九牧王s and 特步s of a park
        size = rng.randint(800, 6000)
    return max(1, min(size, 20_000))


def make_uscc(rng: random.Random, area_code: str, category: str) -> str:
    """As liangxin.core.identifiers.make_uscc, with one draw for the nine characters."""
    body = USCC_PREFIX[category] + area_code + "".join(rng.choices(USCC_ALPHABET, k=9))
    return body + stdnum_uscc.calc_check_digit(body)


def brand(rng: random.Random) -> str:
    first, second = rng.sample(vocab.BRAND_CHARS, 2)
    return first + second


class EnterpriseMaker:
    """Builds enterprise records for the grids of one county; USCCs unique overall."""

    def __init__(self, rng: random.Random, ids: IdAllocator, scale: Scale):
        self.rng = rng
        self.ids = ids
        self.scale = scale
        self.usccs: set[str] = set()
        self.categories = Weighted(CATEGORIES, scale.category_weights)

    def uscc(self, county_code: str, category: str) -> str:
        while True:
            code = make_uscc(self.rng, county_code, category)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def make(self, grid: RegionRecord, county: RegionRecord, place: str) -> EnterpriseRecord:
        rng = self.rng
        category = self.categories.pick(rng)
        industry = INDUSTRIES[category].pick(rng)
        status = STATUS_PICK.pick(rng)
        record = EnterpriseRecord(
            id=self.ids.next("enterprise"),
            uscc=self.uscc(county.code, category),
            name=self.name(category, industry, place, county.name),
            category=category,
            ownership=self.ownership(category),
            industry=industry,
            region_id=grid.id,
            address=self.address(county.name),
            registered_on=self.registered_on(status),
            status=status,
            employee_count=min(employee_count(rng, category), self.scale.max_employees),
        )
        self.add_size_facts(record)
        add_statistics_facts(record)
        return record

    def name(self, category: str, industry: str, place: str, county_name: str) -> str:
        rng = self.rng
        if category == "individual":
            return f"{county_name}{brand(rng)}{rng.choice(vocab.SHOP_WORDS)}"
        if category == "law_firm":
            return f"福建{brand(rng)}律师事务所"
        if category == "social":
            pattern = rng.choice(vocab.SOCIAL_PATTERNS)
            trade = rng.choice(vocab.SOCIAL_TRADES)
            return pattern.format(place=place, brand=brand(rng), trade=trade)
        trade = rng.choice(vocab.TRADE_WORDS[industry])
        tech = industry in vocab.TECH_INDUSTRIES and not trade.endswith("科技")
        suffix = "科技有限公司" if tech else None
        return f"{place}{brand(rng)}{trade}{suffix or rng.choice(vocab.COMPANY_SUFFIXES)}"

    def ownership(self, category: str) -> str:
        if category != "enterprise":
            return "private" if category == "individual" else ""
        return OWNERSHIP_PICK.pick(self.rng)

    def address(self, county_name: str) -> str:
        road = self.rng.choice(vocab.ROADS)
        return f"{county_name}{road}{self.rng.randint(1, 999)}号"

    def registered_on(self, status: str) -> datetime.date:
        if status == "preparing":
            return random_date(self.rng, ANCHOR_DATE - datetime.timedelta(days=365), ANCHOR_DATE)
        return random_date(self.rng, datetime.date(1992, 1, 1), ANCHOR_DATE)

    def add_size_facts(self, record: EnterpriseRecord) -> None:
        """规上/限上, output, tags, chamber: mostly for the bigger enterprises."""
        rng, size = self.rng, record.employee_count
        if record.category != "enterprise":
            return
        record.annual_output = Decimal(size * rng.randint(15, 90)).quantize(Decimal("0.01"))
        big = size >= 50 and rng.random() < min(0.9, size / 150)
        record.above_scale = big and record.industry in "CDB"
        record.above_quota = big and record.industry in "FH"
        record.tag_codes = self.tags(record)
        if rng.random() < 0.08:
            record.chamber = rng.choice(vocab.CHAMBERS)

    def tags(self, record: EnterpriseRecord) -> tuple[str, ...]:
        rng, size, tags = self.rng, record.employee_count, []
        if size >= 30 and record.industry in "CIM" and rng.random() < 0.12:
            tags.append("high_tech")
        if size >= 50 and rng.random() < 0.04:
            tags.append("specialized")
        if record.ownership == "foreign" and size >= 100 and rng.random() < 0.3:
            tags.append("fortune500")
        if size >= 800 and rng.random() < 0.5:
            tags.append("listed")
        return tuple(tags)
