"""The default activity and event types with their sources (WORK.md §5, issue 18), written
by migration 0002 and written back by the demo seeder and the tests when a flushed
database has lost them. A district renames, adds or switches them off on the settings page."""

ISSUE = "议题 18"
ACTIVITY_TYPES = [
    ("邻里共享日", f"WORK.md §5 三张清单 [L:泉州]；{ISSUE}"),
    ("青春学堂", f"WORK.md §5 三张清单 [L:泉州]；{ISSUE}"),
    ("政策宣讲", "平台默认 [I]"),
    ("技能培训", "平台默认 [I]"),
    ("志愿服务", "平台默认 [I]"),
    ("文体活动", "平台默认 [I]"),
]
EVENT_TYPES = [
    ("高校行", "WORK.md §5 统计 [L:丹东]：143 家企业、758 个岗位、712 个意向"),
    ("招商推介会", f"{ISSUE}：服务活动"),
    ("交易会", "WORK.md §5 Event（画稿交易会）"),
    ("红色见面会", "WORK.md §4 人才库 [L:丹东]（人员推荐逐人记在队伍建设·人才库）"),
]


def seed(activity_type, event_type) -> None:
    """Write the defaults missing from the two tables (models or historical models)."""
    for model, rows in ((activity_type, ACTIVITY_TYPES), (event_type, EVENT_TYPES)):
        for order, (name, source) in enumerate(rows, start=1):
            model.objects.get_or_create(name=name, defaults={"order": order, "source": source})
