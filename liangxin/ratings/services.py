"""Writes of rubrics, cycles and ratings (WORK.md §3 workflow): keyword-only, atomic, role
and scope checked, ``full_clean()`` before save, each state change a typed event row (and
the change history of auditlog). Who may do what is ``permissions``; the arithmetic is
``engine``'s.

Workflow: 开启 → 自评草稿 → 自评已提交 → 镇（园区）审核 (退回 → 草稿) → 区审定 (退回 → 镇)
→ 公示 (objection → 区复核) → 定级. A veto found later removes the star at once (摘星);
other moves wait for the next cycle. Distribution caps warn at approval, never block.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core.services import ensure_references_in_scope, ensure_target_in_scope, lock
from liangxin.organizations.models import COVERING_KINDS, OrgKind, PartyOrganization
from liangxin.ratings import auto, engine, permissions, rubric_file, specs, workdays
from liangxin.ratings.models import (
    Band,
    ChangeKind,
    CycleEvent,
    CycleState,
    Dimension,
    DistributionCap,
    Item,
    ItemKind,
    ItemScore,
    Objection,
    Rating,
    RatingChange,
    RatingCycle,
    RatingEvent,
    RatingState,
    Rubric,
    SatisfactionCap,
    VetoAnswer,
    VetoItem,
)
from liangxin.standards.models import ChecklistResult, ResultStatus

JOINT_OR_TEMPORARY = (OrgKind.JOINT_BRANCH, OrgKind.TEMPORARY_BRANCH)
# 退回 goes back one level: the town returns a self-assessment to its draft, the district
# returns a review to the town, and an approval back to the district's own review.
RETURN_TO = {
    RatingState.SUBMITTED: RatingState.DRAFT,
    RatingState.TOWN_REVIEWED: RatingState.SUBMITTED,
    RatingState.APPROVED: RatingState.TOWN_REVIEWED,
}


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _held_paths(actor) -> list[str]:
    held = getattr(actor, "organizations", None)
    return list(held.values_list("path", flat=True)) if held is not None else []


def _ensure_not_own(actor, organization, paths=None) -> None:
    """Nobody sets the result of an organization their account holds (a secretary's own,
    or one under it), whatever the role: the result is the town's and the district's word."""
    paths = _held_paths(actor) if paths is None else paths
    if any(organization.path.startswith(path) for path in paths):
        raise PermissionDenied("不能评定本组织（或下级组织）的结果")


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


# --- rubrics --------------------------------------------------------------------------------


def _next_version(name: str) -> int:
    last = Rubric.objects.filter(name=name).order_by("-version").values_list("version", flat=True)
    return (last.first() or 0) + 1


def ensure_rubric_editable(rubric: Rubric) -> None:
    """A version a cycle has used is never edited (a result keeps the version it used)."""
    if rubric.cycles.exists():
        raise ValidationError("该版本已被评定周期使用，不能修改：请先“生成新版本”，在新版本上修改")


RUBRIC_FIELDS = (
    "model",
    "star_count",
    "cycle_years",
    "applies_to",
    "bonus_cap",
    "satisfaction_weight",
    "standard_min_level",
    "incubating_months",
    "incubating_min_members",
    "source",
    "description",
)


def _copy_rows(source: Rubric, target: Rubric) -> None:
    for dimension in source.dimensions.all():
        items = list(dimension.items.all())
        dimension.pk, dimension.rubric = None, target
        dimension.save()
        for item in items:
            item.pk, item.dimension = None, dimension
        Item.objects.bulk_create(items)
    for model in (VetoItem, Band, SatisfactionCap, DistributionCap):
        rows = list(model.objects.filter(rubric=source))
        for row in rows:
            row.pk, row.rubric = None, target
        model.objects.bulk_create(rows)


@transaction.atomic
def rubric_new_version(*, actor, rubric: Rubric, effective_from=None) -> Rubric:
    """A copy of ``rubric`` (every row), numbered after the name's last version."""
    _ensure(permissions.can_edit_rubrics(actor), "只有区级管理员可以修改评星定级细则")
    copy = Rubric(
        name=rubric.name,
        version=_next_version(rubric.name),
        effective_from=effective_from or max(timezone.localdate(), rubric.effective_from),
        **{name: getattr(rubric, name) for name in RUBRIC_FIELDS},
    )
    _saved(copy)
    _copy_rows(rubric, copy)
    return copy


