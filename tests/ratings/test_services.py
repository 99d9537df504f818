"""The rating workflow (WORK.md §3 [I from L]): 开启 → 自评 → 镇审核 → 区审定 → 公示 → 定级,
退回 one level with a reason, objections answered, 摘星 at once after a veto; nobody sets
their own organization's result; every step audited and an event row."""

import datetime
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.core.scoping import scoped
from liangxin.core.services import OutOfScope
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import services
from liangxin.ratings.models import (
    ChangeKind,
    CycleEvent,
    CycleState,
    Item,
    Rating,
    RatingChange,
    RatingCycle,
    RatingEvent,
    RatingState,
)
from tests.ratings.conftest import rubric_named

B = "非公企业党组织五星评定"
MONDAY_BEFORE_NATIONAL_DAY = datetime.date(2026, 9, 28)
pytestmark = pytest.mark.usefixtures("platform_all_met")


@pytest.fixture
def district(world):
    return world.user("district_admin")


@pytest.fixture
def cycle(world, district):
    return services.cycle_open(
        actor=district, rubric=rubric_named(B), year=2026, region=world.district
    )


def rating_of(cycle, organization) -> Rating:
    return Rating.objects.get(cycle=cycle, organization=organization)


def items(cycle, *, bonus=False):
    return list(Item.objects.filter(dimension__rubric=cycle.rubric, is_bonus=bonus))


def full_marks(cycle) -> dict:
    """What the organization scores itself: every item but the computed auto ones."""
    return {item: item.max_points for item in items(cycle) if not services.computable(item)}


def item_named(cycle, text: str) -> Item:
    return Item.objects.get(dimension__rubric=cycle.rubric, text=text)


def submitted(world, cycle, organization, *, actor=None):
    rating = rating_of(cycle, organization)
    actor = actor or world.user("secretary" if organization == world.org_a else "district_admin")
    services.rating_self_score(actor=actor, rating=rating, scores=full_marks(cycle))
    return services.rating_self_submit(actor=actor, rating=rating)


def approved(world, cycle, organization, *, satisfaction=D(95), vetoes=None, town=None):
    rating = submitted(world, cycle, organization)
    town = town or world.user("town_a_admin" if organization == world.org_a else "town_b_admin")
    services.rating_town_review(actor=town, rating=rating, satisfaction=satisfaction, vetoes=vetoes)
    rating, _ = services.rating_district_approve(actor=world.user("district_admin"), rating=rating)
    return rating


def publicized(world, cycle):
    for organization in (world.org_a, world.org_b):
        approved(world, cycle, organization)
    return services.cycle_publicize(
        actor=world.user("district_admin"), cycle=cycle, start=MONDAY_BEFORE_NATIONAL_DAY
    )


# --- opening --------------------------------------------------------------------------------


def test_cycle_open_rates_every_organization_the_rubric_applies_to(world, cycle):
    rated = set(cycle.ratings.values_list("organization__code", flat=True))
    assert rated == {"ORG-A", "ORG-B"}  # not the 党小组
    assert set(cycle.ratings.values_list("state", flat=True)) == {RatingState.DRAFT}
    assert RatingEvent.objects.filter(rating__cycle=cycle).count() == 2
    assert CycleEvent.objects.get(cycle=cycle).comment == "参评党组织 2 个"
    assert cycle.publicity_days == 5  # WORK.md §3: default 5 working days [I]


def test_only_the_district_opens_a_cycle_and_only_in_its_scope(world, district):
    with pytest.raises(PermissionDenied):
        services.cycle_open(
            actor=world.user("town_a_admin"), rubric=rubric_named(B), year=2026, region=world.town_a
        )
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.cycle_open(
            actor=district, rubric=rubric_named(B), year=2026, region=world.other_root
        )


def test_the_same_cycle_twice_is_refused(world, district, cycle):
    with pytest.raises(ValidationError, match="已按此细则开启评定"):
        services.cycle_open(
            actor=district, rubric=rubric_named(B), year=2026, region=world.district
        )


# --- self-assessment, review, approval ------------------------------------------------------


