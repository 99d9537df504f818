"""The default checklists (WORK.md §2), seeded as data a district admin edits by publishing
new versions: 五有 [丹东], 五到位 [川姜], 六有 [a 两新 规范化建设标准] and 丹东's
"4个名册、5本台账、8项制度" with the platform's default contents. Every 名册 and four of the
台账 are auto: the platform already holds them (standards.auto)."""

import datetime

from django.db import migrations

EFFECTIVE = datetime.date(2026, 1, 1)
DANDONG = "丹东市委组织部：园区党建“五有”硬杠杠"
DANDONG_458 = "丹东市委组织部：4个名册、5本台账、8项制度（内容为平台默认，可修改）"
CHUANJIANG = "通州区川姜镇党委“红色引擎”：五到位"
LIUYOU = "两新组织党组织规范化建设标准：六有"
BRANCH_RULES = "《中国共产党支部工作条例（试行）》2018"

# (group, text, evidence kind, auto source, item source); "" source: the template's own.
TEMPLATES = [
    (
        "五有",
        DANDONG,
        [
            ("有组织", "书记已配备", "auto", "organizations.secretary", ""),
            ("有组织", "班子按期换届", "auto", "organizations.term", BRANCH_RULES),
            ("有组织", "党员花名册完整", "auto", "members.roster", ""),
            ("有制度", "“三会一课”等基本制度上墙并落实", "rules", "", BRANCH_RULES),
            ("有保障", "有固定活动场所和工作经费", "photo", "", ""),
            ("有活动", "按期开展“三会一课”和主题党日", "auto", "life.meetings_held", BRANCH_RULES),
            ("有作用", "党员在生产经营中发挥先锋模范作用", "note", "", ""),
        ],
    ),
    (
        "五到位",
        CHUANJIANG,
        [
            ("基本组织", "书记已配备", "auto", "organizations.secretary", ""),
            ("基本组织", "班子按期换届", "auto", "organizations.term", BRANCH_RULES),
            ("基本队伍", "党员花名册完整", "auto", "members.roster", ""),
            ("基本队伍", "入党积极分子队伍", "auto", "development.activists", ""),
            ("基本制度", "基本制度健全", "rules", "", ""),
            ("基本活动", "按期开展组织生活", "auto", "life.meetings_held", BRANCH_RULES),
            ("基本保障", "活动场所、经费到位", "photo", "", ""),
        ],
    ),
    (
        "六有",
        LIUYOU,
        [
            ("六有", "有活动场地（办公室 10–15 ㎡，可共享）", "photo", "", ""),
            ("六有", "有办公设备", "photo", "", ""),
            ("六有", "有学习资料", "photo", "", ""),
            ("六有", "有管理制度", "rules", "", ""),
            ("六有", "有党务标识", "photo", "", ""),
            ("六有", "有工作台账", "ledger", "", ""),
        ],
    ),
    (
        "4个名册、5本台账、8项制度",
        DANDONG_458,
        [
            ("4个名册", "党员花名册", "auto", "members.roster", ""),
            ("4个名册", "积极分子和发展对象名册", "auto", "development.activists", ""),
            ("4个名册", "流动党员名册", "auto", "mobility.roster", ""),
            ("4个名册", "班子成员和党务工作者名册", "auto", "organizations.secretary", ""),
            ("5本台账", "三会一课记录", "auto", "life.meetings_held", BRANCH_RULES),
            ("5本台账", "党费收缴", "auto", "dues.ledger", ""),
            ("5本台账", "发展党员记实", "auto", "development.records", ""),
            ("5本台账", "党员教育培训", "ledger", "", ""),
            ("5本台账", "党建活动和作用发挥", "auto", "posts.active", ""),
            ("8项制度", "支部工作职责", "rules", "", BRANCH_RULES),
            ("8项制度", "书记岗位职责", "rules", "", ""),
            ("8项制度", "三会一课", "rules", "", BRANCH_RULES),
            ("8项制度", "党员教育管理", "rules", "", ""),
            ("8项制度", "发展党员", "rules", "", ""),
            ("8项制度", "党费收缴管理", "rules", "", ""),
            ("8项制度", "民主评议党员", "rules", "", ""),
            ("8项制度", "流动党员管理", "rules", "", ""),
        ],
    ),
]


def seed(apps, schema_editor):
    Template = apps.get_model("standards", "ChecklistTemplate")
    Item = apps.get_model("standards", "ChecklistItem")
    for name, source, items in TEMPLATES:
        template, created = Template.objects.get_or_create(
            name=name,
            version=1,
            defaults={
                "effective_from": EFFECTIVE,
                "source": source,
                "published": True,
                "published_on": EFFECTIVE,
            },
        )
        if not created:
            continue
        Item.objects.bulk_create(
            Item(
                template=template,
                group=group,
                text=text,
                evidence_kind=kind,
                auto_source=auto,
                source=item_source or source,
                order=order,
            )
            for order, (group, text, kind, auto, item_source) in enumerate(items, start=1)
        )


def unseed(apps, schema_editor):
    Template = apps.get_model("standards", "ChecklistTemplate")
    Template.objects.filter(name__in=[t[0] for t in TEMPLATES], version=1, results=None).delete()


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
