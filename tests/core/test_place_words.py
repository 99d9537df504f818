"""Place-specific wording only as an example (issue 14, "Words"): the rules, the notes above
the work lists and the pages name a place's practice only as "例如…", never as the
platform's own ("丹东做法：…"). Demo data (liangxin/demo/) may name places."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from liangxin.rules.catalog import all_rules

ROOT = Path(__file__).resolve().parents[2] / "liangxin"
PLACES = "丹东|泉州|平湖|川姜|张家港|晋江"
# A place's name followed by its practice, said as the platform's: "丹东做法：", "川姜做法",
# "丹东“四种管理模式”", "（丹东：…）".
AS_OWN = re.compile(rf"(?<!例如)(?:{PLACES})(?:做法|“|：)")


def test_no_rule_source_presents_a_place_as_the_platform():
    for rule in all_rules():
        assert not AS_OWN.search(rule.source), (rule.key, rule.source)
        assert not re.search(PLACES, rule.label), rule.key


def test_no_template_or_page_text_presents_a_place_as_the_platform():
    sources = [*ROOT.glob("jinja2/**/*.html"), *ROOT.glob("*/views.py")]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sources
        for match in AS_OWN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "mobility:overview",
        "mobility:agreements",
        "mobility:overdue",
        "mobility:registrations",
        "mobility:departed",
        "mobility:inflow-without-agreement",
        "rules:list",
    ],
)
def test_the_mobility_pages_name_no_place_as_their_own(login, name):
    page = login("district_admin").get(reverse(name)).content.decode()
    assert not AS_OWN.search(page)
