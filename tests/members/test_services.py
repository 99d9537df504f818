"""Member write services: role, scope re-checked inside the transaction, Chinese errors."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from liangxin.members.models import Member
from liangxin.members.services import member_create
from tests import factories as f


def member_data(world, number, **extra):
    return {
        "name": "李明",
        "status": "full",
        "joined_on": datetime.date(2012, 7, 1),
        "full_member_on": datetime.date(2013, 7, 1),
        "organization": world.org_a,
        "id_number": number,
        **extra,
    }


@pytest.mark.django_db
class TestMemberServices:
    def test_gender_and_birth_date_are_derived_from_the_number(self, world):
        number = f.id_number("350503", datetime.date(1990, 2, 3), male=False)
        member = member_create(actor=world.user("secretary"), data=member_data(world, number))
        assert member.gender == "F" and member.birth_date == datetime.date(1990, 2, 3)

    def test_gender_disagreeing_with_the_number_is_rejected(self, world):
        # GB 11643: the 17th digit is odd for men, even for women.
        number = f.id_number("350503", datetime.date(1990, 2, 3), male=False)
        with pytest.raises(ValidationError) as exc:
            member_create(
                actor=world.user("secretary"), data=member_data(world, number, gender="M")
            )
        assert "性别" in exc.value.message_dict["gender"][0]

    def test_birth_date_disagreeing_with_the_number_is_rejected(self, world):
        number = f.id_number("350503", datetime.date(1990, 2, 3), male=True)
        data = member_data(world, number, birth_date=datetime.date(1990, 2, 4))
        with pytest.raises(ValidationError) as exc:
            member_create(actor=world.user("secretary"), data=data)
        assert "出生日期" in exc.value.message_dict["birth_date"][0]

    def test_duplicate_id_number_is_reported_on_the_id_number_field(self, world):
        data = member_data(world, world.member_a_id_number)
        with pytest.raises(ValidationError) as exc:
            member_create(actor=world.user("secretary"), data=data)
        assert "已登记" in exc.value.message_dict["id_number"][0]
        assert Member.objects.count() == 2

    def test_full_membership_must_follow_joining(self, world):
        number = f.id_number("350503", datetime.date(1990, 2, 3), male=True)
        data = member_data(world, number, full_member_on=datetime.date(2012, 1, 1))
        with pytest.raises(ValidationError, match="转正日期应晚于入党日期"):
            member_create(actor=world.user("secretary"), data=data)

    def test_secretary_cannot_place_a_member_in_another_organization(self, world):
        number = f.id_number("350503", datetime.date(1990, 2, 3), male=True)
        data = member_data(world, number, organization=world.org_b)
        with pytest.raises(ValidationError, match="数据范围"):
            member_create(actor=world.user("secretary"), data=data)
        assert not Member.objects.filter(name="李明").exists()

    def test_missing_id_number(self, world):
        data = member_data(world, "")
        with pytest.raises(ValidationError) as exc:
            member_create(actor=world.user("secretary"), data=data)
        assert "公民身份号码" in exc.value.message_dict["id_number"][0]
