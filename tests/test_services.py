"""Write services: role, scope re-checked inside the transaction, Chinese validation errors."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.core.services import OutOfScope
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.services import enterprise_create, enterprise_update
from liangxin.members.models import Member
from liangxin.members.services import member_create
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.services import organization_create
from liangxin.regions.models import Region
from liangxin.regions.services import region_create
from tests import factories as f


def enterprise_data(region, **extra):
    return {
        "uscc": "91350100M000100Y43",
        "name": "新建科技有限公司",
        "region": region,
        "status": "operating",
        "employee_count": 12,
        **extra,
    }


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
class TestEnterpriseServices:
    def test_town_admin_creates_inside_its_town(self, world):
        created = enterprise_create(
            actor=world.user("town_a_admin"), data=enterprise_data(world.grid_a)
        )
        assert created.region == world.grid_a

    def test_town_admin_cannot_create_in_another_town_and_nothing_is_saved(self, world):
        with pytest.raises(ValidationError, match="数据范围"):
            enterprise_create(actor=world.user("town_a_admin"), data=enterprise_data(world.grid_b))
        assert not Enterprise.objects.filter(uscc="91350100M000100Y43").exists()

    def test_cannot_move_an_enterprise_out_of_scope(self, world):
        with pytest.raises(ValidationError):
            enterprise_update(
                actor=world.user("town_a_admin"),
                enterprise=world.ent_a,
                data={"region": world.grid_b},
            )
        world.ent_a.refresh_from_db()
        assert world.ent_a.region == world.grid_a

    def test_editing_another_towns_enterprise_is_out_of_scope(self, world):
        with pytest.raises(OutOfScope):
            enterprise_update(
                actor=world.user("town_a_admin"), enterprise=world.ent_b, data={"name": "改名"}
            )

    @pytest.mark.parametrize("persona", ["leader", "instructor", "secretary", "audit_admin"])
    def test_read_only_roles_cannot_write_enterprises(self, world, persona):
        with pytest.raises(PermissionDenied):
            enterprise_create(actor=world.user(persona), data=enterprise_data(world.grid_a))

    def test_duplicate_uscc_is_a_field_error_in_chinese(self, world):
        data = enterprise_data(world.grid_a, uscc=world.ent_a.uscc)
        with pytest.raises(ValidationError) as exc:
            enterprise_create(actor=world.user("town_a_admin"), data=data)
        assert "uscc" in exc.value.message_dict
        assert "已存在" in exc.value.message_dict["uscc"][0]

    def test_bad_check_character_is_rejected(self, world):
        data = enterprise_data(world.grid_a, uscc="91350100M000100Y44")
        with pytest.raises(ValidationError) as exc:
            enterprise_create(actor=world.user("town_a_admin"), data=data)
        assert "校验码" in exc.value.message_dict["uscc"][0]


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


@pytest.mark.django_db
class TestTreeServices:
    def test_secretary_adds_a_sub_organization_under_its_own(self, world):
        child = organization_create(
            actor=world.user("secretary"),
            parent=world.org_a,
            data={
                "code": "ORG-A-G2",
                "name": "第二党小组",
                "kind": "group",
                "formation": "single",
                "region": world.grid_a,
            },
        )
        assert PartyOrganization.objects.get_parent(child).pk == world.org_a.pk

    def test_secretary_cannot_add_under_another_organization(self, world):
        with pytest.raises(OutOfScope):
            organization_create(
                actor=world.user("secretary"),
                parent=world.org_b,
                data={
                    "code": "ORG-B-G1",
                    "name": "小组",
                    "kind": "group",
                    "formation": "single",
                    "region": world.grid_b,
                },
            )
        assert not PartyOrganization.objects.filter(code="ORG-B-G1").exists()

    def test_town_admin_cannot_create_a_new_root_region(self, world):
        with pytest.raises(ValidationError):
            region_create(
                actor=world.user("town_a_admin"),
                parent=None,
                data={"code": "999999", "name": "越权区", "kind": "county"},
            )

    def test_town_admin_adds_a_grid_under_its_area(self, world):
        grid = region_create(
            actor=world.user("town_a_admin"),
            parent=world.area_a,
            data={"code": "CJ-A1-02", "name": "川姜二网格", "kind": "grid"},
        )
        assert Region.objects.get_parent(grid).pk == world.area_a.pk
