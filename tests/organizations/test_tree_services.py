"""Organization tree write services: scope re-checked inside the transaction."""

import pytest

from liangxin.core.services import OutOfScope
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.services import organization_create


@pytest.mark.django_db
class TestOrganizationTreeServices:
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
