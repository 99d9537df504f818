"""The 党内统计 forms' cells over a small world (WORK.md §7: 表27, 表30; 应建尚未建立 = ≥3
employed full members, 仅有个别党员 = 1–2 [I]; the unit forms count members over the units'
staff and show 未转入组织关系的 (流入) apart)."""

import datetime

import pytest

from liangxin.statforms import editions, engine, selectors
from tests import factories as f

AS_OF = datetime.date(2025, 12, 31)
T27 = editions.FORM_27.title
T30 = editions.FORM_30.title


def cells(title, region, as_of=AS_OF):
    return engine.compute(editions.FORMS[title], region, as_of)


@pytest.fixture
def units(world):
    """On top of the world (ent_a: own 支部, ent_a2: instructor, ent_b: own 支部)."""
    g = world.grid_a
    w = {}
    w["should"] = f.EnterpriseFactory(
        region=g, employee_count=60, control_type="private_sole", legal_rep_is_member=True
    )
    for _ in range(3):
        f.MemberFactory(organization=world.org_a, employer=w["should"])
    w["few"] = f.EnterpriseFactory(region=g, employee_count=10, control_type="hmt_sole")
    f.MemberFactory(organization=world.org_a, employer=w["few"], flow_type="inflow")
    f.MemberFactory(
        organization=world.org_a, employer=w["few"], status="probationary", full_member_on=None
    )
    f.MemberFactory(organization=world.org_a, employer=w["few"], flow_type="departed")
    w["joint1"] = f.EnterpriseFactory(region=g, employee_count=20, control_type="foreign_invested")
    w["joint2"] = f.EnterpriseFactory(region=g, employee_count=20)
    for _ in range(3):
        f.MemberFactory(organization=world.org_a, employer=w["joint1"])
    f.organization(
        "J-1",
        "联合党支部",
        region=g,
        kind="joint_branch",
        formation="joint",
        covers=[w["joint1"], w["joint2"]],
    )
    w["later"] = f.EnterpriseFactory(region=g, registered_on=datetime.date(2026, 3, 1))
    w["gone"] = f.EnterpriseFactory(region=g, status="deregistered")
    w["person"] = f.EnterpriseFactory(region=g, is_legal_entity=False)
    w["committee"] = f.EnterpriseFactory(
        region=world.grid_b,
        employee_count=300,
        legal_rep_is_member=True,
        legal_rep_is_secretary=True,
    )
    f.organization(
        "C-1",
        "党委",
        region=world.grid_b,
        kind="committee",
        covers=[w["committee"]],
        established_on=datetime.date(2020, 1, 1),
    )
    f.organization(
        "C-OLD",
        "撤销的支部",
        region=world.grid_b,
        covers=[w["later"]],
        dissolved_on=datetime.date(2024, 1, 1),
    )
    return w


def test_form_27_rows_for_the_district(world, units):
    v = cells(T27, world.district)
    # ent_a, ent_a2, ent_b, should, few, joint1, joint2, committee (not: later, gone, person)
    assert v[("units", "total")] == 8
    assert v[("own", "total")] == 3  # ent_a, ent_b (支部), committee (党委)
    assert v[("own_committee", "total")] == 1 and v[("own_branch", "total")] == 2
    assert v[("joint", "total")] == 2 and v[("joint_3plus", "total")] == 1
    assert v[("joint_orgs", "total")] == 1
    assert v[("none", "total")] == 3  # ent_a2, should, few
    assert v[("none_should", "total")] == 1  # ≥3 employed full members
    assert v[("none_few", "total")] == 1  # 1 inflow + 1 probationary (departed left)
    assert v[("none_zero", "total")] == 1
    assert v[("units_instructed", "total")] == 1 and v[("sup_instructors", "total")] == 1
    assert v[("sup_inflow", "total")] == 1
    assert v[("sup_members_all", "total")] == 2 + 3 + 2 + 3  # member_a, member_b, …


def test_form_27_columns_are_unions_of_the_control_codes(world, units):
    v = cells(T27, world.district)
    assert v[("units", "private_controlled")] == 1 and v[("units", "private_sole")] == 1
    assert v[("units", "hmt_invested")] == 1 and v[("units", "hmt_controlled")] == 1
    assert v[("units", "hmt_sole")] == 1
    assert v[("units", "foreign_invested")] == 1 and v[("units", "foreign_controlled")] == 0
    assert v[("units", "emp100")] == 2 and v[("units", "emp50")] == 4
    assert v[("units", "rep_member")] == 2 and v[("units", "rep_secretary")] == 1


def test_as_of_an_earlier_date_leaves_out_what_came_later(world, units):
    v = cells(T27, world.district, datetime.date(2019, 12, 31))
    assert v[("own_committee", "total")] == 0  # the 党委 was established in 2020


