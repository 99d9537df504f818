"""交纳 records the amount, the day and the method, confirmed before saving; the summary
cards change in place; generating a month picks the organization; an empty required field
says which one; a blank base is refused for the members priced on it.

Sources: 中组发〔2008〕3号 (RULES.md "Dues"): 在职 and 离退休 members pay a share of their
monthly base, so their base cannot be blank; arrears may be made up for at most 6 months.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.dues import services
from liangxin.dues.models import DuesBase, DuesMonth, DuesStatus

pytestmark = pytest.mark.django_db

LIST = "/dues/?year=2025&month=1"
IN_TIME = datetime.date(2025, 1, 20)
FILLED = {"amount": "15.00", "paid_on": "2025-01-20", "method": "wechat", "next": LIST}


def pay_url(month) -> str:
    return reverse("dues:pay", args=[month.pk])


def htmx_post(client, url, data):
    return client.post(url, data, HTTP_HX_REQUEST="true").content.decode()


def unpaid(month) -> bool:
    month.refresh_from_db()
    return month.status == DuesStatus.UNPAID and month.paid_on is None


# --- the form ---------------------------------------------------------------------------------


def test_the_form_is_filled_with_what_is_due_and_today(login, dues_world):
    body = login("secretary").get(pay_url(dues_world.month_a), HTTP_HX_REQUEST="true")
    html = body.content.decode()
    assert "林晓红" in html and "2025年1月" in html
    assert 'value="15.00"' in html and f'value="{timezone.localdate():%Y-%m-%d}"' in html
    for label in ("现金", "银行转账", "微信", "支付宝", "其他"):
        assert f">{label}</option>" in html
    assert "<html" not in html  # the panel alone, for the dialog


def test_without_htmx_the_form_is_a_page(login, dues_world):
    html = login("secretary").get(pay_url(dues_world.month_a)).content.decode()
    assert "<html" in html and "登记交纳党费" in html and 'name="method"' in html


@pytest.mark.parametrize(
    ("blank", "message"),
    [("method", "请选择交纳方式"), ("amount", "请填写实交金额"), ("paid_on", "请填写交纳日期")],
)
def test_an_empty_required_field_says_so(login, dues_world, blank, message):
    html = htmx_post(login("secretary"), pay_url(dues_world.month_a), {**FILLED, blank: ""})
    assert message in html
    assert unpaid(dues_world.month_a)


# --- the confirmation -------------------------------------------------------------------------


def test_the_confirmation_shows_what_will_be_recorded_and_saves_nothing(login, dues_world):
    html = htmx_post(login("secretary"), pay_url(dues_world.month_a), FILLED)
    confirm = html.split("data-pay-confirm")[1].split("</dl>")[0]
    for shown in ("林晓红", "2025年1月", "15.00 元", "2025-01-20", "微信"):
        assert shown in confirm
    assert "确认交纳" in html and 'name="confirmed"' in html
    assert unpaid(dues_world.month_a)


def test_a_payment_the_rule_refuses_never_reaches_the_confirmation(login, dues_world):
    late = {**FILLED, "paid_on": "2025-08-01"}  # 7 months after January: 中组发〔2008〕3号
    html = htmx_post(login("secretary"), pay_url(dues_world.month_a), late)
    assert "补交党费最多 6 个月" in html and "data-pay-confirm" not in html


def test_back_to_the_form_keeps_the_values(login, dues_world):
    html = htmx_post(login("secretary"), pay_url(dues_world.month_a), {**FILLED, "edit": "1"})
    assert 'value="2025-01-20"' in html and '<option value="wechat" selected>' in html
    assert "data-pay-confirm" not in html
    assert unpaid(dues_world.month_a)


def test_confirmed_payment_records_amount_day_and_method(login, dues_world):
    data = {**FILLED, "amount": "20.00", "confirmed": "1"}
    html = htmx_post(login("secretary"), pay_url(dues_world.month_a), data)
    month = DuesMonth.objects.get(pk=dues_world.month_a.pk)
    assert (month.status, month.amount_paid, month.paid_on, month.method) == (
        DuesStatus.PAID,
        Decimal("20.00"),
        datetime.date(2025, 1, 20),
        "wechat",
    )
    assert "已登记交纳：林晓红 2025年1月党费，20.00 元，2025-01-20，微信" in html


def test_the_summary_cards_come_back_out_of_band_for_the_same_list(login, dues_world):
    client = login("town_a_admin")
    before = client.get(LIST).content.decode()
    assert 'data-summary="paid-count">0<' in before
    data = {**FILLED, "confirmed": "1"}
    html = htmx_post(client, pay_url(dues_world.month_a), data)
    cards = html.split('<div id="dues-summary"')[1]
    assert cards.startswith(' class="row g-2 mb-3" hx-swap-oob="true">')
    assert 'data-summary="paid">15.00<' in cards
    assert 'data-summary="paid-count">1<' in cards
    assert 'data-summary="unpaid-count">0<' in cards  # town A's January: member_a's only
    assert client.get(LIST).content.decode().count('data-summary="paid-count">1<') == 1


def test_without_htmx_the_confirmed_payment_goes_back_to_the_list(login, dues_world):
    client = login("secretary")
    response = client.post(pay_url(dues_world.month_a), {**FILLED, "confirmed": "1"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert "微信" in client.get(LIST).content.decode()


def test_a_month_paid_twice_is_refused_in_the_dialog(login, dues_world):
    client = login("secretary")
    htmx_post(client, pay_url(dues_world.month_a), {**FILLED, "confirmed": "1"})
    html = htmx_post(client, pay_url(dues_world.month_a), {**FILLED, "confirmed": "1"})
    assert "该月党费已交纳，不能重复登记" in html


def test_the_list_opens_the_dialog_on_the_pay_button(login, dues_world):
    html = login("secretary").get(LIST).content.decode()
    assert 'id="pay-modal"' in html
    button = html.split(f"{pay_url(dues_world.month_a)}?next=", 1)[1].split(">")[0]
    assert 'hx-target="#pay-modal-body"' in button and 'data-bs-target="#pay-modal"' in button


# --- the service ------------------------------------------------------------------------------


def test_the_service_needs_a_method(world, dues_world):
    actor = world.user("secretary")
    for method, message in (("", "请选择交纳方式"), ("cheque", "交纳方式应为")):
        with pytest.raises(ValidationError) as caught:
            services.dues_pay(
                actor=actor, dues_month=dues_world.month_a, paid_on=IN_TIME, method=method
            )
        assert message in caught.value.message_dict["method"][0]
    assert unpaid(dues_world.month_a)


def test_the_api_needs_a_method(client_as, dues_world):
    url = f"/api/v1/dues/months/{dues_world.month_a.pk}/pay/"
    response = client_as("secretary").post(url, {"paid_on": "2025-01-20"}, format="json")
    assert response.status_code == 400
    assert response.json()["method"] == ["请选择交纳方式"]
    assert unpaid(dues_world.month_a)


# --- generating a month -----------------------------------------------------------------------


def test_open_form_picks_the_organization_and_says_what_is_missing(login, world):
    client = login("secretary")
    html = client.get("/dues/?year=2025&month=1").content.decode()
    form = html.split('action="/dues/months/open/"')[1].split("</form>")[0]
    assert "党组织（含下级）" in form and "data-picker" in form
    response = client.post(
        reverse("dues:months-open"), {"organization": "", "year": "", "month": ""}
    )
    page = response.content.decode()
    for message in ("请选择党组织", "请填写年度", "请选择月份"):
        assert message in page
    assert not DuesMonth.objects.exists()


def test_open_form_refuses_an_organization_outside_the_scope(login, world):
    data = {"organization": world.org_b.code, "year": "2025", "month": "1"}
    page = login("secretary").post(reverse("dues:months-open"), data).content.decode()
    assert f"党组织“{world.org_b.code}”不存在或不在您的管辖范围内" in page


# --- a blank base -----------------------------------------------------------------------------


def test_a_blank_base_is_refused_for_the_employed_and_zero_for_students(world):
    actor = world.user("secretary")
    with pytest.raises(ValidationError) as caught:
        services.dues_base_set(
            actor=actor, member=world.member_a, year=2025, category="employed", base=None
        )
    assert caught.value.message_dict["base"] == ["在职、离退休党员须填写月计算基数"]
    assert not DuesBase.objects.exists()
    student = services.dues_base_set(
        actor=actor, member=world.member_a, year=2025, category="student", base=None
    )
    assert (student.base, student.monthly_amount) == (Decimal("0.00"), Decimal("0.20"))


def test_the_base_form_says_a_blank_base_is_needed(login, world):
    data = {"member": str(world.member_a.public_id), "year": "2025", "category": "retired"}
    page = login("secretary").post(reverse("dues:base-create"), data).content.decode()
    assert "在职、离退休党员须填写月计算基数" in page
    assert not DuesBase.objects.exists()


def test_the_api_says_a_blank_base_is_needed(client_as, world):
    body = {"member": str(world.member_a.public_id), "year": 2025, "category": "employed"}
    response = client_as("secretary").post("/api/v1/dues/bases/", body, format="json")
    assert response.status_code == 400
    assert response.json()["base"] == ["在职、离退休党员须填写月计算基数"]


def test_the_month_export_shows_the_method(login, dues_world):
    import io

    from python_calamine import CalamineWorkbook

    client = login("secretary")
    client.post(pay_url(dues_world.month_a), {**FILLED, "confirmed": "1"})
    response = client.get(reverse("dues:months-export") + "?year=2025&month=1")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    _title, header, *body = book.get_sheet_by_index(0).to_python()
    column = header.index("交纳方式")
    assert [row[column] for row in body if row[0] == "林晓红"] == ["微信"]
