"""Enterprise write services: role, scope re-checked inside the transaction, Chinese errors."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.core.services import OutOfScope
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.services import enterprise_create, enterprise_update


def enterprise_data(region, **extra):
    return {
        "uscc": "91350100M000100Y43",
        "name": "新建科技有限公司",
        "region": region,
        "status": "operating",
        "employee_count": 12,
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
