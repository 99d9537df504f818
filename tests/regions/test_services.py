"""Region tree write services: a town admin adds under what it manages, never a new root."""

import pytest
from django.core.exceptions import ValidationError

from liangxin.regions.models import Region
from liangxin.regions.services import region_create


@pytest.mark.django_db
class TestRegionServices:
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
