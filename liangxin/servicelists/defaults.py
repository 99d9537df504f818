"""The default need categories, activity and event types with their sources (WORK.md §5,
issue 18), written by migrations 0002 and 0005 and written back by the demo seeder and the
tests when a flushed database has lost them. A district renames, adds or switches them off
on the settings pages (活动类型, 需求类别)."""

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

# The need categories of the fixed list issue 18 shipped (code, name, source); migration
# 0005 wrote them into the table with these codes, the codes the needs already held.
REQUESTS = "WORK.md §5 诉求类别"
NEED_CATEGORIES = [
    ("policy", "政策咨询", f"{REQUESTS}（默认 政策咨询 [L:平湖]）；{ISSUE}"),
    ("hiring", "用工招聘", f"{REQUESTS}（用工 [L:湖北]）；{ISSUE}"),
    ("training", "技能培训", f"平台默认 [I]；{ISSUE}"),
    ("legal", "法律服务", f"{REQUESTS}（法律）；{ISSUE}"),
    ("finance", "融资对接", f"{REQUESTS}（资金 [L:湖北]）；{ISSUE}"),
    ("living", "生活服务", f"平台默认 [I]（职工群众需求）；{ISSUE}"),
    ("culture", "文体活动", f"平台默认 [I]；{ISSUE}"),
    ("other", "其他", f"平台默认 [I]；{ISSUE}"),
]


def seed_need_categories(need_category, need=None) -> None:
    """Write the default categories missing from the table (by code), then any code a need
    holds that the table lacks (a row written outside the form), named by its code and
    switched off, so every need's code stays a category of the table."""
    for order, (code, name, source) in enumerate(NEED_CATEGORIES, start=1):
        if need_category.objects.filter(code=code).exists():
            continue
        if need_category.objects.filter(name=name).exists():  # a district's own row
            name = f"{name}（{code}）"
        need_category.objects.create(code=code, name=name, order=order, source=source)
    if need is None:
        return
    known = set(need_category.objects.values_list("code", flat=True))
    stray = set(need.objects.values_list("category", flat=True).distinct()) - known
    for order, code in enumerate(sorted(stray), start=100):
        need_category.objects.create(
            code=code,
            name=f"未登记类别 {code}",
            order=order,
            active=False,
            source="迁移 0005：需求中已有、固定列表中没有的代码",
        )


def seed(activity_type, event_type) -> None:
    """Write the defaults missing from the two tables (models or historical models)."""
    for model, rows in ((activity_type, ACTIVITY_TYPES), (event_type, EVENT_TYPES)):
        for order, (name, source) in enumerate(rows, start=1):
            model.objects.get_or_create(name=name, defaults={"order": order, "source": source})
