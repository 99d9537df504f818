"""Issue 18, done-when: a request goes through every state in the browser, including a
return (待补充), an extension and a reopen (重办); the create form checked at 390 px."""

import pytest
from django.utils import timezone

from liangxin.requests.models import Request, RequestEvent, State
from liangxin.rules.workdays import workdays_after
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


def act(page, label, fill=None, select=None, check=None):
    page.locator("#request-actions").get_by_role("link", name=label, exact=True).click()
    page.wait_for_selector("#action-form")
    for selector, value in (fill or {}).items():
        page.fill(selector, value)
    for selector, value in (select or {}).items():
        page.select_option(selector, label=value)
    for selector in check or ():
        page.check(selector)
    page.click(f"button:has-text('确认{label}')")
    page.wait_for_selector(f"text=已{label}")


def state(page) -> str:
    return page.inner_text("#request-state")


@pytest.mark.usefixtures("media")
def test_a_request_through_every_state_in_the_browser(live_server, chromium, world, units):
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/requests/new/")
    assert fits_the_screen(page)
    page.select_option("#id_enterprise", label=world.ent_a.name)
    page.select_option("#id_channel", label="热线")
    page.get_by_label("用工", exact=True).check()
    page.select_option("#id_urgency", label="一般")
    page.fill("#id_content", "招工难，请协助对接职业院校")
    page.fill("#id_submitter_name", "李经理")
    page.fill("#id_submitter_phone", "13800000000")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_request_form_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记诉求")
    assert state(page) == "已接收" and fits_the_screen(page)

    act(page, "退回补充", fill={"#id_comment": "请补充用工计划"})
    assert state(page) == "待补充"
    act(page, "补充提交", fill={"#id_content": "需普工 30 人"})
    act(page, "受理")
    assert state(page) == "已受理"
    act(page, "派单", select={"#id_lead_unit": "川姜镇经发办"})
    assert state(page) == "已派单"
    act(page, "承办单位退回", fill={"#id_comment": "不属本单位职责"})
    assert state(page) == "已受理"
    act(page, "派单", select={"#id_lead_unit": "区人社局"})
    act(page, "签收办理")
    assert state(page) == "办理中"

    request = Request.objects.get()
    new_due = workdays_after(timezone.localtime(request.due_at).date(), 2)
    act(page, "申请延期", fill={"#id_reason": "等专场招聘会", "#id_new_due": new_due.isoformat()})
    act(page, "批准延期")
    assert "（已延期）" in page.inner_text("#request-due")
    act(page, "办结", select={"#id_result": "解决"}, fill={"#id_public_answer": "已对接 2 所职校"})
    assert state(page) == "已办结"
    act(page, "答复企业")
    assert state(page) == "待回访"
    act(
        page,
        "回访",
        select={"#id_satisfaction": "不满意"},
        fill={"#id_note": "到岗人数不足"},
        check=["#id_reopen"],
    )
    assert state(page) == "办理中"
    act(
        page,
        "办结",
        select={"#id_result": "部分解决"},
        fill={"#id_result_reason": "又到岗 10 人", "#id_public_answer": "再次对接"},
    )
    act(page, "答复企业")
    act(page, "回访", select={"#id_satisfaction": "满意"})
    assert state(page) == "已结案"
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_request_detail_phone.png"), full_page=True)

    request.refresh_from_db()
    assert (request.state, request.reopen_count, request.extended) == (State.CLOSED, 1, True)
    timeline = page.inner_text("#timeline")
    for word in ("退回补充", "补充提交", "承办单位退回", "申请延期", "批准延期", "重办", "结案"):
        assert word in timeline
    assert RequestEvent.objects.filter(request=request).count() == 18

    page.goto(f"{live_server.url}/requests/?state=closed")
    assert request.number in page.inner_text("#requests") and fits_the_screen(page)
