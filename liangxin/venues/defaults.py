"""The default venue kinds, levels and standard items with their sources (WORK.md §6,
issue 19), written by migration 0002 and written back by the demo seeder and the tests when
a flushed database has lost them. A district renames, adds or switches them off."""

KINDS_SOURCE = "[L:廊坊 DB1310/T 264.10—2021]；WORK.md §6 Venue"
# (code, name, is_centre, source); the codes are stable: funding counts park centres by
# "park_centre".
KINDS = [
    ("district_centre", "区域党群服务中心", True, KINDS_SOURCE),
    ("park_centre", "园区党群服务中心", True, f"{KINDS_SOURCE}；[L:泉州] 一中心多站点"),
    ("building_centre", "楼宇党群服务中心", True, KINDS_SOURCE),
    ("business_centre", "商圈党群服务中心", True, KINDS_SOURCE),
    ("work_station", "党建工作站", False, KINDS_SOURCE),
    ("enterprise_centre", "企业党群服务中心", False, f"{KINDS_SOURCE}；[L:平湖] 示范型企业中心"),
    ("activity_room", "党员活动室", False, KINDS_SOURCE),
    ("neighbourhood_centre", "邻里中心", True, "WORK.md §6 Venue [L:泉州]"),
    ("service_station", "服务站", False, "WORK.md §6 Venue [L:泉州] 一中心多站点"),
]

# (code, name, closest organizations.StationLevel, source)
LEVELS = [
    ("town_benchmark", "镇级标杆", "town_benchmark", "[L:川姜] 1 个镇级标杆"),
    ("enterprise_model", "企业示范", "enterprise_model", "[L:川姜] 6 个企业示范"),
    ("park_centre", "园区中心", "town_benchmark", "[L:泉州] 1 个中心 + 10 个站点"),
    ("general", "一般", "area", "平台默认 [I]"),
]

STANDARDS_SOURCE = "[L:廊坊 DB1310/T 264.10—2021]；[L: T/ZSX 5-2024]；分值为平台默认 [I]"
# (code, name, points, description); no kinds = every kind of place.
STANDARDS = [
    ("site", "有场所", 20, "有固定的活动场所，面积与服务对象相适应"),
    ("sign", "有标识", 15, "门牌、党旗、党徽等标识统一规范"),
    ("rules", "有制度", 15, "工作制度、开放时间、服务事项上墙公开"),
    ("facilities", "有设施", 15, "学习、会议、服务等设施设备齐全可用"),
    ("activities", "有活动", 20, "定期开展党员活动和服务群众活动"),
    ("ledger", "有台账", 15, "活动记录、服务台账完整可查"),
]


def seed(kind_model, level_model, standard_model) -> None:
    """Write the defaults missing from the tables (models or historical models)."""
    for order, (code, name, is_centre, source) in enumerate(KINDS, start=1):
        kind_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_centre": is_centre, "order": order, "source": source},
        )
    for order, (code, name, station_level, source) in enumerate(LEVELS, start=1):
        level_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "station_level": station_level,
                "order": order,
                "source": source,
            },
        )
    for order, (code, name, points, description) in enumerate(STANDARDS, start=1):
        standard_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "points": points,
                "description": description,
                "order": order,
                "source": STANDARDS_SOURCE,
            },
        )
