"""Tree write services (regions, organizations): scope re-checked, Chinese errors."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from liangxin.core.services import OutOfScope
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.services import organization_create
from liangxin.regions.models import Region
from liangxin.regions.services import region_create


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
