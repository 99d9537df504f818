"""A step that breaks a rule is said before it is saved (issue 14, item 8): the step form
checks on every change (htmx) and on save, names each rule with its source, and saves
only once the user has confirmed exactly that list. RULES.md "Member development":
violations are listed, never silently accepted."""

import re

import pytest
from django.urls import reverse

from liangxin.development.models import CaseStep, Step
from tests.clients import expect

pytestmark = pytest.mark.django_db

# 发展党员工作细则 第十三条: 入党积极分子经过一年以上培养教育和考察, 可列为发展对象.
TARGET_WITHOUT_ACTIVIST = "未经确定为入党积极分子即确定为发展对象"
# Local practice (dev.application_to_activist_months, 6): 递交申请半年以上方可确定为积极分子.
ACTIVIST_TOO_SOON = "递交申请后不满6个月即确定为入党积极分子"


def step_url(case, step: int) -> str:
    return reverse("development:step", args=[case.public_id, step])


def check_url(case, step: int) -> str:
    return reverse("development:step-check", args=[case.public_id, step])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def fingerprint(html: str) -> str:
    found = re.search(r'name="acknowledged" value="([0-9a-f]+)"', html)
    assert found, html
    return found.group(1)


def test_the_form_checks_on_every_change(dev, login):
    page = text(login("secretary").get(step_url(dev.case_a, Step.TARGET)))
    assert f'hx-post="{check_url(dev.case_a, Step.TARGET)}"' in page
    assert 'hx-trigger="change"' in page and 'id="step-check"' in page


def test_the_check_names_the_rule_and_its_source_and_saves_nothing(dev, login):
    response = login("secretary").post(
        check_url(dev.case_a, Step.TARGET), {"done_on": "2024-06-01"}
    )
    assert response.status_code == 200
    html = text(response)
    assert TARGET_WITHOUT_ACTIVIST in html and "依据：" in html and "第十三条" in html
    assert 'data-rule="dev.activist_months"' in html
    dev.case_a.refresh_from_db()
    assert dev.case_a.target_on is None
    assert not CaseStep.objects.filter(case=dev.case_a, step=Step.TARGET).exists()


def test_a_step_on_time_is_said_to_break_nothing(dev, login):
    response = login("secretary").post(check_url(dev.case_a, Step.TALK), {"done_on": "2024-03-20"})
    assert "不违反" in text(response) and "step-violations" not in text(response)


def test_an_impossible_date_is_refused_by_the_check(dev, login):
    response = login("secretary").post(check_url(dev.case_a, Step.TALK), {"done_on": "2024-01-01"})
    html = text(response)
    assert "无法保存" in html and "不能早于递交入党申请书日期" in html


def test_saving_a_step_that_breaks_a_rule_asks_first(dev, login):
    client = login("secretary")
    response = client.post(step_url(dev.case_a, Step.ACTIVIST), {"done_on": "2024-05-01"})
    assert response.status_code == 200  # not saved: the page says why
    html = text(response)
    assert ACTIVIST_TOO_SOON in html and "依据：本地做法" in html
    assert 'name="confirm"' in html
    dev.case_a.refresh_from_db()
    assert dev.case_a.activist_on is None

    confirmed = {"done_on": "2024-05-01", "confirm": "on", "acknowledged": fingerprint(html)}
    response = client.post(step_url(dev.case_a, Step.ACTIVIST), confirmed)
    assert response.status_code == 302
    dev.case_a.refresh_from_db()
    assert str(dev.case_a.activist_on) == "2024-05-01"
    # Saved knowingly, and still listed on the case with its source.
    page = text(client.get(reverse("development:detail", args=[dev.case_a.public_id])))
    assert ACTIVIST_TOO_SOON in page


def test_a_confirmation_covers_only_the_rules_it_was_shown(dev, login):
    """Confirmed for one list, then the date changed to break another rule: asked again."""
    client = login("secretary")
    html = text(client.post(check_url(dev.case_a, Step.TARGET), {"done_on": "2024-06-01"}))
    stale = fingerprint(html)
    client.post(  # an activist date on time, so the target step now breaks another rule
        step_url(dev.case_a, Step.ACTIVIST), {"done_on": "2024-09-02"}
    )
    data = {"done_on": "2024-10-01", "confirm": "on", "acknowledged": stale}
    response = client.post(step_url(dev.case_a, Step.TARGET), data)
    assert response.status_code == 200
    assert "培养教育考察不满12个月即确定为发展对象" in text(response)
    dev.case_a.refresh_from_db()
    assert dev.case_a.target_on is None


def test_a_confirmation_without_the_shown_list_is_not_one(dev, login):
    data = {"done_on": "2024-05-01", "confirm": "on"}
    response = login("secretary").post(step_url(dev.case_a, Step.ACTIVIST), data)
    assert response.status_code == 200 and ACTIVIST_TOO_SOON in text(response)


def test_the_check_follows_scope_then_role(dev, statuses):
    found = statuses(
        check_url(dev.case_a, Step.TALK), method="post", data={"done_on": "2024-03-20"}
    )
    editors = {"district_admin": 200, "town_a_admin": 200, "secretary": 200, "leader": 403}
    assert found == expect(404, **editors, system_admin=403, audit_admin=403)
