"""The rules: sources named, each registered by its app, configurable values changed only by a
district admin."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from liangxin.core.contributions import Entry, slot
from liangxin.rules.catalog import Rule, all_rules, check_unique_keys, index, rule
from liangxin.rules.values import rule_set, rule_value

# The order of RULES.md, which the rules page and the API keep (SECTION_ORDER).
SECTIONS = [
    "org",
    "dev",
    "age",
    "dues",
    "life",
    "mobile",
    "workforce",
    "training",
    "requests",
    "liaisons",
    "cobuilding",
    "funding",
    "duties",
    "label",
]
OWNERS = {
    "org": "organizations",
    "life": "life",
    "dev": "development",
    "age": "members",
    "dues": "dues",
    "mobile": "mobility",
    "workforce": "workforce",
    "training": "workforce",
    "requests": "requests",
    "liaisons": "liaisons",
    "cobuilding": "cobuilding",
    "funding": "funding",
    "duties": "duties",
    "label": "rules",  # the names a district renames (rules/labels.py)
}


def test_every_rule_names_its_source():
    assert all(rule.source for rule in all_rules())
    assert len({rule.key for rule in all_rules()}) == len(all_rules()) == 73


def test_a_meeting_may_be_made_more_frequent_never_rarer(world):
    """支部工作条例 art. 11: 党员大会 一般每季度1次 — a district may ask monthly, not yearly."""
    admin = world.user("district_admin")
    rule_set(actor=admin, key="life.general_assembly_months", value=1)
    assert rule_value("life.general_assembly_months") == 1
    with pytest.raises(ValidationError, match="不能超过 3 个月"):
        rule_set(actor=admin, key="life.general_assembly_months", value=6)


def test_each_app_registers_the_rules_it_reads():
    for entry in slot("rules").entries:
        assert entry.app_label == OWNERS[entry.item.key.partition(".")[0]]


def test_listed_in_the_order_of_the_regulations():
    sections = [rule.key.partition(".")[0] for rule in all_rules()]
    assert sorted(set(sections), key=sections.index) == SECTIONS
    assert sections == sorted(sections, key=SECTIONS.index)
    keys = [rule.key for rule in all_rules()]
    assert keys[:3] == [
        "org.branch_min_full",
        "org.branch_max_members",
        "org.branch_committee_min_full",
    ]
    assert [key for key in keys if key.startswith("mobile.")][-1] == "mobile.letter_valid_months"


def test_a_key_registered_twice_is_refused():
    twice = Rule("org.branch_min_full", "重复", 3, "名", "测试")
    entries = [*slot("rules").entries, Entry("members", twice)]
    with pytest.raises(ImproperlyConfigured, match="org.branch_min_full（organizations、members）"):
        index(entries)
    assert check_unique_keys() == []


def test_a_new_section_follows_the_known_ones():
    extra = Rule("new.thing", "新规则", 1, "个", "测试")
    keys = list(index([Entry("new", extra), *slot("rules").entries]))
    assert keys[-1] == "new.thing" and keys[0] == "org.branch_min_full"


def test_lookup_by_key():
    assert rule("life.theme_day").default == 15
    with pytest.raises(KeyError):
        rule("no.such_rule")


def test_regulation_numbers():
    # 党章 art. 30: three full members; 发展党员工作细则: probation one year, two introducers.
    assert rule_value("org.branch_min_full") == 3
    assert rule_value("dev.probation_months") == 12
    assert rule_value("dev.introducers") == 2


@pytest.mark.django_db
class TestConfigurable:
    def test_default_until_the_district_sets_its_own(self, world):
        assert rule_value("life.theme_day") == 15  # 丹东: the 15th
        rule_set(actor=world.user("district_admin"), key="life.theme_day", value=10)
        assert rule_value("life.theme_day") == 10

    def test_fixed_rules_cannot_change(self, world):
        with pytest.raises(ValidationError, match="党内法规"):
            rule_set(actor=world.user("district_admin"), key="dev.probation_months", value=6)

    def test_only_district_admins(self, world):
        with pytest.raises(ValidationError, match="区级管理员"):
            rule_set(actor=world.user("town_a_admin"), key="life.theme_day", value=10)

    @pytest.mark.parametrize("bad", [0, -1, 400, "3", True])
    def test_out_of_range_values(self, world, bad):
        with pytest.raises(ValidationError):
            rule_set(
                actor=world.user("district_admin"), key="mobile.letter_valid_months", value=bad
            )

    def test_milestones_are_a_list(self, world):
        rule_set(actor=world.user("district_admin"), key="age.milestones", value=[50, 30, 30])
        assert rule_value("age.milestones") == [30, 50]


@pytest.mark.django_db
class TestPage:
    def test_everyone_with_registry_access_reads(self, client, world):
        client.force_login(world.user("leader"))
        page = client.get(reverse("rules:list")).content.decode()
        # No edit form (the navbar's 修改密码 link is everyone's, so look for the form itself).
        assert "中办发〔2014〕33号" in page and 'name="value"' not in page

    def test_district_admin_changes_and_it_is_audited(self, client, world):
        client.force_login(world.user("district_admin"))
        client.post(reverse("rules:list"), {"key": "mobile.letter_valid_months", "value": "2"})
        assert rule_value("mobile.letter_valid_months") == 2
        entry = LogEntry.objects.filter(object_repr__startswith="mobile.letter_valid_months").get()
        assert entry.actor == world.user("district_admin")

    def test_bad_value_is_a_chinese_message(self, client, world):
        client.force_login(world.user("district_admin"))
        response = client.post(
            reverse("rules:list"), {"key": "mobile.letter_valid_months", "value": "三"}, follow=True
        )
        assert "应填整数" in response.content.decode()

    def test_town_admin_cannot_post(self, client, world):
        client.force_login(world.user("town_a_admin"))
        response = client.post(reverse("rules:list"), {"key": "life.theme_day", "value": "1"})
        assert response.status_code == 403

    def test_api_lists_values_and_sources(self, client, world):
        client.force_login(world.user("town_a_admin"))
        body = client.get("/api/v1/rules/").json()
        theme = next(item for item in body if item["key"] == "life.theme_day")
        assert theme["value"] == 15 and theme["configurable"] is True


@pytest.mark.django_db
def test_pages_state_the_numbers_of_the_rules(client, world):
    """Texts that name a rule's number read it from the rule (same words as before)."""
    client.force_login(world.user("district_admin"))
    overview = client.get(reverse("mobility:overview")).content.decode()
    assert "外出满 6 个月应转接的流动党员" in overview
    should_transfer = client.get(reverse("mobility:should-transfer")).content.decode()
    assert "流动党员在相对固定地点外出 6 个月以上的，应将组织关系转至所在地" in should_transfer
    transfer_form = client.get(reverse("mobility:transfer-create")).content.decode()
    assert "有效期按规则自动计算（默认 3 个月）" in transfer_form
