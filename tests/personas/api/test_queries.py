"""A list page costs the same number of SQL queries whatever its size (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.workforce.models import Instructor
from tests import factories as f

EXTRA = 30


@pytest.fixture
def crowded_world(world):
    """30 more of every kind in town A, each with the relations the serializers read."""
    day = datetime.timedelta(days=1)  # distinct birth dates keep the ID numbers distinct
    for n in range(EXTRA):
        f.region(f"CJ-A1-{n + 10:02d}", f"网格{n}", "grid", world.area_a)
        enterprise = f.EnterpriseFactory(region=world.grid_a)
        organization = f.organization(
            f"ORG-X{n}", f"支部{n}", region=world.grid_a, parent=world.org_a, covers=[enterprise]
        )
        member = f.MemberFactory(
            organization=organization,
            employer=enterprise,
            id_number_value=f.id_number(birth=datetime.date(1970, 1, 1) + day * n),
        )
        organization.secretary = member
        organization.save()
        enterprise.tags.add(1, 2)
        instructor = Instructor(name=f"指导员{n}", source="hired", region=world.town_a)
        instructor.set_id_number(f.id_number(birth=datetime.date(1960, 1, 1) + day * n))
        instructor.set_phone("13812345678")
        instructor.save()
        instructor.enterprises.set([enterprise, world.ent_a])
    return world


def queries_for(client, url: str, page_size: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(captured)


CASES = [
    *[("district_admin", kind) for kind in ("regions", "enterprises", "organizations")],
    *[("district_admin", kind) for kind in ("members", "instructors")],
    # The secretary's scope is the organization subtree: other rules, same promise.
    *[("secretary", kind) for kind in ("enterprises", "organizations", "members")],
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona,kind", CASES)
def test_list_query_count_does_not_grow_with_the_page(crowded_world, client_as, persona, kind):
    client = client_as(persona)
    assert queries_for(client, f"/api/v1/{kind}/", 5) == queries_for(
        client, f"/api/v1/{kind}/", EXTRA
    )
