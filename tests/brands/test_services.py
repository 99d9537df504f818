"""Brand workflow (培育 → 待命名 → 命名 → 复核 | 撤销, WORK.md §3 [L:平湖]) and 标杆 projects
with nodes: each write a service, each state change an event row, refusals in Chinese."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liangxin.brands import selectors, services
from liangxin.brands.models import (
    BrandAction,
    BrandEvent,
    BrandKind,
    BrandState,
    NodeEvent,
    NodeState,
    ProjectState,
)
from tests.brands.conftest import PDF, TIERS, add_node


def step(world, brand, action, persona="district_admin", comment=""):
    return services.brand_transition(
        actor=world.user(persona), brand=brand, action=action, comment=comment
    )


def test_a_brand_is_cultivated_submitted_named_reviewed_and_revoked(world, brand_a):
    assert brand_a.state == BrandState.CULTIVATING
    assert brand_a.region == world.grid_a  # its organization's region when none is given
    step(world, brand_a, BrandAction.SUBMIT, persona="secretary")
    named = step(world, brand_a, BrandAction.NAME)
    assert named.state == BrandState.NAMED and named.named_on == timezone.localdate()
    reviewed = step(world, named, BrandAction.REVIEW)
    assert reviewed.state == BrandState.REVIEWED and reviewed.reviewed_on is not None
    revoked = step(world, reviewed, BrandAction.REVOKE, comment="企业发生重大安全事故")
    assert revoked.state == BrandState.REVOKED
    events = list(BrandEvent.objects.filter(brand=brand_a).values_list("action", "state"))
    assert events == [
        (BrandAction.CREATE, BrandState.CULTIVATING),
        (BrandAction.SUBMIT, BrandState.SUBMITTED),
        (BrandAction.NAME, BrandState.NAMED),
        (BrandAction.REVIEW, BrandState.REVIEWED),
        (BrandAction.REVOKE, BrandState.REVOKED),
    ]
    assert BrandEvent.objects.filter(brand=brand_a).last().actor == world.user("district_admin")


@pytest.mark.parametrize("action", [BrandAction.RETURN, BrandAction.REVOKE])
def test_return_and_revoke_need_a_reason(world, brand_a, action):
    step(world, brand_a, BrandAction.SUBMIT, persona="town_a_admin")
    if action == BrandAction.REVOKE:
        step(world, brand_a, BrandAction.NAME)
    with pytest.raises(ValidationError, match="须写明原因"):
        step(world, brand_a, action, comment="  ")
    done = step(world, brand_a, action, comment="材料不全")
    expected = BrandState.CULTIVATING if action == BrandAction.RETURN else BrandState.REVOKED
    assert done.state == expected
    assert BrandEvent.objects.filter(brand=brand_a).last().comment == "材料不全"


def test_only_the_district_names_and_a_brand_cannot_skip_a_step(world, brand_a):
    with pytest.raises(ValidationError, match="不能命名"):
        step(world, brand_a, BrandAction.NAME)  # still 培育: not submitted
    step(world, brand_a, BrandAction.SUBMIT, persona="secretary")
    for persona in ("secretary", "town_a_admin"):
        with pytest.raises(PermissionDenied):
            step(world, brand_a, BrandAction.NAME, persona=persona)
    brand_a.refresh_from_db()
    assert brand_a.state == BrandState.SUBMITTED


def test_a_revoked_brand_is_not_edited(world, brand_a):
    step(world, brand_a, BrandAction.SUBMIT, persona="town_a_admin")
    step(world, brand_a, BrandAction.NAME)
    step(world, brand_a, BrandAction.REVOKE, comment="一票否决")
    with pytest.raises(ValidationError, match="已撤销"):
        services.brand_update(
            actor=world.user("town_a_admin"),
            brand=brand_a,
            data={"story": "改写"},
            holders=[world.org_a],
        )


def test_industry_and_area_brands(world):
    town = world.user("town_a_admin")
    with pytest.raises(ValidationError) as missing:
        services.brand_create(
            actor=town,
            data={"kind": BrandKind.INDUSTRY, "name": "纺织红链", "region": world.town_a},
        )
    assert "一业一品须填写所属行业" in str(missing.value)
    industry = services.brand_create(
        actor=town,
        data={"kind": BrandKind.INDUSTRY, "name": "纺织红链", "industry": "纺织业"},
        holders=[world.org_a],
    )
    assert industry.holder_label == "纺织业"
    area = services.brand_create(
        actor=town, data={"kind": BrandKind.AREA, "name": "川姜红帆", "region": world.town_a}
    )
    assert area.holder_label == "川姜镇" and area.region == world.town_a


def test_an_enterprise_brand_needs_its_organization(world):
    with pytest.raises(ValidationError) as caught:
        services.brand_create(
            actor=world.user("town_a_admin"),
            data={"kind": BrandKind.ENTERPRISE, "name": "无主品牌"},
        )
    assert "一企一品须选择所属党组织" in str(caught.value)


def test_brand_evidence_is_kept_encrypted(world, brand_a, tmp_path):
    upload = SimpleUploadedFile("品牌手册.pdf", PDF, content_type="application/pdf")
    evidence = services.brand_evidence_add(
        actor=world.user("secretary"), brand=brand_a, upload=upload
    )
    stored = (tmp_path / evidence.stored_file).read_bytes()
    assert PDF not in stored and evidence.size == len(PDF)


def test_the_programme_keeps_its_tiers_as_data(world, programme):
    tiers = list(programme.tiers.order_by("order").values_list("name", "target"))
    assert tiers == TIERS
    with pytest.raises(ValidationError):
        services.programme_create(
            actor=world.user("district_admin"),
            data={
                "name": "八个示范典型",
                "region": world.district,
                "start_year": 2026,
                "end_year": 2026,
                "source": "[L:平湖]",
            },
            tiers=[],
        )
    with pytest.raises(PermissionDenied):
        services.programme_create(
            actor=world.user("town_a_admin"),
            data={"name": "x", "region": world.town_a, "start_year": 2026, "end_year": 2026},
            tiers=TIERS,
        )


def test_progress_is_computed_from_the_nodes(world, project_a, yesterday):
    today = timezone.localdate()
    first = add_node(world, project_a, "阵地提升", today + datetime.timedelta(days=30))
    add_node(world, project_a, "品牌故事征集", yesterday)
    add_node(world, project_a, "观摩验收", today + datetime.timedelta(days=60))
    services.node_progress(
        actor=world.user("secretary"), node=first, state=NodeState.DONE, note="已完成改造"
    )
    row = selectors.project_list(user=world.user("district_admin")).get(pk=project_a.pk)
    assert (row.nodes_done, row.nodes_total, row.nodes_overdue) == (1, 3, 1)
    first.refresh_from_db()
    assert first.done_on == today and first.progress_note == "已完成改造"
    assert NodeEvent.objects.filter(node=first, state=NodeState.DONE).count() == 1


def test_a_project_is_achieved_only_when_every_node_is_done(world, project_a):
    node = add_node(world, project_a, "阵地提升", timezone.localdate())
    town = world.user("town_a_admin")
    with pytest.raises(ValidationError, match="未完成的节点"):
        services.project_close(actor=town, project=project_a, state=ProjectState.ACHIEVED)
    services.node_progress(actor=town, node=node, state=NodeState.DONE)
    done = services.project_close(actor=town, project=project_a, state=ProjectState.ACHIEVED)
    assert done.state == ProjectState.ACHIEVED
    tiers = selectors.tier_progress(user=world.user("district_admin"), programme=done.programme)
    assert {t["name"]: (t["projects_count"], t["achieved"]) for t in tiers}["行业标杆"] == (1, 1)
    with pytest.raises(ValidationError, match="不能再更新"):
        services.node_progress(actor=town, node=node, state=NodeState.ACTIVE)


def test_withdrawing_a_project_needs_a_reason(world, project_a):
    town = world.user("town_a_admin")
    with pytest.raises(ValidationError, match="退出须写明原因"):
        services.project_close(actor=town, project=project_a, state=ProjectState.WITHDRAWN)
    services.project_close(
        actor=town, project=project_a, state=ProjectState.WITHDRAWN, comment="企业停产"
    )
    assert project_a.events.last().comment == "企业停产"


def test_a_tier_of_another_programme_is_refused(world, programme, project_a):
    other = services.programme_create(
        actor=world.user("district_admin"),
        data={
            "name": "八个示范典型",
            "region": world.district,
            "start_year": 2026,
            "end_year": 2026,
            "source": "[L:平湖]",
        },
        tiers=[("示范典型", 8)],
    )
    with pytest.raises(ValidationError, match="不属于本工程"):
        services.project_create(
            actor=world.user("town_b_admin"),
            programme=programme,
            tier=other.tiers.get(),
            organization=world.org_b,
            plan="方案",
            owner="陈建国",
        )


def test_brands_by_region_counts_kind_and_state(world, brand_a, brand_b):
    step(world, brand_a, BrandAction.SUBMIT, persona="town_a_admin")
    step(world, brand_a, BrandAction.NAME)
    rows = selectors.brands_by_region(user=world.user("district_admin"), parent=world.district)
    by_region = {row["region"]: row for row in rows}
    assert by_region["川姜镇"][(BrandKind.ENTERPRISE, BrandState.NAMED)] == 1
    assert by_region["开发区"][(BrandKind.ENTERPRISE, BrandState.CULTIVATING)] == 1
    assert by_region["川姜镇"]["total"] == 1


def test_an_update_without_holders_keeps_them(world, brand_a):
    changed = services.brand_update(
        actor=world.user("secretary"), brand=brand_a, data={"story": "新的品牌故事"}
    )
    assert changed.story == "新的品牌故事"
    assert list(changed.holders.all()) == [world.org_a]