# The rows of a rubric a district admin edits, and their fields.
ROW_FIELDS = {
    Dimension: ("name", "max_points", "star_share", "order"),
    Item: (
        "dimension",
        "text",
        "max_points",
        "kind",
        "auto_source",
        "evidence_hint",
        "is_bonus",
        "order",
    ),
    VetoItem: ("text", "source", "order"),
    Band: ("min_points", "level", "label"),
    SatisfactionCap: ("below", "max_level", "source"),
    DistributionCap: ("level", "max_share", "source"),
}


def _rubric_of(row) -> Rubric:
    return row.dimension.rubric if isinstance(row, Item) else row.rubric


@transaction.atomic
def rubric_update(*, actor, rubric: Rubric, data: dict) -> Rubric:
    """The rubric's own fields (model, star count, weights …) on a version no cycle used."""
    _ensure(permissions.can_edit_rubrics(actor), "只有区级管理员可以修改评星定级细则")
    rubric = lock(rubric)
    ensure_rubric_editable(rubric)
    for name in (*RUBRIC_FIELDS, "effective_from"):
        if name in data:
            setattr(rubric, name, data[name])
    return _saved(rubric)


def _check_row(row) -> None:
    if isinstance(row, Item):
        if row.kind != ItemKind.AUTO:
            row.auto_source = ""
        elif row.auto_source not in auto.known_keys():
            raise ValidationError({"auto_source": [f"未知的自动数据来源：{row.auto_source}"]})


@transaction.atomic
def rubric_row_save(*, actor, rubric: Rubric, model: type, data: dict, row=None):
    """Add or change one row of a rubric (a dimension, item, veto item, band, satisfaction
    cap or distribution cap) on a version no cycle used."""
    _ensure(permissions.can_edit_rubrics(actor), "只有区级管理员可以修改评星定级细则")
    ensure_rubric_editable(lock(rubric))
    row = row or (model() if model is Item else model(rubric=rubric))
    for name in ROW_FIELDS[model]:
        if name in data:
            setattr(row, name, data[name])
    if _rubric_of(row).pk != rubric.pk:
        raise ValidationError("该条目不属于此细则版本")
    _check_row(row)
    return _saved(row)


@transaction.atomic
def rubric_row_delete(*, actor, row) -> None:
    _ensure(permissions.can_edit_rubrics(actor), "只有区级管理员可以修改评星定级细则")
    ensure_rubric_editable(lock(_rubric_of(row)))
    row.delete()


def _create_dimensions(rubric: Rubric, parsed: rubric_file.ParsedRubric) -> None:
    dimensions = {}
    for order, row in enumerate(parsed.dimensions):
        dimension = Dimension(rubric=rubric, order=order, name=row["name"])
        dimension.max_points, dimension.star_share = row["max_points"], row["star_share"]
        dimensions[row["name"]] = _saved(dimension)
    for order, row in enumerate(parsed.items):
        fields = {k: row[k] for k in ("text", "max_points", "kind", "evidence_hint")}
        item = Item(dimension=dimensions[row["dimension"]], order=order, **fields)
        item.auto_source, item.is_bonus = row["auto_source"] or "", bool(row["is_bonus"])
        _saved(item)


def _create_limits(rubric: Rubric, parsed: rubric_file.ParsedRubric) -> None:
    for order, row in enumerate(parsed.vetoes):
        _saved(VetoItem(rubric=rubric, order=order, text=row["text"], source=row["source"]))
    for model, rows in (
        (Band, parsed.bands),
        (SatisfactionCap, parsed.satisfaction_caps),
        (DistributionCap, parsed.distribution_caps),
    ):
        for row in rows:
            _saved(model(rubric=rubric, **{k: v for k, v in row.items() if k != "row"}))


