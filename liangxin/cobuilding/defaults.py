"""The default programmes, outcome types, workshop types and alliance kinds with their
sources (WORK.md §6, issue 19), written by migration 0002 and written back by the demo
seeder and the tests when a flushed database has lost them. A district renames, adds or
switches them off on the settings page (设置)."""

W = "WORK.md §6"
PROGRAMMES = [
    ("红色联盟", f"{W} 村企联建 [L:川姜]：83 家企业 × 16 个村"),
    ("万企联万村", f"{W} 村企联建"),
    ("爱心帮扶", f"{W} 村企联建"),
    ("山海协作", f"{W} CrossRegion [L:平湖]：青田 15 个村，每村每年 ≥ 10 万元"),
    ("结对帮扶", "议题 19：结对帮扶"),
]
OUTCOME_TYPES = [
    ("岗位", "个", f"{W} Outcome"),
    ("就业", "人", f"{W} Outcome [L:川姜]：7,500+ 就业"),
    ("投入资金", "元", f"{W} Outcome [L:丹东]：836 万元"),
    ("村集体增收", "元", f"{W} Outcome"),
    ("群众增收", "元", f"{W} Outcome"),
    ("项目", "个", f"{W} Outcome"),
    ("义诊", "次", f"{W} Outcome [L:丹东]：463 次"),
    ("法律咨询", "次", f"{W} Outcome [L:丹东]：1,059 次"),
    ("纳税", "元", f"{W} Outcome"),
    ("销售额", "元", "议题 19：产品销售"),
    ("活动", "次", "议题 19：活动"),
]
WORKSHOP_TYPES = [
    (name, f"{W} Workshop [L:嘉兴秀洲, 富阳]")
    for name in ("来料加工", "定向招工", "农旅融合", "产业赋能", "品牌带动", "电商直播")
]
ALLIANCE_KINDS = [
    ("产业链", f"{W} Alliance"),
    ("行业", f"{W} Alliance"),
    ("区域", f"{W} Alliance"),
    ("商会/产业党委", f"{W} Alliance（产业党委）；议题 19：商会党建"),
]


def seed(programme, outcome_type, workshop_type, alliance_kind) -> None:
    """Write the defaults missing from the four tables (models or historical models)."""
    for model, rows in (
        (programme, PROGRAMMES),
        (workshop_type, WORKSHOP_TYPES),
        (alliance_kind, ALLIANCE_KINDS),
    ):
        for order, (name, source) in enumerate(rows, start=1):
            model.objects.get_or_create(name=name, defaults={"order": order, "source": source})
    for order, (name, unit, source) in enumerate(OUTCOME_TYPES, start=1):
        outcome_type.objects.get_or_create(
            name=name, defaults={"order": order, "unit": unit, "source": source}
        )


# Yearly targets of programmes: (programme, outcome type, value).
TARGETS = [("山海协作", "村集体增收", "100000.00")]  # [L:平湖] ≥ 10 万元 per village a year


def seed_targets(programme, outcome_type) -> None:
    """Set the default targets where a programme has none (migration 0003)."""
    for name, type_name, value in TARGETS:
        target_type = outcome_type.objects.filter(name=type_name).first()
        if target_type is not None:
            programme.objects.filter(name=name, target_type__isnull=True).update(
                target_type=target_type, yearly_target=value
            )


def seed_models() -> None:
    from liangxin.cobuilding import models as m

    seed(m.Programme, m.OutcomeType, m.WorkshopType, m.AllianceKind)
    seed_targets(m.Programme, m.OutcomeType)
