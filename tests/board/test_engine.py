"""The board's aggregates against the per-organization reference (WORK.md §3 **Board**:
"scores for every organization … computed by aggregates", same ranks), and the weights as
data: changing one changes the ranking."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest

from liangxin.accounts.models import User
from liangxin.board import engine
from liangxin.board.models import SubjectKind
from liangxin.board.reference import reference_table
from liangxin.board.scoring import Weighted, ranks, score
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.standards.models import (
    ChecklistResult,
    ChecklistTemplate,
    Inspection,
    Rectification,
    RectificationState,
    ResultStatus,
)

ALL = (
    Weighted("life.compliance", Decimal(30), Decimal(100)),
    Weighted("standards.checklist", Decimal(20), Decimal(100)),
    Weighted("standards.rectifications", Decimal(10), Decimal(100)),
    Weighted("ratings.star_level", Decimal(20), Decimal(5)),
    Weighted("coverage.org_coverage", Decimal(20), Decimal(100)),
)


@pytest.fixture
def demo(db):
    """The small demo's year, plus checklist results and rectifications (the generator
    writes none) of every kind the indicators tell apart."""
    from liangxin.demo.scales import ANCHOR_DATE
    from liangxin.demo.seed import seed_database

    seed_database("small", 7, stream=StringIO())
    standards_records(ANCHOR_DATE)
    return ANCHOR_DATE


def standards_records(on):
    template = ChecklistTemplate.objects.create(
        name="测试清单", effective_from=datetime.date(on.year, 1, 1), source="测试"
    )
    region = Region.objects.order_by("path").first()
    inspection = Inspection.objects.create(
        kind="special", held_on=datetime.date(on.year, 3, 1), region=region, team="督查组"
    )
    met_on = datetime.date(on.year, 6, 1)
    verifier = User.objects.filter(role="town_admin").first()
    for index, organization in enumerate(PartyOrganization.objects.order_by("path")):
        if index % 3 == 0:  # 达标 this year
            status, year = ResultStatus.MET, on.year
        elif index % 3 == 1:  # only submitted this year, or 达标 last year: neither counts
            status, year = (
                (ResultStatus.SUBMITTED, on.year)
                if index % 2
                else (
                    ResultStatus.MET,
                    on.year - 1,
                )
            )
        else:
            status = None
        if status:
            ChecklistResult.objects.create(
                organization=organization,
                template=template,
                year=year,
                status=status,
                met_on=met_on if status == ResultStatus.MET else None,
            )
        if index % 5 == 0:  # overdue and open; closed; or not yet due
            due = on - datetime.timedelta(days=10 if index % 2 else -10)
            closed = index % 15 == 0
            Rectification.objects.create(
                inspection=inspection,
                organization=organization,
                text="台账不全",
                owner="书记",
                due_on=due,
                state=RectificationState.CLOSED if closed else RectificationState.OPEN,
                closed_on=met_on if closed else None,
                verifier=verifier if closed else None,
            )


def as_tuples(rows):
    return [(r.subject.key, r.values, r.score, r.rank) for r in rows]


@pytest.mark.parametrize(
    "kind", [SubjectKind.REGION, SubjectKind.INDUSTRY, SubjectKind.ORGANIZATION]
)
def test_the_aggregates_equal_the_per_organization_reference_on_the_demo(demo, kind):
    root = Region.objects.filter(depth=1).order_by("path").first()
    indicators = ALL if kind != SubjectKind.ORGANIZATION else ALL[:4]
    spec = engine.Spec(kind, root.path, root.depth + 1, indicators)
    got = engine.table(spec, demo)
    expected = reference_table(spec, demo)
    assert as_tuples(got) == as_tuples(expected)
    assert len({r.rank for r in got if r.rank}) > 1  # the demo does rank
    for key in ("life.compliance", "standards.checklist", "standards.rectifications"):
        assert len({r.values[key] for r in got}) > 1, key  # each indicator tells them apart


def test_the_whole_dataset_by_towns_equals_the_reference(demo):
    spec = engine.Spec(SubjectKind.REGION, "", 2, ALL)
    assert as_tuples(engine.table(spec, demo)) == as_tuples(reference_table(spec, demo))


def test_a_weight_changed_changes_the_ranking():
    """WORK.md §8 "board weights" are data: the same values rank differently."""
    values = {
        "a": {"life.compliance": Decimal(90), "ratings.star_level": Decimal(1)},
        "b": {"life.compliance": Decimal(50), "ratings.star_level": Decimal(5)},
    }
    life_heavy = (
        Weighted("life.compliance", Decimal(3), Decimal(100)),
        Weighted("ratings.star_level", Decimal(1), Decimal(5)),
    )
    star_heavy = (
        Weighted("life.compliance", Decimal(1), Decimal(100)),
        Weighted("ratings.star_level", Decimal(3), Decimal(5)),
    )
    for weights, first in ((life_heavy, "a"), (star_heavy, "b")):
        placed = ranks({key: score(v, weights) for key, v in values.items()})
        assert placed[first] == 1


def test_equal_scores_share_a_rank_and_a_subject_without_values_has_none():
    assert ranks({"a": Decimal(80), "b": Decimal(90), "c": Decimal(80), "d": None}) == {
        "a": 2,
        "b": 1,
        "c": 2,
        "d": None,
    }
    assert score({"life.compliance": None}, ALL) is None


def test_an_indicator_without_a_value_is_left_out_of_the_weights():
    """100% compliance and no star data: the score is the compliance alone."""
    weights = ALL[:1] + ALL[3:4]
    assert score({"life.compliance": Decimal(100), "ratings.star_level": None}, weights) == 100
    assert score({"life.compliance": Decimal(100), "ratings.star_level": Decimal(0)}, weights) == (
        Decimal("60.00")
    )