@transaction.atomic
def rubric_import(*, actor, data: bytes) -> Rubric:
    """A new rubric version from a spreadsheet (rubric_file): all or nothing."""
    _ensure(permissions.can_edit_rubrics(actor), "只有区级管理员可以导入评星定级细则")
    try:
        parsed = rubric_file.read_rubric(data)
    except rubric_file.RubricFileError as exc:
        raise ValidationError([str(error) for error in exc.errors]) from None
    fields = parsed.fields
    rubric = _saved(Rubric(version=_next_version(fields["name"]), **fields))
    _create_dimensions(rubric, parsed)
    _create_limits(rubric, parsed)
    return rubric


# --- cycles ---------------------------------------------------------------------------------


def _cycle_event(cycle: RatingCycle, actor, comment: str = "") -> None:
    CycleEvent.objects.create(cycle=cycle, state=cycle.state, actor=actor, comment=comment)


def _move_cycle(cycle: RatingCycle, actor, state: str, comment: str = "") -> RatingCycle:
    cycle.state = state
    _saved(cycle)
    _cycle_event(cycle, actor, comment)
    return cycle


def rated_organizations(rubric: Rubric, region, on: datetime.date):
    """The active organizations of the region's subtree of the kinds the rubric rates."""
    kinds = rubric.applies_to or list(COVERING_KINDS)
    return PartyOrganization.objects.active(on).filter(
        region__path__startswith=region.path, kind__in=kinds
    )


def _open_ratings(cycle: RatingCycle, actor) -> int:
    organizations = rated_organizations(cycle.rubric, cycle.region, timezone.localdate())
    ratings = Rating.objects.bulk_create(
        Rating(cycle=cycle, organization=organization) for organization in organizations
    )
    if not ratings:  # some databases do not hand the primary keys back: read them
        return 0
    created = Rating.objects.filter(cycle=cycle).values_list("pk", flat=True)
    RatingEvent.objects.bulk_create(
        RatingEvent(rating_id=pk, state=RatingState.DRAFT, actor=actor) for pk in created
    )
    return len(ratings)


@transaction.atomic
def cycle_open(
    *,
    actor,
    rubric: Rubric,
    year: int,
    region,
    self_due=None,
    town_due=None,
    district_due=None,
    publicity_days: int = 5,
) -> RatingCycle:
    """开启: a rating (自评草稿) for every organization of the region the rubric applies to."""
    _ensure(permissions.can_run_cycles(actor), "只有区级管理员可以开启评星定级")
    ensure_references_in_scope(actor, {"region": region}, "region")
    cycle = RatingCycle(rubric=rubric, year=year, region=region, publicity_days=publicity_days)
    cycle.self_due, cycle.town_due, cycle.district_due = self_due, town_due, district_due
    _saved(cycle)
    count = _open_ratings(cycle, actor)
    if not count:
        raise ValidationError("该区域没有适用此细则的党组织")
    _cycle_event(cycle, actor, f"参评党组织 {count} 个")
    return cycle


def _ensure_cycle_state(cycle: RatingCycle, *states: str) -> None:
    if cycle.state not in states:
        raise ValidationError(f"评定周期{cycle.get_state_display()}，不能进行此操作")


def _cycle_for(actor, cycle: RatingCycle) -> RatingCycle:
    _ensure(permissions.can_run_cycles(actor), "只有区级管理员可以操作评定周期")
    ensure_target_in_scope(cycle, actor)
    return lock(cycle)


