"""The kinds of drive seeded for a district admin to edit (each with its source)."""

KINDS = (
    {
        "code": "double_coverage",
        "name": "双覆盖百日攻坚",
        "source": "[L:平湖] 连续六年实施“双覆盖”百日攻坚行动，实现50人以上有党员企业党组织全覆盖",
        "work_lists": ["should_build", "small_uncovered", "no_member"],
        "has_round": False,
    },
    {
        "code": "ledger_review",
        "name": "一户一表摸底排查",
        "source": (
            "[L:丹东] 每年开展摸底排查，建立“一户一表”实名制台账；"
            "[L:川姜] 非公企业党组织运行情况摸底排查"
        ),
        "work_lists": [],
        "has_round": True,
    },
    {
        "code": "first_topic",
        "name": "第一议题落实",
        "source": "[L:平湖] 市级及以上双管企业全面落实“第一议题”制度",
        "work_lists": [],
        "has_round": False,
        # campaigns.indicators.FIRST_TOPIC: organizations that held a 第一议题 meeting.
        "indicators": ["first_topic_orgs"],
    },
)


def seed(kind_model) -> int:
    """Create the kinds not there yet (by code); an edited kind is left as the admin left it."""
    made = 0
    # Only the fields the (possibly historical, in a migration) model has.
    fields = {field.name for field in kind_model._meta.get_fields()}
    for row in KINDS:
        row = {key: value for key, value in row.items() if key in fields}
        _, created = kind_model.objects.get_or_create(code=row["code"], defaults=row)
        made += created
    return made