def test_a_rating_through_every_level_keeps_three_scores(world, cycle):
    rating = submitted(world, cycle, world.org_a)
    lowered = item_named(cycle, "党员发挥先锋模范作用")  # 6 points
    services.rating_town_review(
        actor=world.user("town_a_admin"),
        rating=rating,
        scores={lowered: (D(3), "先锋岗材料不全")},
        satisfaction=D(95),
    )
    rating, warnings = services.rating_district_approve(
        actor=world.user("district_admin"), rating=rating, scores={lowered: (D(4), "补充材料后")}
    )
    row = rating.scores.get(item=lowered)
    assert (row.self_score, row.town_score, row.district_score, row.final_score) == (6, 3, 4, 4)
    assert (row.town_comment, row.district_comment) == ("先锋岗材料不全", "补充材料后")
    # [L:邹城] 98 points × 70 % + 95 % × 30 = 68.6 + 28.5 = 97.1 → 五星
    assert (rating.total, rating.level, rating.label) == (D("97.10"), 5, "五星")
    assert rating.state == RatingState.APPROVED
    states = list(rating.events.values_list("state", flat=True))
    assert states == ["draft", "submitted", "town_reviewed", "approved"]
    assert RatingCycle.objects.get(pk=cycle.pk).state == CycleState.REVIEWING
    assert warnings == ["五星 1 个，占 100%，超过比例控制 10%（仅作提示）"]


def test_self_submit_needs_every_item(world, cycle):
    rating = rating_of(cycle, world.org_a)
    first = items(cycle)[0]
    services.rating_self_score(actor=world.user("secretary"), rating=rating, scores={first: 1})
    with pytest.raises(ValidationError, match="以下项目尚未自评"):
        services.rating_self_submit(actor=world.user("secretary"), rating=rating)


def test_a_score_above_the_item_points_is_refused(world, cycle):
    rating = rating_of(cycle, world.org_a)
    item = item_named(cycle, "党员发挥先锋模范作用")  # 6 points
    with pytest.raises(ValidationError, match="得分应在 0 到该项目分值之间"):
        services.rating_self_score(actor=world.user("secretary"), rating=rating, scores={item: 7})


def test_approval_needs_the_satisfaction_rate_the_rubric_weighs(world, cycle):
    rating = submitted(world, cycle, world.org_a)
    services.rating_town_review(actor=world.user("town_a_admin"), rating=rating)
    with pytest.raises(ValidationError, match="请先录入满意度"):
        services.rating_district_approve(actor=world.user("district_admin"), rating=rating)


def test_return_goes_back_one_level_with_a_reason(world, cycle):
    rating = submitted(world, cycle, world.org_a)
    town = world.user("town_a_admin")
    with pytest.raises(ValidationError, match="退回须写明原因"):
        services.rating_return(actor=town, rating=rating, reason="  ")
    rating = services.rating_return(actor=town, rating=rating, reason="佐证材料不全")
    assert (rating.state, rating.return_reason) == (RatingState.DRAFT, "佐证材料不全")
    rating = services.rating_self_submit(actor=world.user("secretary"), rating=rating)
    services.rating_town_review(actor=town, rating=rating, satisfaction=D(90))
    with pytest.raises(PermissionDenied):  # the town does not return its own review
        services.rating_return(actor=town, rating=rating, reason="重审")
    rating = services.rating_return(
        actor=world.user("district_admin"), rating=rating, reason="请镇核实"
    )
    assert rating.state == RatingState.SUBMITTED
    assert rating.events.last().comment == "请镇核实"


# --- nobody sets their own result -----------------------------------------------------------


def test_a_secretary_never_sets_their_own_organizations_result(world, cycle):
    secretary = world.user("secretary")
    rating = submitted(world, cycle, world.org_a)
    for step in (
        lambda: services.rating_town_review(actor=secretary, rating=rating, satisfaction=100),
        lambda: services.rating_district_approve(actor=secretary, rating=rating),
        lambda: services.rating_return(actor=secretary, rating=rating, reason="自己退回"),
        lambda: services.rating_category_set(
            actor=secretary, rating=rating, category="model", reason="自定"
        ),
        lambda: services.rating_change_record(
            actor=secretary, organization=world.org_a, kind=ChangeKind.DOWN, reason="x", to_level=1
        ),
        lambda: services.cycle_finalize(actor=secretary, cycle=cycle),
    ):
        with pytest.raises(PermissionDenied):
            step()
    assert rating_of(cycle, world.org_a).state == RatingState.SUBMITTED


def test_the_own_organization_guard_holds_whatever_the_role(world, cycle):
    """Even an account that could review (a town admin) holding the organization is refused."""
    holder = world.user("town_a_admin")
    holder.organizations.add(world.org_a)  # say, the town admin is also its secretary
    rating = submitted(world, cycle, world.org_a, actor=world.user("district_admin"))
    with pytest.raises(PermissionDenied, match="不能评定本组织"):
        services.rating_town_review(actor=holder, rating=rating, satisfaction=100)