@transaction.atomic
def cycle_publicize(*, actor, cycle: RatingCycle, start=None) -> RatingCycle:
    """公示 for the cycle's working days (default 5), once every rating is approved."""
    cycle = _cycle_for(actor, cycle)
    _ensure_cycle_state(cycle, CycleState.OPEN, CycleState.REVIEWING)
    waiting = cycle.ratings.exclude(state=RatingState.APPROVED).count()
    if waiting:
        raise ValidationError(f"还有 {waiting} 个党组织未完成区审定，不能公示")
    cycle.publicity_from = workdays.first_workday(start or timezone.localdate())
    cycle.publicity_until = workdays.workday_span_end(cycle.publicity_from, cycle.publicity_days)
    for rating in cycle.ratings.select_for_update():
        _move(rating, actor, RatingState.PUBLICIZED)
    comment = f"公示 {cycle.publicity_from:%Y-%m-%d} 至 {cycle.publicity_until:%Y-%m-%d}"
    return _move_cycle(cycle, actor, CycleState.PUBLICIZING, comment)


@transaction.atomic
def cycle_finalize(*, actor, cycle: RatingCycle, on=None, decision_number: str = ""):
    """定级: after the 公示, every objection answered; results reach the organizations."""
    cycle = _cycle_for(actor, cycle)
    on = on or timezone.localdate()
    _ensure_cycle_state(cycle, CycleState.PUBLICIZING)
    if on <= cycle.publicity_until:
        raise ValidationError(f"公示期至 {cycle.publicity_until:%Y-%m-%d}，期满后才能定级")
    open_objections = Objection.objects.filter(rating__cycle=cycle, answered_on__isnull=True)
    if open_objections.exists():
        raise ValidationError(f"还有 {open_objections.count()} 条公示异议未答复，不能定级")
    spec, held = specs.rubric_spec(cycle.rubric), _held_paths(actor)
    for rating in cycle.ratings.select_for_update().select_related("organization"):
        _ensure_not_own(actor, rating.organization, held)
        _organization_result_write(rating, spec, actor, on)
        _move(rating, actor, RatingState.FINAL)
    cycle.finalized_on, cycle.decision_number = on, decision_number.strip()
    return _move_cycle(cycle, actor, CycleState.FINALIZED, cycle.decision_number)


@transaction.atomic
def cycle_archive(*, actor, cycle: RatingCycle) -> RatingCycle:
    cycle = _cycle_for(actor, cycle)
    _ensure_cycle_state(cycle, CycleState.FINALIZED)
    return _move_cycle(cycle, actor, CycleState.ARCHIVED)


# --- the organization's stars ---------------------------------------------------------------


STAR_FIELDS = ("star_level", "star_category")


def _write_stars(organization, level: int | None, category: str | None) -> None:
    """The organization's current stars and category: only this module writes them. Only
    these two fields are checked (their constraint included): an unrelated flaw of an old
    record must not stop a whole cycle's 定级."""
    organization = lock(organization)
    organization.star_level = level or None
    if category is not None:
        organization.star_category = category
    others = [f.name for f in organization._meta.fields if f.name not in STAR_FIELDS]
    organization.clean_fields(exclude=others)
    organization.validate_constraints(exclude=others)
    organization.save(update_fields=[*STAR_FIELDS, "updated_at"])


def _change_kind(before: int | None, after: int | None) -> str | None:
    if (before or 0) == (after or 0):
        return None
    if not after:
        return ChangeKind.REMOVE
    return ChangeKind.UP if after > (before or 0) else ChangeKind.DOWN


def _record_move(rating: Rating, before, after, actor, on) -> None:
    kind = _change_kind(before, after)
    if kind is None:
        return
    RatingChange.objects.create(
        organization=rating.organization,
        rating=rating,
        kind=kind,
        from_level=before,
        to_level=after,
        reason=f"{rating.cycle.year}年评定：{rating.label}",
        on=on,
        actor=actor,
    )


def _organization_result_write(rating: Rating, spec, actor, on) -> None:
    organization = rating.organization
    if spec.model == engine.GRADES:  # a grade is not a star: the stars stay as they are
        _write_stars(organization, organization.star_level, rating.category)
        return
    stars = rating.level or None
    _record_move(rating, organization.star_level, stars, actor, on)
    _write_stars(organization, stars, rating.category)


