"""The rules registry: sources named, configurable values changed only by a district admin."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.rules.registry import RULES
from liangxin.rules.values import rule_set, rule_value


def test_every_rule_names_its_source():
    assert all(rule.source for rule in RULES)
    assert len({rule.key for rule in RULES}) == len(RULES)


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