def test_a_town_reviews_only_its_own_organizations(world, cycle):
    rating = submitted(world, cycle, world.org_a)
    with pytest.raises(OutOfScope):
        services.rating_town_review(actor=world.user("town_b_admin"), rating=rating)
    with pytest.raises(OutOfScope):
        services.rating_self_score(
            actor=world.user("secretary"), rating=rating_of(cycle, world.org_b), scores={}
        )


# --- 一票否决 --------------------------------------------------------------------------------


def test_a_veto_leaves_no_star_at_full_marks(world, cycle):
    """[L:陕西, 2014] 一票否决: no rating that cycle, full marks elsewhere."""
    veto = cycle.rubric.vetoes.first()
    rating = approved(
        world, cycle, world.org_a, satisfaction=D(100), vetoes={veto: (True, "安全事故")}
    )
    assert rating.total == D(100) and (rating.level, rating.vetoed) == (None, True)
    assert rating.label == "一票否决"


def test_a_veto_needs_its_facts(world, cycle):
    rating = submitted(world, cycle, world.org_a)
    veto = cycle.rubric.vetoes.first()
    with pytest.raises(ValidationError, match="须写明情况"):
        services.rating_town_review(
            actor=world.user("town_a_admin"), rating=rating, vetoes={veto: (True, "")}
        )


# --- 公示, objections, 定级 -------------------------------------------------------------------


def test_publicity_counts_working_days_with_the_holidays(world, cycle):
    """5 working days from Monday 28 September 2026: 28, 29, 30 September, then 国庆 to the
    7th, then 8 and 9 October."""
    cycle = publicized(world, cycle)
    assert (cycle.publicity_from, cycle.publicity_until) == (
        MONDAY_BEFORE_NATIONAL_DAY,
        datetime.date(2026, 10, 9),
    )
    assert set(cycle.ratings.values_list("state", flat=True)) == {RatingState.PUBLICIZED}


def test_publicity_waits_for_every_approval(world, cycle):
    approved(world, cycle, world.org_a)
    with pytest.raises(ValidationError, match="还有 1 个党组织未完成区审定"):
        services.cycle_publicize(actor=world.user("district_admin"), cycle=cycle)


def test_an_objection_that_changes_the_result_recomputes_it(world, cycle):
    """Issue 16 "done when": an objection that changes a result."""
    cycle = publicized(world, cycle)
    rating = rating_of(cycle, world.org_a)
    assert rating.label == "五星"
    objection = services.objection_record(
        actor=world.user("town_a_admin"),
        rating=rating,
        text="该企业去年发生安全事故",
        raised_by="群众",
    )
    veto = cycle.rubric.vetoes.get(text__contains="安全生产")
    district = world.user("district_admin")
    with pytest.raises(ValidationError, match="须给出复核后的得分"):
        services.objection_answer(
            actor=district, objection=objection, answer="属实", changes_result=True
        )
    services.objection_answer(
        actor=district,
        objection=objection,
        answer="经核实属实，一票否决",
        changes_result=True,
        vetoes={veto: (True, "2025年安全生产事故")},
    )
    rating.refresh_from_db()
    assert (rating.level, rating.vetoed) == (None, True)
    assert rating.events.last().comment == "异议复核：五星 → 一票否决"


def test_an_objection_answered_without_change_keeps_the_result(world, cycle):
    cycle = publicized(world, cycle)
    rating = rating_of(cycle, world.org_b)
    objection = services.objection_record(
        actor=world.user("district_admin"), rating=rating, text="评分偏高"
    )
    services.objection_answer(
        actor=world.user("district_admin"), objection=objection, answer="经核实无误"
    )
    rating.refresh_from_db()
    assert rating.label == "五星"


def test_finalize_after_the_publicity_writes_the_organizations_stars(world, cycle):
    cycle = publicized(world, cycle)
    district = world.user("district_admin")
    rating = rating_of(cycle, world.org_a)
    objection = services.objection_record(actor=district, rating=rating, text="有异议")
    with pytest.raises(ValidationError, match="期满后才能定级"):
        services.cycle_finalize(actor=district, cycle=cycle, on=datetime.date(2026, 10, 9))
    with pytest.raises(ValidationError, match="未答复"):
        services.cycle_finalize(actor=district, cycle=cycle, on=datetime.date(2026, 10, 10))
    services.objection_answer(actor=district, objection=objection, answer="无误")
    cycle = services.cycle_finalize(
        actor=district,
        cycle=cycle,
        on=datetime.date(2026, 10, 10),
        decision_number="示组〔2026〕8号",
    )
    assert cycle.state == CycleState.FINALIZED and cycle.decision_number == "示组〔2026〕8号"
    organization = PartyOrganization.objects.get(pk=world.org_a.pk)
    assert organization.star_level == 5
    # one full member, no brand: 孵化 by the default rule (< 3 full members) [I]
    assert organization.star_category == "incubating"
    change = RatingChange.objects.get(organization=organization)
    assert (change.kind, change.from_level, change.to_level) == (ChangeKind.UP, None, 5)
    assert set(cycle.ratings.values_list("state", flat=True)) == {RatingState.FINAL}
    assert LogEntry.objects.get_for_object(organization).exists()  # audited