@transaction.atomic
def rating_change_record(
    *, actor, organization, kind: str, reason: str, on=None, evidence: str = "", to_level=None
) -> RatingChange:
    """摘星 (or 降星) between cycles, at once, after a 一票否决 event or a failed
    inspection; a rise waits for the next cycle."""
    _ensure(permissions.can_approve(actor), "只有区级管理员可以调整星级")
    ensure_target_in_scope(organization, actor)
    _ensure_not_own(actor, organization)
    organization = lock(organization)
    before = organization.star_level
    if kind == ChangeKind.UP:
        raise ValidationError("升星须在下一评定周期评定")
    if not before:
        raise ValidationError("该党组织当前没有星级")
    if kind == ChangeKind.DOWN and not (to_level and 1 <= to_level < before):
        raise ValidationError({"to_level": [f"降星后的星级应在 1 到 {before - 1} 之间"]})
    if not reason.strip():
        raise ValidationError({"reason": ["星级变动须写明理由"]})
    after = None if kind == ChangeKind.REMOVE else to_level
    change = RatingChange(organization=organization, kind=kind, from_level=before)
    change.to_level, change.reason, change.evidence = after, reason.strip(), evidence.strip()
    change.on, change.actor = on or timezone.localdate(), actor
    _saved(change)
    _write_stars(organization, after, None)
    return change


# --- ratings --------------------------------------------------------------------------------


def _move(rating: Rating, actor, state: str, comment: str = "") -> Rating:
    rating.state = state
    _saved(rating)
    RatingEvent.objects.create(rating=rating, state=state, actor=actor, comment=comment)
    return rating


def _rating_for(actor, rating: Rating, *states: str) -> Rating:
    ensure_target_in_scope(rating, actor)
    rating = lock(rating)
    if states and rating.state not in states:
        raise ValidationError(f"该评定当前为“{rating.get_state_display()}”，不能进行此操作")
    return rating


def _score_row(rating: Rating, item: Item) -> ItemScore:
    if item.dimension.rubric_id != rating.cycle.rubric_id:
        raise ValidationError("该项目不属于本周期的细则")
    row, _ = ItemScore.objects.get_or_create(
        rating=rating, item=item, defaults={"max_points": item.max_points}
    )
    return row


def _set_scores(rating: Rating, scores: dict, level: str) -> None:
    """``scores``: {item: score} or {item: (score, comment)} at ``level`` (self, town or
    district). An item the level leaves out keeps the level below's score."""
    for item, value in scores.items():
        score, comment = value if isinstance(value, tuple) else (value, "")
        row = _score_row(rating, item)
        setattr(row, f"{level}_score", None if score is None else Decimal(score))
        setattr(row, f"{level}_comment", (comment or "").strip())
        _saved(row)


def computable(item: Item) -> bool:
    """An auto item whose source the platform holds: its score is computed, never typed."""
    return item.kind == ItemKind.AUTO and auto.source_for(item.auto_source) is not None


def _as_of(cycle: RatingCycle) -> datetime.date:
    """The day the platform's data is read for: today, or the cycle year's last day."""
    return min(timezone.localdate(), datetime.date(cycle.year, 12, 31))


BELOW = {"town": "self", "district": "town"}


def _apply_auto(rating: Rating, level: str, corrected=()) -> None:
    """The auto items' scores at ``level`` from the platform's data as of now, with the
    sentence that says why. A reviewer's correction (an item in ``corrected``) stands with
    its reason, and the town's correction carries to the district unless it corrects too."""
    items = [
        i for i in Item.objects.filter(dimension__rubric=rating.cycle.rubric_id) if computable(i)
    ]
    organizations = PartyOrganization.objects.filter(pk=rating.organization_id)
    found = auto.auto_scores(items, organizations, _as_of(rating.cycle))
    for item in items:
        computed, row = found[rating.organization_id, item.pk], _score_row(rating, item)
        row.auto_note = computed.note
        if item in corrected:
            _ensure_correction_reason(row, level, computed.score)
        else:
            setattr(row, f"{level}_score", _auto_or_correction(row, level, computed.score))
        _saved(row)


