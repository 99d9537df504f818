import datetime

import pytest
from django.utils import timezone

from liangxin.brands import services
from liangxin.brands.models import BrandKind

# "151" as 平湖 names it [L:平湖]; what the numbers stand for is data, so the tests give
# their own tiers rather than any fixed reading.
TIERS = [("示范标杆", 1), ("行业标杆", 5), ("培育标杆", 10)]
PDF = b"%PDF-1.4\n% brand evidence\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Evidence files are written encrypted under MEDIA_ROOT: keep them out of the dev folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def brand_a(world):
    return services.brand_create(
        actor=world.user("town_a_admin"),
        data={"kind": BrandKind.ENTERPRISE, "name": "红色织梦", "story": "以党建带动技能比武"},
        holders=[world.org_a],
    )


@pytest.fixture
def brand_b(world):
    return services.brand_create(
        actor=world.user("town_b_admin"),
        data={"kind": BrandKind.ENTERPRISE, "name": "机械先锋"},
        holders=[world.org_b],
    )


@pytest.fixture
def programme(world):
    return services.programme_create(
        actor=world.user("district_admin"),
        data={
            "name": "151标杆创建工程",
            "region": world.district,
            "start_year": 2026,
            "end_year": 2028,
            "source": "[L:平湖] 平湖市委组织部部长 崔小生 谈非公党建",
        },
        tiers=TIERS,
    )


@pytest.fixture
def project_a(world, programme):
    return services.project_create(
        actor=world.user("town_a_admin"),
        programme=programme,
        tier=programme.tiers.get(name="行业标杆"),
        organization=world.org_a,
        plan="一企一方案：阵地提升、品牌培育",
        owner="林晓红",
    )


@pytest.fixture
def project_b(world, programme):
    return services.project_create(
        actor=world.user("town_b_admin"),
        programme=programme,
        tier=programme.tiers.get(name="示范标杆"),
        organization=world.org_b,
        plan="一企一方案",
        owner="陈建国",
    )


def add_node(world, project, title, due_on, persona="town_a_admin"):
    return services.node_add(
        actor=world.user(persona), project=project, title=title, owner="林晓红", due_on=due_on
    )


@pytest.fixture
def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)
