"""Names a district renames: configurable rules whose value is a text, edited on /rules/
with their source like the numbers, and shown by the pages through ``local_names``
(rules/context_processors.py).

The body that leads Party building in the 两新 was the 两新工委 (非公有制经济组织和社会组织
工作委员会); after the 2023 reform of the Party and state institutions most places
moved it under the Party committee's 社会工作部, and some renamed the platform too.
"""

from liangxin.rules.catalog import Rule

REFORM_2023 = (
    "2023 年《党和国家机构改革方案》组建党委社会工作部，统筹两新领域党建；"
    "各地机构名称不一，区级管理员按本地名称填写"
)

LABELS = [
    Rule("label.platform", "平台名称", "两新党建平台", "", REFORM_2023, configurable=True),
    Rule(
        "label.committee",
        "两新党建工作机构",
        "两新工委",
        "",
        REFORM_2023 + "（例如改为“区委社会工作部”）",
        configurable=True,
    ),
]