def _ensure_correction_reason(row: ItemScore, level: str, computed) -> None:
    if getattr(row, f"{level}_score") != computed and not getattr(row, f"{level}_comment"):
        raise ValidationError(f"“{row.item.text}”为自动项，调整平台计算的得分须写明理由")


def _auto_or_correction(row: ItemScore, level: str, computed):
    """The town's corrected score (it has its reason) over the platform's, at the district."""
    below = BELOW.get(level)
    if below == "town" and row.town_comment and row.town_score is not None:
        return row.town_score
    return computed


def _carry_scores(rating: Rating, level: str, below: str) -> None:
    for row in rating.scores.filter(**{f"{level}_score__isnull": True}):
        setattr(row, f"{level}_score", getattr(row, f"{below}_score"))
        _saved(row)


@transaction.atomic
def rating_self_score(*, actor, rating: Rating, scores: dict) -> Rating:
    """The organization's own scores (自评), item by item, while its draft is open."""
    _ensure(permissions.can_self_assess(actor), "您的角色不能填写自评")
    rating = _rating_for(actor, rating, RatingState.DRAFT)
    typed = [item.text for item in scores if computable(item)]
    if typed:
        raise ValidationError(f"以下为自动项，由平台数据计算，无需自评：{'、'.join(typed)}")
    _set_scores(rating, scores, "self")
    return _recompute(rating)


def _missing_items(rating: Rating, level: str) -> list[str]:
    items = Item.objects.filter(dimension__rubric=rating.cycle.rubric_id, is_bonus=False)
    scored = set(
        rating.scores.filter(**{f"{level}_score__isnull": False}).values_list("item_id", flat=True)
    )
    return [i.text for i in items if i.pk not in scored and not computable(i)]


@transaction.atomic
def rating_self_submit(*, actor, rating: Rating, comment: str = "") -> Rating:
    """自评草稿 → 自评已提交: every item but the bonus ones scored."""
    _ensure(permissions.can_self_assess(actor), "您的角色不能提交自评")
    rating = _rating_for(actor, rating, RatingState.DRAFT)
    missing = _missing_items(rating, "self")
    if missing:
        raise ValidationError(f"以下项目尚未自评：{'、'.join(missing)}")
    _apply_auto(rating, "self")
    _recompute(rating)
    rating.return_reason = ""
    return _move(rating, actor, RatingState.SUBMITTED, comment.strip())


def _reviewer(actor, rating: Rating, allowed: bool, message: str, *states: str) -> Rating:
    _ensure(allowed, message)
    rating = _rating_for(actor, rating, *states)
    _ensure_not_own(actor, rating.organization)
    return rating


def _answer_vetoes(rating: Rating, vetoes: dict, actor) -> None:
    """``vetoes``: {veto item: (triggered, note)}."""
    for veto, (triggered, note) in vetoes.items():
        if veto.rubric_id != rating.cycle.rubric_id:
            raise ValidationError("该否决项不属于本周期的细则")
        answer, _ = VetoAnswer.objects.get_or_create(rating=rating, veto=veto)
        answer.triggered, answer.note, answer.answered_by = triggered, note.strip(), actor
        _saved(answer)


def _take_satisfaction(rating: Rating, satisfaction) -> None:
    if satisfaction is not None:
        rating.satisfaction = Decimal(satisfaction)


@transaction.atomic
def rating_town_review(
    *,
    actor,
    rating: Rating,
    scores: dict | None = None,
    vetoes: dict | None = None,
    satisfaction=None,
    comment: str = "",
) -> Rating:
    """镇（园区）审核: the town's score per item with its reasons (an item it leaves out keeps
    the self-score), the veto answers, the satisfaction rate; → 镇（园区）已审核."""
    rating = _reviewer(
        actor,
        rating,
        permissions.can_review(actor),
        "只有镇（园区）或区级管理员可以审核",
        RatingState.SUBMITTED,
    )
    _set_scores(rating, scores or {}, "town")
    _apply_auto(rating, "town", corrected=set(scores or {}))
    _carry_scores(rating, "town", "self")
    _answer_vetoes(rating, vetoes or {}, actor)
    _take_satisfaction(rating, satisfaction)
    _start_review(rating.cycle, actor)
    _recompute(rating)
    return _move(rating, actor, RatingState.TOWN_REVIEWED, comment.strip())


