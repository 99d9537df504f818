"""Issue 17's "done when": the allowance list of a year matches a hand-computed table for the
demo data (levels, a failed annual check, an honour). The small demo (seed 7) certifies four
secretaries of the demo town last year (demo_certification.py); the demo amounts for 初/中/高
are 2,400 / 4,800 / 7,200 (the seeder's, marked 演示数据), 特级 9,600 and the city-level
honour 5,000 are the district defaults [L:张家港]."""

import importlib
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.workforce import allowances
from liangxin.workforce.models_people import Allowance, Certification
from tests.workforce.test_cert_support import defaults  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("defaults")]


@pytest.fixture
def demo():
    from liangxin.demo.seed import seed_database
    from liangxin.enterprises.models import EnterpriseTag

    if not EnterpriseTag.objects.exists():  # emptied by an earlier live-server test
        importlib.import_module("liangxin.enterprises.migrations.0002_seed_tags").add_tags(
            apps, None
        )
    seed_database("small", 7, stream=StringIO())


def holder(level: str) -> str:
    return Certification.objects.get(level=level).worker.name


def test_the_allowance_list_matches_the_hand_computed_table(demo):
    year = timezone.localdate().year - 1
    district = User.objects.get(username="district_admin")
    report = allowances.allowances_compute(actor=district, year=year)

    special, senior, middle, junior = (holder(x) for x in ("special", "senior", "middle", "junior"))
    assert len({special, senior, middle, junior}) == 4
    by_hand = {
        (special, "认证津贴"): (Decimal("9600"), f"特级；{year}年度考核优秀；年检合格"),
        (special, "荣誉津贴"): (
            Decimal("5000"),
            f"市级荣誉“市级优秀党务工作者”5000元；{year}年度考核优秀",
        ),
        (senior, "认证津贴"): (Decimal("7200"), f"高级；{year}年度考核称职；年检合格"),
        # 中级: the 年检 failed → no 认证津贴
        (junior, "认证津贴"): (Decimal("2400"), f"初级；{year}年度考核称职；年检合格"),
        # the 高级 holder's county-level honour earns nothing
    }
    computed = {
        (row.worker.name, row.get_kind_display()): (row.amount, row.basis)
        for row in Allowance.objects.filter(year=year)
    }
    assert computed == by_hand
    assert sum(amount for amount, _basis in computed.values()) == Decimal("24200")

    refused = {(r.worker.name, r.kind_label()): r.reason for r in report.refused}
    assert refused[(middle, "认证津贴")] == f"中级；{year}年度年检不合格"
    assert refused[(senior, "荣誉津贴")] == "县（区）级荣誉“区优秀共产党员”未达到荣誉津贴的级别"

    # The demo town's admin sees the same list (all four are in the town).
    town = User.objects.get(username="town_admin")
    workers = allowances.workers_in(user=town, year=year)
    lines = allowances.compute(year, workers).lines
    assert {(line.worker.name, line.amount) for line in lines} == {
        (name, amount) for (name, _kind), (amount, _b) in by_hand.items()
    }
