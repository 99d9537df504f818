"""Build valid identifiers for demo data and tests (check characters from python-stdnum)."""

import datetime
import random

from stdnum.cn import ric, uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# GB 32100-2015 registration authority + unit type prefixes by 单位类别.
USCC_PREFIX = {
    "enterprise": "91",  # 工商 · 企业
    "individual": "92",  # 工商 · 个体工商户
    "social": "52",  # 民政 · 民办非企业单位 (51 社会团体, 53 基金会)
    "law_firm": "31",  # 司法行政 · 律师事务所
}


def make_uscc(rng: random.Random, *, area_code: str, category: str = "enterprise") -> str:
    body = USCC_PREFIX[category] + area_code + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def make_id_number(
    rng: random.Random, *, area_code: str, birth_date: datetime.date, male: bool
) -> str:
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    body = f"{area_code}{birth_date:%Y%m%d}{sequence:03d}"
    # stdnum's calc_check_digit expects the full number and ignores its last character.
    return body + ric.calc_check_digit(body + "0")


def make_mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "151", "158", "177", "186", "189"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )
