"""The platform data an auto item is scored from (WORK.md §3 "Items are auto"): each key
names one source. Scoring them from the records is the next step (see the README of the
issue); until then the town scores an auto item like an assessed one, seeing the source."""

SOURCES = {
    "life.compliance": "组织生活按期开展（三会一课、主题党日）",
    "standards.checklist": "标准化清单达标",
    "dues.on_time": "党费按时足额缴纳",
    "development.no_breaks": "发展党员无违规",
    "coverage.gaps_closed": "覆盖空白按期消除",
    "requests.on_time": "诉求按期办结",
    "training.coverage": "党员教育培训覆盖",
    "inspections.open_rectifications": "督查整改按期销号",
    "organizations.term": "按期换届",
}


def label(key: str) -> str:
    return SOURCES.get(key, key)
