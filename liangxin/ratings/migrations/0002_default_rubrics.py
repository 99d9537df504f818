"""The three default rubrics of WORK.md §3, seeded as data a district admin edits by copying
a new version: model B (bands 90/80/70/60 → 五星..一星, 群众满意度 30%, 6 categories and 18
indicators) [L:邹城, L:陕西]; model C (浙江 六星: six 100-point dimensions, a star at 80)
[I]; model A 分类定级 (好 ≥ 90, 较好 80–89, 一般 60–79, 较差 < 60) [N frame, L numbers].
The indicators' wording and the points of each item are the platform's default [I]."""

import datetime
from decimal import Decimal as D

from django.db import migrations

EFFECTIVE = datetime.date(2026, 1, 1)
SHAANXI = "陕西省委组织部 非公有制企业党组织星级评定，2014"
ZOUCHENG = "邹城 五星创评，2023；某市直工委“五星创评”"
ZHEJIANG = "浙江“六星”评价（平湖 百个六星级）；维度名称参照浙江村级“五星达标”[I]"
FENLEI = "中组部 基层党组织分类定级意见（“五个好”），2012；分数线为地方做法"
CAPS_SOURCE = "某市引用分类定级意见：首年五星≤10%、四星≤20%、一星≤5%"
SATISFACTION_FENLEI = "某分类定级方案：群众满意度低于90%不得评为好、较好"
SATISFACTION_ZOUCHENG = "邹城：群众满意度低于60%最高二星"

VETOES = [
    "近两年内主要出资人或党组织书记有严重违法违纪行为",
    "近两年内发生重大安全生产、环境污染事故",
    "近两年内发生刑事案件、重大治安事件或群体性事件",
    "存在不良信用、市场监管或税务记录",
]

# (dimension, max points, star share, [(item, points, kind, auto source, evidence hint)])
B_DIMENSIONS = [
    (
        "党组织班子",
        20,
        None,
        [
            ("书记选优配强，班子健全", 7, "assessed", "", "班子成员名单、选举批复"),
            ("按期换届", 6, "auto", "organizations.term", ""),
            ("班子团结，议事规则健全", 7, "assessed", "", "议事规则、会议记录"),
        ],
    ),
    (
        "党员队伍",
        20,
        None,
        [
            ("组织生活按期开展", 8, "auto", "life.meetings_held", ""),
            ("党费按时足额缴纳", 6, "auto", "dues.on_time", ""),
            ("党员发挥先锋模范作用", 6, "assessed", "", "先锋岗、示范岗材料"),
        ],
    ),
    (
        "生产经营",
        15,
        None,
        [
            ("企业依法经营、效益稳定", 5, "assessed", "", "经营情况说明"),
            ("党组织参与企业重大问题研究", 5, "assessed", "", "会议纪要"),
            ("党员在技术攻关、生产一线带头", 5, "assessed", "", "事迹材料"),
        ],
    ),
    (
        "企业文化",
        15,
        None,
        [
            ("党建与企业文化融合", 5, "assessed", "", "文化建设材料"),
            ("活动阵地规范", 5, "auto", "standards.checklist", ""),
            ("职工教育培训", 5, "auto", "training.coverage", ""),
        ],
    ),
    (
        "劳动关系",
        15,
        None,
        [
            ("劳动合同签订、社保缴纳规范", 5, "assessed", "", "合同、社保缴纳凭证"),
            ("工会、共青团等群团组织健全", 5, "assessed", "", "群团组织名册"),
            ("职工诉求及时办结", 5, "auto", "requests.on_time", ""),
        ],
    ),
    (
        "社会评价",
        15,
        None,
        [
            ("履行社会责任、参与公益", 5, "assessed", "", "公益活动材料"),
            ("督查整改按期销号", 5, "auto", "standards.rectifications", ""),
            ("社会各界评价良好", 5, "assessed", "", "评价材料"),
        ],
    ),
]
B_BONUS = (
    "加分项",
    10,
    None,
    [
        ("获得市级及以上表彰", 5, "assessed", "", "表彰文件"),
        ("党建品牌创建成效显著", 5, "assessed", "", "品牌材料"),
    ],
)

C_DIMENSIONS = [
    (
        name,
        100,
        D("0.80"),
        items,
    )
    for name, items in [
        (
            "组织建设",
            [
                ("组织设置规范、按期换届", 50, "auto", "organizations.term", ""),
                ("书记选优配强", 50, "assessed", "", "书记履历、培训记录"),
            ],
        ),
        (
            "队伍建设",
            [
                ("发展党员规范", 40, "auto", "development.no_breaks", ""),
                ("党员教育培训", 30, "auto", "training.coverage", ""),
                ("党费按时足额缴纳", 30, "auto", "dues.on_time", ""),
            ],
        ),
        (
            "制度落实",
            [
                ("组织生活按期开展", 60, "auto", "life.meetings_held", ""),
                ("标准化清单达标", 40, "auto", "standards.checklist", ""),
            ],
        ),
        (
            "阵地保障",
            [
                ("有固定活动场所", 50, "assessed", "", "场所照片"),
                ("工作经费有保障", 50, "assessed", "", "经费账目"),
            ],
        ),
        (
            "作用发挥",
            [
                ("助推企业发展", 50, "assessed", "", "事迹材料"),
                ("诉求按期办结", 50, "auto", "requests.on_time", ""),
            ],
        ),
        (
            "群众评价",
            [("党员群众测评满意", 100, "assessed", "", "测评结果")],
        ),
    ]
]