def _start_review(cycle: RatingCycle, actor) -> None:
    """The first review moves the cycle from 开启 to 评审中."""
    cycle = lock(cycle)
    if cycle.state == CycleState.OPEN:
        _move_cycle(cycle, actor, CycleState.REVIEWING)


def _ensure_complete(rating: Rating, spec) -> None:
    if spec.satisfaction_weight and rating.satisfaction is None:
        raise ValidationError({"satisfaction": ["本细则计入群众满意度，请先录入满意度"]})


@transaction.atomic
def rating_district_approve(
    *,
    actor,
    rating: Rating,
    scores: dict | None = None,
    vetoes: dict | None = None,
    satisfaction=None,
    comment: str = "",
) -> tuple[Rating, list[str]]:
    """区审定: the district's scores (an item it leaves out keeps the town's); → 区已审定.
    Returns the rating and the cycle's distribution-cap warnings (never a block)."""
    rating = _reviewer(
        actor,
        rating,
        permissions.can_approve(actor),
        "只有区级管理员可以审定",
        RatingState.TOWN_REVIEWED,
    )
    _set_scores(rating, scores or {}, "district")
    _apply_auto(rating, "district", corrected=set(scores or {}))
    _carry_scores(rating, "district", "town")
    _answer_vetoes(rating, vetoes or {}, actor)
    _take_satisfaction(rating, satisfaction)
    spec = specs.rubric_spec(rating.cycle.rubric)
    _ensure_complete(rating, spec)
    _recompute(rating, spec)
    _move(rating, actor, RatingState.APPROVED, comment.strip())
    return rating, cycle_distribution_warnings(rating.cycle)


def cycle_distribution_warnings(cycle: RatingCycle) -> list[str]:
    """The distribution caps passed by the cycle's approved results (and later ones)."""
    done = (RatingState.APPROVED, RatingState.PUBLICIZED, RatingState.FINAL)
    levels = list(cycle.ratings.filter(state__in=done).values_list("level", flat=True))
    spec = specs.rubric_spec(cycle.rubric)
    return engine.distribution_warnings(
        levels, specs.distribution_caps(cycle.rubric), spec.level_label
    )


@transaction.atomic
def rating_return(*, actor, rating: Rating, reason: str) -> Rating:
    """退回 one level with the reason: the town returns a self-assessment, the district a
    review or an approval."""
    rating = _rating_for(actor, rating, *RETURN_TO)
    allowed = (
        permissions.can_review(actor)
        if rating.state == RatingState.SUBMITTED
        else permissions.can_approve(actor)
    )
    _ensure(allowed, "您的角色不能退回此评定")
    _ensure_not_own(actor, rating.organization)
    if not reason.strip():
        raise ValidationError({"reason": ["退回须写明原因"]})
    rating.return_reason = reason.strip()
    return _move(rating, actor, RETURN_TO[rating.state], reason.strip())


@transaction.atomic
def rating_category_set(*, actor, rating: Rating, category: str, reason: str) -> Rating:
    """A category other than the default rule's, with the reason (WORK.md §3 [I])."""
    rating = _reviewer(
        actor,
        rating,
        permissions.can_approve(actor),
        "只有区级管理员可以调整类别",
        RatingState.TOWN_REVIEWED,
        RatingState.APPROVED,
        RatingState.PUBLICIZED,
    )
    default = default_category(rating, specs.rubric_spec(rating.cycle.rubric))
    try:
        engine.check_category_override(default, category, reason)
    except ValueError as exc:
        raise ValidationError({"category_reason": [str(exc)]}) from None
    rating.category = category
    rating.category_reason = "" if category == default else reason.strip()
    return _saved(rating)


# --- objections -----------------------------------------------------------------------------


