"""The names a district renames are settings (issue 14, "Words"): 两新工委 may sit under the
社会工作部 after the 2023 reform, so the platform's name and the body's name are configurable
rules with their source, edited on /rules/ by a district admin and shown on the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.rules.catalog import rule
from liangxin.rules.labels import REFORM_2023
from liangxin.rules.values import label_values, rule_set

pytestmark = pytest.mark.django_db


def test_the_defaults_and_their_source(world):
    assert label_values() == {"label.platform": "两新党建平台", "label.committee": "两新工委"}
    assert rule("label.committee").configurable
    assert "社会工作部" in rule("label.committee").source
    assert rule("label.platform").source == REFORM_2023


def test_the_pages_show_the_default_names(login):
    page = login("town_a_admin").get(reverse("home")).content.decode()
    assert "· 两新党建平台</title>" in page and "两新工委 · 非公企业" in page


def test_a_district_admin_renames_the_committee_and_every_page_follows(login, world):
    district = login("district_admin")
    answer = district.post(
        reverse("rules:list"), {"key": "label.committee", "value": " 区委社会工作部 "}
    )
    assert answer.status_code == 302
    district.post(reverse("rules:list"), {"key": "label.platform", "value": "新兴领域党建平台"})
    for client, url in [
        (login("town_a_admin"), reverse("enterprises:list")),
        (login("secretary"), reverse("home")),
        (district, reverse("rules:list")),
    ]:
        page = client.get(url).content.decode()
        assert "区委社会工作部 · 非公企业" in page, url
        assert "· 新兴领域党建平台</title>" in page, url
        assert "</i> 新兴领域党建平台</a>" in page, url  # the navbar's brand
    login_page = login("outsider")
    login_page.logout()
    assert "登录新兴领域党建平台" in login_page.get(reverse("login")).content.decode()


def test_the_rules_page_lists_the_names_with_their_source(login):
    page = login("district_admin").get(reverse("rules:list")).content.decode()
    assert 'id="rule-label.committee"' in page
    assert "两新党建工作机构" in page and "社会工作部" in page
    assert "两、新" not in page  # a name prints as a name, not joined character by character


@pytest.mark.parametrize("value", ["", "   ", "<b>委</b>", "委" * 31])
def test_a_bad_name_is_refused_in_chinese_and_nothing_changes(world, value):
    with pytest.raises(ValidationError, match="应为 1–30 个字的名称"):
        rule_set(actor=world.user("district_admin"), key="label.committee", value=value)
    assert label_values()["label.committee"] == "两新工委"


def test_only_a_district_admin_renames(login, world):
    answer = login("town_a_admin").post(
        reverse("rules:list"), {"key": "label.committee", "value": "社会工作部"}
    )
    assert answer.status_code == 403
    assert label_values()["label.committee"] == "两新工委"


def test_the_names_are_read_once_per_page(login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("town_a_admin")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert sum("label.platform" in q["sql"] for q in queries.captured_queries) == 1


def test_a_page_with_its_own_labels_keeps_them(login):
    """The dashboard's chart passes ``labels`` of its own: the names do not take its place."""
    for name in ("coverage:dashboard", "coverage:screen"):
        page = login("district_admin").get(reverse(name))
        assert page.status_code == 200
        assert 'id="chart-indicator"' in page.content.decode()
