"""A floating member's 在国（境）外 flag has a write path, and the contact rule then applies.

RULES.md "Mobile members" (中办《关于加强和改进流动党员管理的意见》, 2024): contact from the
home organization at least quarterly (丹东 practice, ``mobile.contact_months`` = 3);
members abroad at least every 6 months (``mobile.abroad_contact_months`` = 6). Before this
the flag could only be set in the database: the API's PATCH answered 200 and changed
nothing, and no form asked for it, so the 6-month rule never applied.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liangxin.mobility import selectors
from liangxin.mobility.deadlines import add_months
from tests.mobility.conftest import contact, floating

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Four months ago: late for a member at home (3), in time for one abroad (6).
FOUR_MONTHS_AGO = add_months(TODAY, -4)


def overdue(world, member) -> bool:
    user = world.user("district_admin")
    return selectors.overdue_contacts(user=user, today=TODAY).filter(pk=member.pk).exists()


def contacted_four_months_ago(world):
    member = floating(world.org_a, name="出国党员")
    contact(member, FOUR_MONTHS_AGO)
    assert overdue(world, member)  # at home: the quarterly rule
    return member


def patch(client_as, member, body, persona="secretary"):
    url = f"/api/v1/members/{member.public_id}/"
    return client_as(persona).patch(url, body, format="json")


# --- API --------------------------------------------------------------------------------------


def test_api_patch_abroad_is_stored_and_the_six_month_rule_applies(world, client_as):
    member = contacted_four_months_ago(world)
    response = patch(client_as, member, {"abroad": True})
    assert response.status_code == 200, response.content
    assert response.json()["abroad"] is True
    member.refresh_from_db()
    assert member.abroad is True
    assert not overdue(world, member)  # 4 months < 6 months for a member abroad


def test_api_abroad_is_still_late_after_six_months(world, client_as):
    member = floating(world.org_a)
    contact(member, add_months(TODAY, -6) - datetime.timedelta(days=1))
    assert patch(client_as, member, {"abroad": True}).status_code == 200
    assert overdue(world, member)


def test_api_back_home_returns_to_the_quarterly_rule(world, client_as):
    member = contacted_four_months_ago(world)
    patch(client_as, member, {"abroad": True})
    assert patch(client_as, member, {"abroad": False}).status_code == 200
    assert overdue(world, member)


def test_api_abroad_for_a_member_who_is_not_floating_is_refused(world, client_as):
    response = patch(client_as, world.member_a, {"abroad": True})
    assert response.status_code == 400
    assert "流动" in response.json()["abroad"][0]
    world.member_a.refresh_from_db()
    assert world.member_a.abroad is False


def test_api_no_longer_floating_is_no_longer_abroad(world, client_as):
    member = floating(world.org_a, abroad=True)
    assert patch(client_as, member, {"flow_type": "regular"}).status_code == 200
    member.refresh_from_db()
    assert (member.flow_type, member.abroad) == ("regular", False)


def test_api_abroad_outside_the_scope_is_404(world, client_as):
    member = floating(world.org_a)
    assert patch(client_as, member, {"abroad": True}, persona="town_b_admin").status_code == 404
    member.refresh_from_db()
    assert member.abroad is False


# --- pages ------------------------------------------------------------------------------------


def test_profile_form_writes_abroad_and_the_rule_applies(world, login):
    member = contacted_four_months_ago(world)
    url = reverse("mobility:profile", args=[member.public_id])
    client = login("secretary")
    assert "在国（境）外" in client.get(url).content.decode()
    response = client.post(url, {"away_place": "新加坡", "away_since": "", "abroad": "on"})
    assert response.status_code == 302, response.content.decode()
    member.refresh_from_db()
    assert member.abroad is True
    assert not overdue(world, member)
    page = client.get(reverse("mobility:member", args=[member.public_id])).content.decode()
    assert '在国（境）外</dt><dd class="col-8">是' in page


def test_profile_form_unticked_clears_abroad(world, login):
    member = floating(world.org_a, abroad=True)
    url = reverse("mobility:profile", args=[member.public_id])
    assert 'name="abroad"' in (page := login("secretary").get(url).content.decode())
    assert "checked" in page.split('name="abroad"')[1].split(">")[0]
    login("secretary").post(url, {"away_place": "", "away_since": ""})
    member.refresh_from_db()
    assert member.abroad is False


def member_form_data(member, **changes) -> dict:
    data = {
        "name": member.name,
        "gender": member.gender,
        "birth_date": "",
        "ethnicity": member.ethnicity,
        "education": member.education,
        "status": member.status,
        "joined_on": member.joined_on or "",
        "full_member_on": member.full_member_on or "",
        "organization": member.organization.code,
        "employer": member.employer.uscc if member.employer else "",
        "post_level": member.post_level,
        "flow_type": member.flow_type,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_member_form_writes_abroad(world, login):
    member = contacted_four_months_ago(world)
    url = reverse("members:edit", args=[member.public_id])
    response = login("secretary").post(url, member_form_data(member, abroad="on"))
    assert response.status_code == 302, response.content.decode()
    member.refresh_from_db()
    assert member.abroad is True
    assert not overdue(world, member)


def test_member_form_refuses_abroad_for_a_regular_member_in_chinese(world, login):
    member = world.member_a
    url = reverse("members:edit", args=[member.public_id])
    response = login("secretary").post(url, member_form_data(member, abroad="on"))
    assert response.status_code == 200
    assert "只有管理类型为“流动”的党员可以登记为在国（境）外" in response.content.decode()
    member.refresh_from_db()
    assert member.abroad is False