def test_a_town_counts_its_subtree_only(world, units):
    v = cells(T27, world.town_b)
    assert v[("units", "total")] == 2  # ent_b and the committee's unit


def test_form_30_counts_social_organizations_by_subtype(world):
    g = world.grid_a
    assoc = f.EnterpriseFactory(region=g, category="social", social_subtype="association")
    f.EnterpriseFactory(region=g, category="law_firm")
    f.EnterpriseFactory(region=g, category="social", social_subtype="foundation")
    org = f.organization("S-1", "商会党支部", region=g, covers=[assoc], has_party_group=True)
    f.organization(
        "S-2",
        "流入党员党支部",
        region=g,
        kind="joint_branch",
        formation="joint",
        covers=[assoc],
        formed_by_untransferred=True,
    )
    f.MemberFactory(organization=org, employer=assoc, flow_type="inflow")
    v = cells(T30, world.district)
    assert v[("units", "total")] == 3
    assert v[("units", "association")] == 1 and v[("units", "law_firm")] == 1
    assert v[("own_group", "association")] == 1
    assert v[("sup_untransferred_orgs", "total")] == 1
    assert v[("sup_inflow", "total")] == 1
    assert v[("none_zero", "total")] == 2


def test_form_table_for_the_report_helper_is_scoped(world, units):
    from django.http import Http404

    table = selectors.form_table(world.user("town_a_admin"), T27, world.town_a, AS_OF)
    assert table["number"] == "表27" and table["values"]["units"]["total"] == 6
    assert table["base"]["by_employer"] - table["base"]["inflow"] == table["base"]["by_relation"]
    with pytest.raises(Http404):
        selectors.form_table(world.user("town_a_admin"), T27, world.town_b, AS_OF)
    with pytest.raises(Http404):
        selectors.form_table(world.user("district_admin"), "不存在的表", world.district, AS_OF)


def test_the_drill_down_lists_the_units_of_the_cell(world, units):
    form, row, col, found, behind = selectors.cell_units(
        world.user("district_admin"), T27, world.district, AS_OF, "none_should", "total"
    )
    assert [u.pk for u in found] == [units["should"].pk]
    *_, behind = selectors.cell_units(
        world.user("district_admin"), T27, world.district, AS_OF, "joint_orgs", "total"
    )
    assert [o.code for o in behind] == ["J-1"]


def test_the_engine_agrees_with_the_naive_reference(world, units):
    from liangxin.statforms.reference import reference_cells

    for form in editions.FORMS.values():
        assert engine.compute(form, world.district, AS_OF) == reference_cells(
            form, world.district, AS_OF
        )


def test_many_regions_in_one_pass_agree_with_the_reference_region_by_region(world, units):
    """compute_many (the province in one pass): nested regions each get their own cells."""
    from liangxin.statforms.reference import reference_cells

    regions = [world.district, world.town_a, world.town_b]
    for form in editions.FORMS.values():
        many = engine.compute_many(form, regions, AS_OF)
        for region in regions:
            assert many[region] == reference_cells(form, region, AS_OF)


def test_every_unit_cell_counts_the_units_its_drill_down_lists(world, units):
    """The cells evaluate the rows' and columns' filters in Python; the drill-down runs
    them in SQL: both must select the same units."""
    for form in editions.FORMS.values():
        values = engine.compute(form, world.district, AS_OF)
        for row in form.rows:
            if row.measure != editions.UNITS:
                continue
            for col in form.cols:
                listed = engine.cell_units(form, row, col, world.district, AS_OF).count()
                assert values[(row.key, col.key)] == listed, (row.key, col.key)


def test_a_filter_the_engine_cannot_evaluate_is_refused():
    from django.db.models import Q

    with pytest.raises(ValueError):
        engine._holds(Q(social_subtype__icontains="律师"), {"social_subtype": "律师事务所"})
    assert engine._holds(~Q(employee_count__gte=50), {"employee_count": None})
    assert not engine._holds(Q(employee_count__gte=50), {"employee_count": None})


def test_a_large_subtree_found_by_path_gives_the_same_cells(world, units, monkeypatch):
    """Above BY_REGION_ID regions the units are found by the path prefix instead."""
    from liangxin.statforms.reference import reference_cells

    by_id = {t: engine.base_difference(f, world.town_a, AS_OF) for t, f in editions.FORMS.items()}
    monkeypatch.setattr(engine, "BY_REGION_ID", 0)
    for title, form in editions.FORMS.items():
        assert engine.compute(form, world.town_a, AS_OF) == reference_cells(
            form, world.town_a, AS_OF
        )
        assert engine.base_difference(form, world.town_a, AS_OF) == by_id[title]
