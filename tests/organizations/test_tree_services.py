"""Tree write services (regions, organizations): scope re-checked, Chinese errors."""

import pytest
from django.core.exceptions import ValidationError

from liangxin.core.services import OutOfScope
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.services import organization_create
from liangxin.regions.models import Region
from liangxin.regions.services import region_create


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
