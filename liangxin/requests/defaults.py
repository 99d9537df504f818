"""The default categories and deadline rules with their sources (WORK.md §5), written by
migration 0002 and re-created by tests that flush the database."""

ISSUE = "助企服务诉求类别（议题 18）"
CATEGORIES = [
    ("政策咨询", "WORK.md §5 [L:平湖] 96871 平台类别", []),
    ("项目代办", "WORK.md §5 [L:平湖] 96871 平台类别", []),
    (
        "要素保障",
        ISSUE,
        [
            (name, "WORK.md §5 [L:湖北] 要素类别")
            for name in ("用地", "用能", "技术", "人才", "市场")
        ],
    ),
    ("用工", "WORK.md §5 [L:湖北] 用工", []),
    ("融资", "WORK.md §5 [L:湖北] 资金", []),
    ("法律", "WORK.md §5 法律", []),
    ("其他", "平台默认 [I]", []),
]

DEADLINES = [
    (
        "urgent",
        0,
        "workdays",
        "默认当个工作日 [I]（WORK.md §5）；另见北京 DB11/T 2021—2022 征求意见稿：紧急 2 小时、"
        "水电气热 24 小时",
    ),
    (
        "general",
        5,
        "workdays",
        "默认 5 个工作日 [I]（WORK.md §5）；宁波海曙“政企直通车”2018：一般 5 个工作日办结；"
        "北京 DB11/T 草案：一般 7 天；某局 12345 规则：咨询 3 个工作日、投诉 13 个工作日",
    ),
    (
        "complex",
        15,
        "workdays",
        "默认 15 个工作日 [I]（WORK.md §5）；北京 DB11/T 草案：复杂 15 天；"
        "宁波海曙：复杂事项承诺办结时间",
    ),
]


def seed(category_model, rule_model) -> None:
    for order, (name, source, children) in enumerate(CATEGORIES, start=1):
        parent, _ = category_model.objects.get_or_create(
            name=name, parent=None, defaults={"order": order * 10, "source": source}
        )
        for child_order, (child, child_source) in enumerate(children, start=1):
            category_model.objects.get_or_create(
                name=child,
                parent=parent,
                defaults={"order": order * 10 + child_order, "source": child_source},
            )
    for urgency, span, unit, source in DEADLINES:
        rule_model.objects.get_or_create(
            urgency=urgency,
            category=None,
            defaults={"span": span, "unit": unit, "source": source},
        )