@transaction.atomic
def objection_record(
    *, actor, rating: Rating, text: str, raised_by: str = "", received_on=None
) -> Objection:
    """An objection received during the 公示."""
    _ensure(permissions.can_review(actor), "只有镇（园区）或区级管理员可以登记异议")
    rating = _rating_for(actor, rating, RatingState.PUBLICIZED)
    objection = Objection(rating=rating, text=text.strip(), raised_by=raised_by.strip())
    objection.received_on = received_on or timezone.localdate()
    return _saved(objection)


@transaction.atomic
def objection_answer(
    *,
    actor,
    objection: Objection,
    answer: str,
    changes_result: bool = False,
    scores: dict | None = None,
    vetoes: dict | None = None,
    satisfaction=None,
) -> Objection:
    """区复核's answer; one that changes the result sets the district's scores (or veto
    answers, or satisfaction) anew and recomputes the result."""
    rating = _reviewer(
        actor,
        objection.rating,
        permissions.can_approve(actor),
        "只有区级管理员可以答复异议",
        RatingState.PUBLICIZED,
    )
    objection = lock(objection)
    if objection.answered_on:
        raise ValidationError("该异议已答复")
    if changes_result and not (scores or vetoes or satisfaction is not None):
        raise ValidationError("改变评定结果须给出复核后的得分、否决认定或满意度")
    objection.answer, objection.changes_result = answer.strip(), changes_result
    objection.answered_on, objection.answered_by = timezone.localdate(), actor
    _saved(objection)
    if changes_result:
        _review_again(rating, actor, scores or {}, vetoes or {}, satisfaction)
    return objection


def _review_again(rating: Rating, actor, scores: dict, vetoes: dict, satisfaction) -> None:
    before = rating.label
    _set_scores(rating, scores, "district")
    _answer_vetoes(rating, vetoes, actor)
    _take_satisfaction(rating, satisfaction)
    _recompute(rating)
    comment = f"异议复核：{before} → {rating.label}"
    RatingEvent.objects.create(rating=rating, state=rating.state, actor=actor, comment=comment)


# --- the result -----------------------------------------------------------------------------


def final_scores(rating: Rating) -> dict:
    """{item id: score}: each item's latest level's score (district, else town, else self)."""
    rows = rating.scores.values_list("item_id", "self_score", "town_score", "district_score")
    return {
        item: next((s for s in (district, town, own) if s is not None), None)
        for item, own, town, district in rows
    }


def category_facts(rating: Rating, on: datetime.date) -> engine.CategoryFacts:
    organization = rating.organization
    met = ChecklistResult.objects.filter(
        organization=organization, year=rating.cycle.year, status=ResultStatus.MET
    ).exists()
    return engine.CategoryFacts(
        established_on=organization.established_on,
        joint_or_temporary=organization.kind in JOINT_OR_TEMPORARY,
        full_members=organization.members.not_departed().full().count(),
        has_brand=bool(organization.brand.strip()),
        checklist_met=met,
    )


def default_category(rating: Rating, spec) -> str:
    rule = specs.category_rule(rating.cycle.rubric, spec)
    on = datetime.date(rating.cycle.year, 12, 31)
    return engine.default_category(rating.level, category_facts(rating, on), rule, on)


def _recompute(rating: Rating, spec=None) -> Rating:
    """Total, level, label, veto and (unless overridden with a reason) the category."""
    spec = spec or specs.rubric_spec(rating.cycle.rubric)
    scores = final_scores(rating)
    for row in rating.scores.all():
        row.final_score = scores[row.item_id]
        row.save(update_fields=["final_score"])
    vetoed = rating.veto_answers.filter(triggered=True).exists()
    result = engine.score(spec, scores, vetoed=vetoed, satisfaction=rating.satisfaction)
    rating.total, rating.level, rating.label = result.total, result.level, result.label
    rating.vetoed, rating.explanation = result.vetoed, "\n".join(result.lines)
    if not rating.category_reason:
        rating.category = default_category(rating, spec)
    return _saved(rating)
