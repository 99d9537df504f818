"""Every mobility page against every persona; forms with bad input; xlsx exports."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.members.models import Member
from liangxin.mobility.models import (
    ContactLog,
    DualManagementAgreement,
    InflowPerson,
    MobileProfile,
    Transfer,
)
from tests import factories as f
from tests.clients import expect
from tests.mobility.conftest import contact, floating, letter

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()

LISTS = [
    "mobility:overview",
    "mobility:agreements",
    "mobility:inflow-without-agreement",
    "mobility:contacts",
    "mobility:overdue",
    "mobility:should-transfer",
    "mobility:branch-suggestions",
    "mobility:departed",
    "mobility:registrations",
    "mobility:transfers",
    "mobility:transfers-expiring",
]
FORMS = [
    "mobility:agreement-create",
    "mobility:contact-create",
    "mobility:registration-create",
    "mobility:transfer-create",
]
NON_BUSINESS = {"system_admin": 403, "audit_admin": 403}
# Roles that edit members (accounts.roles "members"); the outsider is a town admin elsewhere.
READ_ONLY = {"instructor": 403, "leader": 403}
# member_a / org_a lie in town A: invisible to town B, the outsider and the instructor.
OUT_OF_SCOPE_A = {"town_b_admin": 404, "outsider": 404, "instructor": 404}


@pytest.mark.parametrize("url_name", LISTS)
def test_lists_answer_every_business_role(statuses, url_name):
    assert statuses(reverse(url_name)) == expect(200, **NON_BUSINESS)


@pytest.mark.parametrize("url_name", FORMS)
def test_forms_need_the_members_capability(statuses, url_name):
    assert statuses(reverse(url_name)) == expect(200, **READ_ONLY, **NON_BUSINESS)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("mobility:overview"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_member_page_is_scoped(statuses, world):
    url = reverse("mobility:member", args=[world.member_a.public_id])
    assert statuses(url) == expect(200, **OUT_OF_SCOPE_A, **NON_BUSINESS)


def test_profile_form_is_scoped(statuses, world):
    url = reverse("mobility:profile", args=[world.member_a.public_id])
    assert statuses(url) == expect(200, **{**READ_ONLY, **OUT_OF_SCOPE_A, **NON_BUSINESS})


def test_transfer_pages_are_scoped_to_both_sides(statuses, world):
    transfer = letter(world.member_a, issued_on=TODAY, to=world.org_b)
    detail = reverse("mobility:transfer", args=[transfer.public_id])
    receive = reverse("mobility:transfer-receive", args=[transfer.public_id])
    out = {"outsider": 404, "instructor": 404}
    assert statuses(detail) == expect(200, **out, **NON_BUSINESS)
    # Only the receiving side (town B, or the district above both) receives.
    assert statuses(receive) == expect(
        403, district_admin=200, town_b_admin=200, **out, **NON_BUSINESS
    )


def test_agreement_transferred_in_form_is_scoped(statuses, world):
    member = f.MemberFactory(organization=world.org_a, flow_type="inflow")
    agreement = DualManagementAgreement.objects.create(
        member=member, number="X1", signed_on=TODAY, home_organization_name="某村党支部"
    )
    url = reverse("mobility:agreement-transferred-in", args=[agreement.pk])
    assert statuses(url) == expect(200, **{**READ_ONLY, **OUT_OF_SCOPE_A, **NON_BUSINESS})


def test_lists_show_only_the_scope(login, world):
    floating(world.org_a, name="甲流动")
    floating(world.org_b, name="乙流动")
    page = login("town_a_admin").get(reverse("mobility:overdue")).content.decode()
    assert "甲流动" in page and "乙流动" not in page


def test_list_filters_by_region_and_organization_code(login, world):
    floating(world.org_a, name="甲流动")
    floating(world.org_b, name="乙流动")
    client = login("district_admin")
    by_region = client.get(reverse("mobility:overdue"), {"region": world.town_b.code})
    assert [row[0].text for row in by_region.context["rows"]] == ["乙流动"]
    by_org = client.get(reverse("mobility:overdue"), {"organization": world.org_a.code})
    assert [row[0].text for row in by_org.context["rows"]] == ["甲流动"]


def test_overview_counts_each_list(login, world):
    floating(world.org_a)
    f.MemberFactory(organization=world.org_a, flow_type="departed")
    response = login("town_a_admin").get(reverse("mobility:overview"))
    counts = response.context["counts"]
    assert counts["overdue_contacts"] == 1 and counts["departed_open"] == 1
    assert counts["transfers_expired"] == 0


def test_overdue_export_is_an_xlsx_with_the_same_rows(login, world):
    member = floating(world.org_a, name="甲流动")
    contact(member, datetime.date(2020, 1, 1))
    response = login("town_a_admin").get(reverse("mobility:overdue"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    title, *data = rows.to_python()  # a report: its title row (name, scope, date) first
    assert title[0].startswith("逾期未联系的流动党员（范围：川姜镇；导出日期：")
    assert data[0][:2] == ["姓名", "所在党组织"]
    assert [row[0] for row in data[1:]] == ["甲流动"]
    assert data[1][4] == datetime.date(2020, 1, 1)  # a date cell (core.spreadsheets)


def test_export_masks_id_numbers(login, world):
    f.MemberFactory(organization=world.org_a, flow_type="inflow", id_number_value=f.id_number())
    response = login("town_a_admin").get(
        reverse("mobility:inflow-without-agreement"), {"export": "xlsx"}
    )
    data = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    masked = data.to_python()[2][1]  # under the title row and the header
    assert "*" in masked and len(masked) == 18


# --- forms ----------------------------------------------------------------------------------


def post(login, persona, url_name, data, *args):
    return login(persona).post(reverse(url_name, args=args), data)


def test_contact_form_records_a_contact(login, world):
    member = floating(world.org_a)
    response = post(
        login,
        "secretary",
        "mobility:contact-create",
        {
            "member": str(member.public_id),
            "contacted_on": TODAY,
            "method": "wechat",
            "note": "近况良好",
        },
    )
    assert response.status_code == 302
    saved = ContactLog.objects.get()
    assert (saved.member, saved.method, saved.contacted_by) == (
        member,
        "wechat",
        world.user("secretary"),
    )
    assert saved.contact_name == "secretary_a"


def test_contact_form_takes_the_id_number(login, world):
    response = post(
        login,
        "town_a_admin",
        "mobility:contact-create",
        {"member": world.member_a_id_number, "contacted_on": TODAY, "method": "phone"},
    )
    assert response.status_code == 302
    assert ContactLog.objects.get().member == world.member_a


def field_errors(response, field) -> list[str]:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors[field]


def test_contact_form_errors_are_next_to_the_fields(login, world):
    member = floating(world.org_a)
    contact(member, TODAY)
    url = "mobility:contact-create"
    duplicate = post(
        login,
        "town_a_admin",
        url,
        {"member": str(member.public_id), "contacted_on": TODAY, "method": "phone"},
    )
    assert field_errors(duplicate, "contacted_on") == ["该党员当天已有联系记录"]
    future = post(
        login,
        "town_a_admin",
        url,
        {
            "member": str(member.public_id),
            # Read now, not at import: a run that crosses midnight (Asia/Shanghai) keeps it ahead.
            "contacted_on": timezone.localdate() + datetime.timedelta(days=1),
            "method": "phone",
        },
    )
    assert field_errors(future, "contacted_on") == ["日期不能晚于今天"]
    oversized = post(
        login,
        "town_a_admin",
        url,
        {
            "member": str(member.public_id),
            "contacted_on": "2025-01-01",
            "method": "phone",
            "note": "长" * 1001,
        },
    )
    assert field_errors(oversized, "note")
    malformed = post(
        login,
        "town_a_admin",
        url,
        {"member": "12345", "contacted_on": "2025-13-01", "method": "fax"},
    )
    assert field_errors(malformed, "member") and field_errors(malformed, "contacted_on")
    assert field_errors(malformed, "method")
    assert ContactLog.objects.count() == 1


def test_contact_form_member_outside_the_scope_reads_as_missing(login, world):
    response = post(
        login,
        "town_b_admin",
        "mobility:contact-create",
        {"member": world.member_a_id_number, "contacted_on": TODAY, "method": "phone"},
    )
    errors = field_errors(response, "member")
    assert "不存在或不在您的管辖范围内" in errors[0]
    assert world.member_a_id_number not in errors[0]  # the number is echoed masked
    assert not ContactLog.objects.exists()


def test_registration_form_merges_and_counts_once(login, world):
    number = f.id_number()
    for source in ("police", "employer", "village"):
        response = post(
            login,
            "town_a_admin",
            "mobility:registration-create",
            {
                "id_number": number,
                "name": "张流入",
                "source": source,
                "registered_on": "2025-03-01",
                "employer": world.ent_a.uscc,
            },
        )
        assert response.status_code == 302
    assert InflowPerson.objects.count() == 1
    page = login("town_a_admin").get(reverse("mobility:registrations"))
    assert page.context["paginator"].count == 1
    assert page.context["rows"][0][2] == "企业用工、公安登记、村居走访"


def test_registration_form_refuses_a_region_outside_the_scope(login, world):
    response = post(
        login,
        "town_b_admin",
        "mobility:registration-create",
        {
            "id_number": f.id_number(),
            "name": "张",
            "source": "police",
            "registered_on": "2025-03-01",
            "region": world.grid_a.code,
        },
    )
    assert "不存在或不在您的管辖范围内" in field_errors(response, "region")[0]


def test_transfer_form_issue_and_receive_across_towns(login, world):
    response = post(
        login,
        "town_a_admin",
        "mobility:transfer-create",
        {
            "member": str(world.member_a.public_id),
            "letter_number": "A-1",
            "issued_on": TODAY,
            "reason": "floating",
            "to_organization": world.org_b.code,
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    refused = post(
        login,
        "town_a_admin",
        "mobility:transfer-receive",
        {"received_on": TODAY},
        transfer.public_id,
    )
    assert refused.status_code == 403
    done = post(
        login,
        "town_b_admin",
        "mobility:transfer-receive",
        {"received_on": TODAY},
        transfer.public_id,
    )
    assert done.status_code == 302
    assert Member.objects.get(pk=world.member_a.pk).organization == world.org_b


def test_transfer_form_unknown_destination_code(login, world):
    response = post(
        login,
        "town_a_admin",
        "mobility:transfer-create",
        {
            "member": str(world.member_a.public_id),
            "letter_number": "A-1",
            "issued_on": TODAY,
            "reason": "floating",
            "to_organization": "NOPE",
        },
    )
    assert field_errors(response, "to_organization") == ["组织编码“NOPE”在平台上不存在"]


def test_send_marks_in_transit(login, world):
    transfer = letter(world.member_a, issued_on=TODAY, to=world.org_b)
    response = login("town_a_admin").post(
        reverse("mobility:transfer-send", args=[transfer.public_id])
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == "in_transit"
    assert (
        login("outsider")
        .post(reverse("mobility:transfer-send", args=[transfer.public_id]))
        .status_code
        == 404
    )
    assert (
        login("leader")
        .post(reverse("mobility:transfer-send", args=[transfer.public_id]))
        .status_code
        == 403
    )


def test_return_form_needs_a_reason(login, world):
    transfer = letter(world.member_a, issued_on=TODAY, to=world.org_b)
    response = post(
        login,
        "town_b_admin",
        "mobility:transfer-return",
        {"returned_on": TODAY, "note": ""},
        transfer.public_id,
    )
    assert field_errors(response, "note")
    response = post(
        login,
        "town_b_admin",
        "mobility:transfer-return",
        {"returned_on": TODAY, "note": "信息有误"},
        transfer.public_id,
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == "returned"


def test_profile_form_saves_the_place(login, world):
    member = floating(world.org_a)
    response = post(
        login,
        "town_a_admin",
        "mobility:profile",
        {"away_place": " 苏州工业园区 ", "away_since": "2024-01-01"},
        member.public_id,
    )
    assert response.status_code == 302
    assert MobileProfile.objects.get(member=member).away_place == "苏州工业园区"


def test_agreement_form_and_transferred_in(login, world):
    member = f.MemberFactory(organization=world.org_a, flow_type="inflow")
    response = post(
        login,
        "secretary",
        "mobility:agreement-create",
        {
            "member": str(member.public_id),
            "number": "双管1",
            "signed_on": TODAY,
            "home_organization_name": "某村党支部",
        },
    )
    assert response.status_code == 302
    agreement = DualManagementAgreement.objects.get()
    response = post(
        login,
        "secretary",
        "mobility:agreement-transferred-in",
        {"transferred_in_on": TODAY},
        agreement.pk,
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.transferred_in_on == TODAY