def test_star_removed_at_once_after_a_veto_event(world):
    """WORK.md §3: a veto found later removes the star at once (摘星); a rise waits."""
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=4)
    district = world.user("district_admin")
    with pytest.raises(ValidationError, match="升星须在下一评定周期"):
        services.rating_change_record(
            actor=district, organization=world.org_a, kind=ChangeKind.UP, reason="x", to_level=5
        )
    change = services.rating_change_record(
        actor=district,
        organization=world.org_a,
        kind=ChangeKind.REMOVE,
        reason="发生重大安全生产事故（一票否决）",
        evidence="应急管理局通报",
    )
    assert (change.from_level, change.to_level) == (4, None)
    assert PartyOrganization.objects.get(pk=world.org_a.pk).star_level is None
    with pytest.raises(ValidationError, match="当前没有星级"):
        services.rating_change_record(
            actor=district, organization=world.org_a, kind=ChangeKind.REMOVE, reason="再摘"
        )


def test_category_override_needs_a_reason(world, cycle):
    rating = approved(world, cycle, world.org_a)
    district = world.user("district_admin")
    assert rating.category == "incubating"
    with pytest.raises(ValidationError, match="须写明理由"):
        services.rating_category_set(actor=district, rating=rating, category="standard", reason="")
    rating = services.rating_category_set(
        actor=district, rating=rating, category="standard", reason="党员已转正在即，实地走访达标"
    )
    assert (rating.category, rating.category_reason) == ("standard", "党员已转正在即，实地走访达标")


# --- scope and audit ------------------------------------------------------------------------


def test_ratings_and_cycles_are_scoped(world, cycle):
    def codes(persona):
        return set(
            scoped(Rating.objects.all(), world.user(persona)).values_list(
                "organization__code", flat=True
            )
        )

    assert codes("district_admin") == {"ORG-A", "ORG-B"}
    assert codes("town_a_admin") == {"ORG-A"}
    assert codes("secretary") == {"ORG-A"}
    assert codes("outsider") == set()
    for persona in ("district_admin", "town_a_admin", "secretary", "leader"):
        assert scoped(RatingCycle.objects.all(), world.user(persona)).count() == 1
    assert not scoped(RatingCycle.objects.all(), world.user("outsider")).exists()


def test_every_step_is_audited(world, cycle):
    rating = approved(world, cycle, world.org_a)
    assert LogEntry.objects.get_for_object(rating).count() >= 4


def test_a_grade_leaves_the_stars_and_a_lower_result_is_a_move_down(world, district):
    """分类定级 gives a grade, not stars [N frame]; under stars a lower result is 降星."""
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=3)
    grades = services.cycle_open(
        actor=district, rubric=rubric_named("基层党组织分类定级"), year=2026, region=world.district
    )
    for organization in (world.org_a, world.org_b):
        approved(world, grades, organization)
    grades = services.cycle_publicize(
        actor=district, cycle=grades, start=MONDAY_BEFORE_NATIONAL_DAY
    )
    services.cycle_finalize(actor=district, cycle=grades, on=datetime.date(2026, 10, 12))
    assert rating_of(grades, world.org_a).label == "好"
    assert PartyOrganization.objects.get(pk=world.org_a.pk).star_level == 3
    assert not RatingChange.objects.exists()

    stars = services.cycle_open(
        actor=district, rubric=rubric_named(B), year=2027, region=world.district
    )
    rating = submitted(world, stars, world.org_a)
    low = {item: (0, "未开展") for item in items(stars) if not services.computable(item)}
    services.rating_town_review(
        actor=world.user("town_a_admin"), rating=rating, scores=low, satisfaction=D(95)
    )
    services.rating_district_approve(actor=district, rating=rating)
    approved(world, stars, world.org_b)
    stars = services.cycle_publicize(actor=district, cycle=stars, start=datetime.date(2027, 3, 1))
    services.cycle_finalize(actor=district, cycle=stars, on=datetime.date(2027, 3, 10))
    change = RatingChange.objects.get(organization=world.org_a)
    # the computed auto items only: 24 × 70 % + 95 % × 30 = 45.3 → 一星 [L:邹城]
    assert (change.kind, change.from_level, change.to_level) == (ChangeKind.DOWN, 3, 1)
