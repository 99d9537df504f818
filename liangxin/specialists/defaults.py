"""The five cadences of 网格连企 with their default meaning and source (WORK.md §5): written
by migration 0002, and again by the demo seeder and the tests when a flushed database lost
them. A district admin edits them afterwards; an existing row is never overwritten."""

PINGHU = "WORK.md §5 [L:平湖] 网格连企“五诊”；"
CADENCES = [
    (
        "daily",
        "每日一问诊",
        "daily",
        "网格员或助企专员",
        "企业提出事项时记录一次联系",
        False,
        PINGHU + "默认 [I]：日常联系，有事项时登记，未登记不计未落实",
    ),
    (
        "weekly",
        "每周一坐诊",
        "weekly",
        "助企专员",
        "每周在工业社区窗口坐诊半天并登记",
        True,
        PINGHU + "默认 [I]：每周半天在工业社区窗口坐诊（周一至周日为一周）",
    ),
    (
        "monthly",
        "每月一复诊",
        "monthly",
        "助企专员",
        "每月复查一次企业未办结诉求并登记",
        True,
        PINGHU + "默认 [I]：每月复查未办结诉求",
    ),
    (
        "quarterly",
        "每季一会诊",
        "quarterly",
        "镇（园区）牵头，相关部门参加",
        "每季度召开一次部门联席会商疑难问题并登记",
        True,
        PINGHU + "默认 [I]：每季度部门联合会商疑难问题",
    ),
    (
        "yearly",
        "每年一回诊",
        "yearly",
        "助企专员",
        "每年上门回访一次并做满意度调查",
        True,
        PINGHU + "默认 [I]：每年上门回访并做满意度调查",
    ),
]


def seed(cadence_model) -> None:
    for order, (key, name, frequency, performer, done_when, missed, source) in enumerate(
        CADENCES, start=1
    ):
        cadence_model.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "frequency": frequency,
                "performer": performer,
                "done_when": done_when,
                "counts_missed": missed,
                "order": order * 10,
                "source": source,
            },
        )
