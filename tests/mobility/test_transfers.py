"""组织关系转接: issue, receive, return, expire; agreements of inflow members (丹东 四种模式).

Between two platform organizations the receiving side completes the transfer and the
member moves; to or from outside the platform it is a letter record (RULES.md
"Mobile members": letter validity 3 months, configurable).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liangxin.core.services import OutOfScope
from liangxin.members.models import Member
from liangxin.mobility import selectors, services
from liangxin.mobility.deadlines import add_months
from liangxin.mobility.models import DualManagementAgreement, Transfer
from tests import factories as f
from tests.mobility.conftest import DAY

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def issue(as_user, world, persona="town_a_admin", **data):
    values = {"letter_number": "转字第001号", "issued_on": TODAY, "reason": "floating", **data}
    return as_user(world.user(persona), services.transfer_issue, data=values)


def receive(as_user, world, persona, transfer, on=TODAY):
    return as_user(
        world.user(persona), services.transfer_receive, transfer=transfer, received_on=on
    )


def events(transfer) -> list[str]:
    return list(transfer.events.values_list("kind", flat=True))


# --- between two platform organizations --------------------------------------------------


def test_receiving_moves_the_member_and_completes(world, as_user):
    transfer = issue(as_user, world, member=world.member_a, to_organization=world.org_b)
    assert (transfer.direction, transfer.from_organization) == ("out", world.org_a)
    assert transfer.valid_until == add_months(TODAY, 3)
    receive(as_user, world, "town_b_admin", transfer)
    transfer.refresh_from_db()
    member = Member.objects.get(pk=world.member_a.pk)
    assert (transfer.state, transfer.received_on) == ("received", TODAY)
    assert (member.organization, member.flow_type) == (world.org_b, "regular")
    assert events(transfer) == ["issued", "received"]
    assert transfer.events.last().actor == world.user("town_b_admin")


def test_town_b_admin_cannot_receive_into_town_a(world, as_user):
    transfer = issue(
        as_user, world, "town_b_admin", member=world.member_b, to_organization=world.org_a
    )
    with pytest.raises(PermissionDenied):
        receive(as_user, world, "town_b_admin", transfer)
    receive(as_user, world, "town_a_admin", transfer)
    assert Member.objects.get(pk=world.member_b.pk).organization == world.org_a


def test_a_transfer_outside_the_scope_does_not_exist(world, as_user):
    transfer = issue(as_user, world, member=world.member_a, to_organization=world.org_b)
    with pytest.raises(OutOfScope):
        receive(as_user, world, "outsider", transfer)


def test_read_only_roles_cannot_receive(world, as_user):
    transfer = issue(as_user, world, member=world.member_a, to_organization=world.org_b)
    with pytest.raises(PermissionDenied):
        receive(as_user, world, "leader", transfer)


def test_issuing_for_a_member_outside_the_scope_is_refused(world, as_user):
    with pytest.raises(OutOfScope):
        issue(as_user, world, member=world.member_b, to_organization=world.org_a)


def test_returned_letter_cannot_be_received(world, as_user):
    transfer = issue(as_user, world, member=world.member_a, to_organization=world.org_b)
    returner = world.user("town_b_admin")
    with pytest.raises(ValidationError) as caught:
        as_user(returner, services.transfer_return, transfer=transfer, returned_on=TODAY, note="")
    assert "请填写退回原因" in caught.value.message_dict["note"]
    as_user(
        returner, services.transfer_return, transfer=transfer, returned_on=TODAY, note="信息有误"
    )
    transfer.refresh_from_db()
    assert transfer.state == "returned" and events(transfer) == ["issued", "returned"]
    with pytest.raises(ValidationError):
        receive(as_user, world, "town_b_admin", transfer)
    assert Member.objects.get(pk=world.member_a.pk).organization == world.org_a


def test_a_letter_received_the_day_after_valid_until_is_refused(world, as_user):
    issued = add_months(TODAY, -4)
    transfer = issue(
        as_user, world, member=world.member_a, to_organization=world.org_b, issued_on=issued
    )
    with pytest.raises(ValidationError) as caught:
        receive(as_user, world, "town_b_admin", transfer, on=transfer.valid_until + DAY)
    assert "介绍信已过期" in caught.value.message_dict["received_on"][0]
    receive(as_user, world, "town_b_admin", transfer, on=transfer.valid_until)
    transfer.refresh_from_db()
    assert transfer.state == "received"


def test_the_expiry_job_stores_expired(world, as_user):
    transfer = issue(
        as_user,
        world,
        member=world.member_a,
        to_organization=world.org_b,
        issued_on=add_months(TODAY, -4),
    )
    fresh = issue(
        as_user,
        world,
        "town_b_admin",
        member=world.member_b,
        to_organization=world.org_a,
        letter_number="转字第002号",
    )
    assert services.transfers_expire() == 1
    transfer.refresh_from_db()
    fresh.refresh_from_db()
    assert (transfer.state, fresh.state) == ("expired", "issued")
    assert events(transfer) == ["issued", "expired"]


def test_one_open_transfer_per_member_and_unique_letter_numbers(world, as_user):
    issue(as_user, world, member=world.member_a, to_organization=world.org_b)
    with pytest.raises(ValidationError) as caught:
        issue(
            as_user,
            world,
            member=world.member_a,
            to_organization_name="外地某党支部",
            letter_number="转字第009号",
        )
    assert "该党员已有正在办理的组织关系转接" in caught.value.message_dict["member"]
    other = f.MemberFactory(organization=world.org_a)
    with pytest.raises(ValidationError) as caught:
        issue(as_user, world, member=other, to_organization_name="外地某党支部")
    assert caught.value.message_dict["letter_number"] == ["该介绍信编号已登记"]


def test_sides_are_checked(world, as_user):
    with pytest.raises(ValidationError) as caught:
        issue(as_user, world, member=world.member_a, to_organization=world.org_a)
    assert "转入党组织不能与转出党组织相同" in caught.value.message_dict["to_organization"]
    with pytest.raises(ValidationError) as caught:
        issue(as_user, world, member=world.member_a)
    assert "请填写转入党组织" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        issue(as_user, world, from_organization_name="外地", to_organization_name="外地二")
    assert caught.value.message_dict["to_organization"]


def test_a_future_issue_date_is_refused(world, as_user):
    with pytest.raises(ValidationError) as caught:
        issue(
            as_user,
            world,
            member=world.member_a,
            to_organization=world.org_b,
            issued_on=timezone.localdate() + DAY,  # read now: a run may cross midnight
        )
    assert caught.value.message_dict["issued_on"] == ["日期不能晚于今天"]


# --- to and from outside the platform: letters -----------------------------------------------


def test_departed_member_listed_until_the_letter_to_outside_is_received(world, as_user):
    member = f.MemberFactory(organization=world.org_a, flow_type="departed", name="离职甲")
    user = world.user("town_a_admin")
    assert list(selectors.departed_open(user=user)) == [member]
    transfer = issue(
        as_user, world, member=member, to_organization_name="某社区党委", reason="departed"
    )
    assert selectors.departed_open(user=user).get().latest_letter == "转字第001号"
    receive(as_user, world, "town_a_admin", transfer)  # the issuer records the receipt
    assert not selectors.departed_open(user=user).exists()
    assert Member.objects.get(pk=member.pk).organization == world.org_a


def test_letter_from_outside_without_a_member_record(world, as_user):
    with pytest.raises(ValidationError) as caught:
        issue(as_user, world, from_organization_name="外地某党支部", to_organization=world.org_a)
    assert caught.value.message_dict["person_name"]
    transfer = issue(
        as_user,
        world,
        from_organization_name="外地某党支部",
        to_organization=world.org_a,
        person_name="王转入",
    )
    assert transfer.direction == "in"
    receive(as_user, world, "town_a_admin", transfer)
    transfer.refresh_from_db()
    assert transfer.state == "received"


def test_a_letter_from_outside_into_another_town_is_refused(world, as_user):
    with pytest.raises(ValidationError) as caught:
        issue(
            as_user,
            world,
            "town_b_admin",
            from_organization_name="外地某党支部",
            to_organization=world.org_a,
            person_name="王转入",
        )
    assert caught.value.message_dict["to_organization"] == ["该党组织不在您的管辖范围内"]


# --- 流入: dual-management agreements ---------------------------------------------------------


def inflow_member(world):
    return f.MemberFactory(organization=world.org_a, flow_type="inflow", name="流入乙")


def agreement_data(member, **extra):
    return {
        "member": member,
        "number": "双管001",
        "signed_on": TODAY,
        "home_organization_name": "某村党支部",
        **extra,
    }


def test_inflow_member_without_agreement_is_listed_until_one_is_signed(world, as_user):
    member = inflow_member(world)
    user = world.user("town_a_admin")
    assert list(selectors.inflow_without_agreement(user=user)) == [member]
    agreement = as_user(user, services.agreement_create, data=agreement_data(member))
    assert not selectors.inflow_without_agreement(user=user).exists()
    assert list(selectors.open_agreements(user=user)) == [agreement]


def test_agreement_only_for_inflow_members(world, as_user):
    with pytest.raises(ValidationError) as caught:
        as_user(
            world.user("town_a_admin"),
            services.agreement_create,
            data=agreement_data(world.member_a),
        )
    assert caught.value.message_dict["member"]


def test_transferred_in_closes_the_agreement_and_member_becomes_regular(world, as_user):
    member = inflow_member(world)
    user = world.user("town_a_admin")
    agreement = as_user(user, services.agreement_create, data=agreement_data(member))
    as_user(
        user, services.agreement_mark_transferred_in, agreement=agreement, transferred_in_on=TODAY
    )
    assert not selectors.open_agreements(user=user).exists()
    assert Member.objects.get(pk=member.pk).flow_type == "regular"


def test_receiving_the_letter_from_home_closes_the_agreement(world, as_user):
    member = inflow_member(world)
    user = world.user("town_a_admin")
    as_user(user, services.agreement_create, data=agreement_data(member))
    transfer = issue(
        as_user,
        world,
        member=member,
        from_organization_name="某村党支部",
        to_organization=world.org_a,
    )
    receive(as_user, world, "town_a_admin", transfer)
    assert DualManagementAgreement.objects.get().transferred_in_on == TODAY
    assert Member.objects.get(pk=member.pk).flow_type == "regular"


def test_transfer_scope_both_sides_see_it(world, as_user):
    transfer = issue(as_user, world, member=world.member_a, to_organization=world.org_b)
    seen = {
        persona: selectors.transfer_list(user=world.user(persona)).filter(pk=transfer.pk).exists()
        for persona in (
            "district_admin",
            "town_a_admin",
            "town_b_admin",
            "secretary",
            "instructor",
            "leader",
            "outsider",
        )
    }
    assert seen == {
        "district_admin": True,
        "town_a_admin": True,
        "town_b_admin": True,
        "secretary": True,
        "instructor": False,
        "leader": True,
        "outsider": False,
    }
    assert Transfer.objects.count() == 1
