"""The default funding rules and expense categories with their sources (WORK.md §6),
written by migration 0002 and written back by the demo seeder and the tests when a flushed
database has lost them. A district adds versions (new amounts from a date) on the rules
page; a seeded amount is a default, never "the rule"."""

import datetime
from decimal import Decimal

SINCE = datetime.date(2020, 1, 1)
DANDONG = "丹东市委组织部谈园区党建 [L:丹东]（WORK.md §6）"
CHUANJIANG = (
    "通州区川姜镇“333”党建工作经费、“以考定标、以奖代补” [L:川姜]；三档按星级、金额待录入"
    " [I]（WORK.md §6 Defaults）"
)

# (code, name, basis, source of money, citation, amount, extra version fields)
RULES = [
    (
        "per-organization",
        "非公企业党组织工作经费",
        "per_organization",
        "finance",
        f"每个非公企业党组织每年 1,000 元：{DANDONG}",
        Decimal("1000.00"),
        {},
    ),
    (
        "per-centre",
        "园区党群服务中心运行经费",
        "per_centre",
        "finance",
        f"每个园区党群服务中心每年 15,000 元：{DANDONG}",
        Decimal("15000.00"),
        # The kind of place comes from the venues app's profile (VenueKind codes).
        {"venue_kinds": "park_centre"},
    ),
    ("award-333-1", "“333”以奖代补 一档（五星）", "by_rating", "finance", CHUANJIANG, None,
     {"star_level": 5}),
    ("award-333-2", "“333”以奖代补 二档（四星）", "by_rating", "finance", CHUANJIANG, None,
     {"star_level": 4}),
    ("award-333-3", "“333”以奖代补 三档（三星）", "by_rating", "finance", CHUANJIANG, None,
     {"star_level": 3}),
    (
        "dues-refund",
        "党费拨返",
        "dues_refund",
        "retained_dues",
        "党费拨返全额返还企业党组织 [N] 11号文（中办发〔2012〕11号）",
        None,
        {"share_percent": Decimal("100.00")},
    ),
]  # fmt: skip

CATEGORIES = [
    ("activity", "活动经费"),
    ("study", "学习教育"),
    ("venue", "阵地运行"),
    ("care", "慰问"),
    ("other", "其他"),
]


def seed(rule_model, version_model, category_model) -> None:
    """Write the defaults missing from the tables (models or historical models)."""
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        category_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, basis, source, citation, amount, extra in RULES:
        rule, created = rule_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "basis": basis, "money_source": source, "citation": citation},
        )
        if created:
            # A historical model (migration 0002) may lack a later field (0003's venue_kinds).
            fields = {f.name for f in version_model._meta.get_fields()}
            extra = {key: value for key, value in extra.items() if key in fields}
            if "venue_kinds" not in fields and code == "per-centre":
                extra["station_levels"] = "town_benchmark"
            version_model.objects.create(
                rule=rule,
                number=1,
                amount=amount,
                effective_from=SINCE,
                note="平台默认值，区级管理员可新增版本修改",
                **extra,
            )