A_DIMENSIONS = [
    (name, points, None, [(text, points, "assessed", "", hint)])
    for name, points, text, hint in [
        ("党组织带头人", 15, "书记政治素质好、带头作用强", "书记述职、测评"),
        ("工作思路", 10, "工作计划明确、符合实际", "年度计划"),
        ("工作制度", 15, "三会一课等制度健全落实", "制度文本、记录"),
        ("活动阵地", 15, "活动场所和设施达标", "场所照片"),
        ("保障机制", 15, "经费、人员保障到位", "经费账目"),
        ("工作业绩", 15, "党建工作成效明显", "工作总结"),
        ("群众评价", 15, "党员群众评价好", "测评结果"),
    ]
]

RUBRICS = [
    {
        "name": "非公企业党组织五星评定",
        "model": "bands",
        "star_count": 5,
        "cycle_years": 2,
        "bonus_cap": D(10),
        "satisfaction_weight": D("0.30"),
        "source": f"{ZOUCHENG}；{SHAANXI}（6类18项指标，每两年评定，能上能下）",
        "dimensions": [*B_DIMENSIONS, B_BONUS],
        "bands": [(90, 5, "五星"), (80, 4, "四星"), (70, 3, "三星"), (60, 2, "二星"), (0, 1, "一星")],
        "satisfaction_caps": [(60, 2, SATISFACTION_ZOUCHENG)],
        "distribution_caps": [(5, D("0.10")), (4, D("0.20")), (1, D("0.05"))],
    },
    {
        "name": "两新党组织六星评价",
        "model": "dimension_stars",
        "star_count": 6,
        "cycle_years": 1,
        "bonus_cap": D(0),
        "satisfaction_weight": D(0),
        "source": ZHEJIANG,
        "dimensions": C_DIMENSIONS,
        "bands": [],
        "satisfaction_caps": [],
        "distribution_caps": [],
    },
    {
        "name": "基层党组织分类定级",
        "model": "grades",
        "star_count": 5,
        "cycle_years": 1,
        "bonus_cap": D(0),
        "satisfaction_weight": D(0),
        "source": FENLEI,
        "dimensions": A_DIMENSIONS,
        "bands": [(90, 4, "好"), (80, 3, "较好"), (60, 2, "一般"), (0, 1, "较差")],
        "satisfaction_caps": [(90, 2, SATISFACTION_FENLEI)],
        "distribution_caps": [],
    },
]


def _dimensions(apps, rubric, dimensions):
    Dimension = apps.get_model("ratings", "Dimension")
    Item = apps.get_model("ratings", "Item")
    for order, (name, points, share, items) in enumerate(dimensions):
        dimension = Dimension.objects.create(
            rubric=rubric, name=name, max_points=points, star_share=share, order=order
        )
        for number, (text, item_points, kind, source, hint) in enumerate(items):
            Item.objects.create(
                dimension=dimension,
                text=text,
                max_points=item_points,
                kind=kind,
                auto_source=source,
                evidence_hint=hint,
                is_bonus=name == "加分项",
                order=number,
            )


def _rows(apps, rubric, spec):
    apps.get_model("ratings", "Band").objects.bulk_create(
        apps.get_model("ratings", "Band")(rubric=rubric, min_points=p, level=lv, label=lb)
        for p, lv, lb in spec["bands"]
    )
    SatisfactionCap = apps.get_model("ratings", "SatisfactionCap")
    for below, level, source in spec["satisfaction_caps"]:
        SatisfactionCap.objects.create(rubric=rubric, below=below, max_level=level, source=source)
    DistributionCap = apps.get_model("ratings", "DistributionCap")
    for level, share in spec["distribution_caps"]:
        DistributionCap.objects.create(
            rubric=rubric, level=level, max_share=share, source=CAPS_SOURCE
        )
    VetoItem = apps.get_model("ratings", "VetoItem")
    for order, text in enumerate(VETOES):
        VetoItem.objects.create(rubric=rubric, text=text, source=SHAANXI, order=order)


def seed(apps, schema_editor):
    Rubric = apps.get_model("ratings", "Rubric")
    for spec in RUBRICS:
        fields = {
            k: v
            for k, v in spec.items()
            if k not in ("dimensions", "bands", "satisfaction_caps", "distribution_caps")
        }
        rubric = Rubric.objects.create(version=1, effective_from=EFFECTIVE, **fields)
        _dimensions(apps, rubric, spec["dimensions"])
        _rows(apps, rubric, spec)


def unseed(apps, schema_editor):
    apps.get_model("ratings", "Rubric").objects.filter(
        name__in=[spec["name"] for spec in RUBRICS], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
