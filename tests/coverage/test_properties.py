"""Property tests: random ledgers, the SQL engine against the per-enterprise reference."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liangxin.coverage.definitions import INDICATOR_KEYS, aggregate_expressions, annotated_base
from liangxin.coverage.reference import reference_counts
from liangxin.coverage.selectors import coverage_counts, subtree_and_children
from liangxin.regions.models import Region
from tests import factories as f

TODAY = datetime.date(2026, 11, 21)

enterprise_st = st.fixed_dictionaries(
    {
        "grid": st.integers(0, 3),
        "employees": st.sampled_from([0, 3, 49, 50, 99, 100, 250]),
        "status": st.sampled_from(["operating", "operating", "preparing", "deregistered"]),
        "category": st.sampled_from(["enterprise", "enterprise", "social", "individual"]),
        "above_scale": st.booleans(),
        "members": st.lists(
            st.tuples(st.sampled_from(["full", "probationary"]), st.booleans()), max_size=4
        ),
        "instructor": st.sampled_from([None, True, False]),
    }
)
org_st = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(
            ["branch", "joint_branch", "committee", "group", "working_committee"]
        ),
        "formation": st.sampled_from(["single", "joint", "attached"]),
        "dissolved": st.booleans(),
        "covers": st.sets(st.integers(0, 11), max_size=4),
    }
)


def build(enterprises, orgs):
    county = f.region("C", "县", "county")
    towns = [f.region(f"T{i}", f"镇{i}", "town", county) for i in range(2)]
    grids = [f.region(f"G{i}", f"网格{i}", "grid", towns[i % 2]) for i in range(3)]
    places = [*grids, towns[0]]  # index 3: an enterprise registered directly on a town
    made = []
    for spec in enterprises:
        made.append(
            f.EnterpriseFactory(
                region=places[spec["grid"]],
                employee_count=spec["employees"],
                status=spec["status"],
                category=spec["category"],
                above_scale=spec["above_scale"],
            )
        )
    host = f.organization("ROOT", "党委", region=county, kind="committee")
    for index, spec in enumerate(orgs):
        covers = [made[i] for i in spec["covers"] if i < len(made)]
        dissolved = (
            {"dissolved_on": TODAY - datetime.timedelta(days=1)} if spec["dissolved"] else {}
        )
        f.organization(
            f"O{index}",
            f"组织{index}",
            region=county,
            kind=spec["kind"],
            formation=spec["formation"],
            parent=host,
            covers=covers,
            **dissolved,
        )
    for enterprise, spec in zip(made, enterprises, strict=True):
        for status, departed in spec["members"]:
            f.MemberFactory(
                organization=host,
                employer=enterprise,
                status=status,
                full_member_on=None if status == "probationary" else datetime.date(2011, 7, 1),
                flow_type="departed" if departed else "inflow",
            )
        if spec["instructor"] is not None:
            f.InstructorFactory(enterprises=[enterprise], active=spec["instructor"])
    return county


def direct_counts(region):
    row = annotated_base(TODAY).filter(region=region).aggregate(**aggregate_expressions())
    return {key: (row[f"{key}__num"], row[f"{key}__den"]) for key in INDICATOR_KEYS}


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(enterprises=st.lists(enterprise_st, max_size=12), orgs=st.lists(org_st, max_size=5))
def test_engine_matches_reference_and_rolls_up(enterprises, orgs):
    with transaction.atomic():
        build(enterprises, orgs)
        for region in Region.objects.all():
            for category in ("enterprise", "social"):
                engine = coverage_counts(region=region, category=category, on=TODAY)
                assert engine == reference_counts(region=region, category=category, on=TODAY)
        # A parent's figures are its children's plus its own direct enterprises.
        for parent in Region.objects.filter(depth__lte=2):  # fresh rows: numchild is current
            parent_counts = coverage_counts(region=parent, on=TODAY)
            parts = [
                coverage_counts(region=c, on=TODAY) for c in Region.objects.get_children(parent)
            ]
            parts.append(direct_counts(parent))
            for key in INDICATOR_KEYS:
                assert parent_counts[key][0] == sum(p[key][0] for p in parts)
                assert parent_counts[key][1] == sum(p[key][1] for p in parts)
            # The dashboard's one GROUP BY gives the same subtree and children.
            total, children = subtree_and_children(parent=parent, on=TODAY)
            assert total == parent_counts
            assert [counts for _, counts in children] == parts[:-1]
        transaction.set_rollback(True)
