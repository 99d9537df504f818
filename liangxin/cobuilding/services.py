"""Writes of co-building (keyword-only, atomic, validated, in scope; the audit log keeps the
history). An illegal write is refused with a Chinese message and nothing is saved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError

from liangxin.cobuilding import permissions
from liangxin.cobuilding.models import (
    Alliance,
    AllianceMember,
    ChairTerm,
    IssueState,
    JointMeeting,
    MeetingIssue,
    Outcome,
    Pairing,
    Workshop,
    WorkshopFigure,
)
from liangxin.core.scoping import in_scope
from liangxin.core.services import ensure_result_in_scope, ensure_target_in_scope, lock

MAX_ISSUES = 30


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _references_in_scope(actor, data: dict, *names: str) -> None:
    errors = {
        name: "所选记录不存在或不在您的管辖范围内"
        for name in names
        if isinstance(data.get(name), Model) and not in_scope(data[name], actor)
    }
    if errors:
        raise ValidationError(errors)


def _stripped(data: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


def _keep(actor, instance, data: dict, refs: tuple[str, ...]):
    """Create or update ``instance`` from ``data``: the target, the records it names and
    the result must all be in the actor's scope."""
    if instance.pk is not None:
        ensure_target_in_scope(instance, actor)
        instance = lock(instance)
    _references_in_scope(actor, data, *refs)
    for name, value in _stripped(data).items():
        setattr(instance, name, value)
    _save(instance)
    ensure_result_in_scope(instance, actor)
    return instance


# --- the sets -----------------------------------------------------------------------------


SETS_REFUSED = "只有区级管理员可以维护联建项目和类型"


def _unique_name(model, name: str, row=None) -> None:
    """A set's names are unique (the database says so too); said in Chinese, by name."""
    same = model.objects.filter(name__iexact=name)
    if row is not None:
        same = same.exclude(pk=row.pk)
    if same.exists():
        noun = model._meta.verbose_name
        raise ValidationError({"name": f"已有名为“{name}”的{noun}，名称不能重复"})


@transaction.atomic
def set_item_create(*, actor, model, name: str, source: str = "", unit: str | None = None):
    _require(permissions.can_edit_sets(actor), SETS_REFUSED)
    name = name.strip()
    _unique_name(model, name)
    row = model(name=name, source=source.strip(), order=model.objects.count() + 1)
    if unit is not None:
        row.unit = unit.strip()
    return _save(row)


@transaction.atomic
def set_item_update(
    *, actor, row, name: str, source: str = "", active: bool = True, unit: str | None = None
):
    """Rename an entry, change its source or unit, switch it on or off. The records that
    use it keep it (by reference): a renamed entry shows its new name on them."""
    _require(permissions.can_edit_sets(actor), SETS_REFUSED)
    row = lock(row)
    name = name.strip()
    _unique_name(type(row), name, row)
    row.name, row.source, row.active = name, source.strip(), active
    if unit is not None:
        row.unit = unit.strip()
    return _save(row)


@transaction.atomic
def set_item_toggle(*, actor, row):
    _require(permissions.can_edit_sets(actor), SETS_REFUSED)
    row = lock(row)
    row.active = not row.active
    return _save(row)


# --- pairings, alliances, workshops -----------------------------------------------------

PAIRING_REFS = ("enterprise", "organization", "region", "village_region")


@transaction.atomic
def pairing_save(*, actor, pairing: Pairing | None = None, **data) -> Pairing:
    """村企联建 and 山海协作; the region defaults to the enterprise's (or organization's)."""
    _require(permissions.can_keep(actor), "您的角色不能登记村企联建")
    if data.get("region") is None:
        party = data.get("enterprise") or data.get("organization")
        data["region"] = party.region if party is not None else None
    if data.get("village_region") is not None:
        data["village_name"], data["village_town"] = "", ""
    return _keep(actor, pairing or Pairing(), data, PAIRING_REFS)


@transaction.atomic
def alliance_save(*, actor, alliance: Alliance | None = None, **data) -> Alliance:
    _require(permissions.can_keep(actor), "您的角色不能登记党建联盟")
    return _keep(actor, alliance or Alliance(), data, ("region", "lead"))


@transaction.atomic
def member_add(*, actor, alliance: Alliance, **data) -> AllianceMember:
    _require(permissions.can_keep(actor), "您的角色不能维护联盟成员")
    ensure_target_in_scope(alliance, actor)
    return _keep(actor, AllianceMember(alliance=alliance), data, ("organization", "enterprise"))


@transaction.atomic
def member_update(*, actor, member: AllianceMember, **data) -> AllianceMember:
    """Change a member's role or dates (退出: ``left_on``)."""
    _require(permissions.can_keep(actor), "您的角色不能维护联盟成员")
    return _keep(actor, member, data, ("organization", "enterprise"))


@transaction.atomic
def chair_term_add(*, actor, alliance: Alliance, chair, starts_on, ends_on) -> ChairTerm:
    """A chair for a period: a current member of the alliance; terms do not overlap."""
    _require(permissions.can_keep(actor), "您的角色不能设置轮值主席")
    ensure_target_in_scope(alliance, actor)
    alliance = lock(alliance)
    if chair.alliance_id != alliance.pk:
        raise ValidationError({"chair": "轮值主席须为本联盟成员"})
    if chair.left_on is not None and chair.left_on < starts_on:
        raise ValidationError({"chair": "该成员已在任期开始前退出联盟"})
    overlapping = alliance.chair_terms.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if ends_on >= starts_on and overlapping.exists():
        raise ValidationError({"starts_on": "任期与已有的轮值主席任期重叠"})
    term = ChairTerm(alliance=alliance, chair=chair, starts_on=starts_on, ends_on=ends_on)
    return _save(term)


@transaction.atomic
def meeting_record(*, actor, alliance: Alliance, issues: list[str] = (), **data) -> JointMeeting:
    """A 联席会议 with the issues raised (one row each, 待跟进)."""
    _require(permissions.can_record(actor), "您的角色不能登记联席会议")
    ensure_target_in_scope(alliance, actor)
    issues = [text.strip() for text in issues if text.strip()]
    if len(issues) > MAX_ISSUES:
        raise ValidationError({"issues": f"一次至多登记 {MAX_ISSUES} 个问题"})
    meeting = JointMeeting(alliance=alliance, created_by=actor, **_stripped(data))
    _save(meeting)
    for text in issues:
        _save(MeetingIssue(meeting=meeting, description=text))
    return meeting


@transaction.atomic
def issue_follow(*, actor, issue: MeetingIssue, state: str, follow_up: str, closed_on=None):
    _require(permissions.can_record(actor), "您的角色不能登记问题跟进")
    ensure_target_in_scope(issue, actor)
    issue = lock(issue)
    issue.state, issue.follow_up = state, follow_up.strip()
    issue.closed_on = closed_on if state == IssueState.DONE else None
    if state == IssueState.DONE and closed_on and closed_on < issue.meeting.held_on:
        raise ValidationError({"closed_on": "办结日期不能早于会议日期"})
    return _save(issue)


@transaction.atomic
def workshop_save(*, actor, workshop: Workshop | None = None, **data) -> Workshop:
    _require(permissions.can_keep(actor), "您的角色不能登记共富工坊")
    if data.get("village_region") is not None:
        data["village_name"], data["village_town"] = "", ""
    refs = ("enterprise", "region", "village_region")
    return _keep(actor, workshop or Workshop(), data, refs)


# --- figures and outcomes ----------------------------------------------------------------


@transaction.atomic
def figure_record(*, actor, workshop: Workshop, **data) -> WorkshopFigure:
    _require(permissions.can_record(actor), "您的角色不能登记工坊数据")
    ensure_target_in_scope(workshop, actor)
    return _save(WorkshopFigure(workshop=workshop, **data))


def _mixing_periods(holder_field: str, holder, year: int, month: int, outcome_type, outcome):
    """A year is recorded whole (全年) or by months, never both: the sum would count twice."""
    rows = Outcome.objects.filter(**{holder_field: holder}, year=year, outcome_type=outcome_type)
    if outcome is not None:
        rows = rows.exclude(pk=outcome.pk)
    return rows.exclude(month=0).exists() if month == 0 else rows.filter(month=0).exists()


@transaction.atomic
def outcome_record(
    *, actor, holder, year: int, month: int, outcome_type, value, note: str = "", outcome=None
) -> Outcome:
    """Record (or correct) what a pairing, alliance or workshop produced in a period."""
    _require(permissions.can_record(actor), "您的角色不能登记联建成效")
    ensure_target_in_scope(holder, actor)
    holder_field = type(holder)._meta.model_name
    if holder_field not in Outcome.HOLDERS:
        raise ValidationError("成效须属于村企联建、党建联盟或共富工坊")
    if outcome is not None:
        ensure_target_in_scope(outcome, actor)
        outcome = lock(outcome)
        if outcome.holder != holder:
            raise ValidationError("成效记录不属于该联建、联盟或工坊")
    if _mixing_periods(holder_field, holder, year, month, outcome_type, outcome):
        raise ValidationError(
            {"month": "同一年度的此类成效不能既按全年又按月份登记（合计会重复计算）"}
        )
    outcome = outcome or Outcome(**{holder_field: holder}, created_by=actor)
    outcome.year, outcome.month, outcome.outcome_type = year, month, outcome_type
    outcome.value, outcome.note = value, note.strip()
    return _save(outcome)


# --- deletions ----------------------------------------------------------------------------
#
# A record entered by mistake is deleted (the audit log keeps it). What a pairing, alliance
# or workshop produced (outcomes, workshop figures, 联席会议) is counted in the roll-up and
# the reports: deleting its holder refuses while they exist, naming how many, so figures
# already reported never vanish with one click; each is deleted on its own first, or the
# holder is marked 不存续 / 停止运营 instead. An alliance's members and chair terms are its
# make-up, not results, and go with it; a meeting's issues go with the meeting.


def _target(actor, record: Model) -> Model:
    ensure_target_in_scope(record, actor)
    return lock(record)


def _refuse_while(noun: str, held: list[tuple[str, int]]) -> None:
    found = "、".join(f"{label} {n} 条" for label, n in held if n)
    if found:
        raise ValidationError(
            f"该{noun}已有{found}，不能删除。如已终止，请在“修改”中取消“存续”"
            f"（工坊为“运营中”）；如确属误录，请先逐条删除这些记录。"
        )


def _delete(record: Model, noun: str) -> None:
    try:
        record.delete()
    except (ProtectedError, RestrictedError) as exc:
        names = "、".join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
        raise ValidationError(f"不能删除该{noun}：已有{names}引用它") from exc


def holder_results(record) -> list[tuple[str, int]]:
    """What keeps a pairing, alliance or workshop from being deleted, counted."""
    held = [("联建成效", record.outcomes.count())]
    if isinstance(record, Alliance):
        held.append(("联席会议", record.meetings.count()))
    if isinstance(record, Workshop):
        held.append(("工坊数据", record.figures.count()))
    return held


@transaction.atomic
def pairing_delete(*, actor, pairing: Pairing) -> None:
    _require(permissions.can_keep(actor), "您的角色不能删除村企联建")
    pairing = _target(actor, pairing)
    _refuse_while("村企联建", holder_results(pairing))
    _delete(pairing, "村企联建")


@transaction.atomic
def alliance_delete(*, actor, alliance: Alliance) -> None:
    """With its members and chair terms; refused while it has outcomes or 联席会议."""
    _require(permissions.can_keep(actor), "您的角色不能删除党建联盟")
    alliance = _target(actor, alliance)
    _refuse_while("党建联盟", holder_results(alliance))
    alliance.chair_terms.all().delete()
    alliance.members.all().delete()
    _delete(alliance, "党建联盟")


@transaction.atomic
def workshop_delete(*, actor, workshop: Workshop) -> None:
    _require(permissions.can_keep(actor), "您的角色不能删除共富工坊")
    workshop = _target(actor, workshop)
    _refuse_while("共富工坊", holder_results(workshop))
    _delete(workshop, "共富工坊")


@transaction.atomic
def member_delete(*, actor, member: AllianceMember) -> None:
    """A member added by mistake; one who chaired is kept (the terms name it): 退出 instead."""
    _require(permissions.can_keep(actor), "您的角色不能删除联盟成员")
    member = _target(actor, member)
    terms = ChairTerm.objects.filter(chair=member).count()
    if terms:
        raise ValidationError(
            f"该成员担任过轮值主席（{terms} 个任期），不能删除；如已退出联盟，请填写退出日期"
        )
    _delete(member, "联盟成员")


@transaction.atomic
def meeting_delete(*, actor, meeting: JointMeeting) -> None:
    """With the issues raised at it."""
    _require(permissions.can_record(actor), "您的角色不能删除联席会议")
    meeting = _target(actor, meeting)
    meeting.issues.all().delete()
    _delete(meeting, "联席会议")


@transaction.atomic
def meeting_update(*, actor, meeting: JointMeeting, **data) -> JointMeeting:
    """Correct a 联席会议 (date, topic, participants, decisions); its issues are followed
    one by one."""
    _require(permissions.can_record(actor), "您的角色不能修改联席会议")
    meeting = _target(actor, meeting)
    for name, value in _stripped(data).items():
        setattr(meeting, name, value)
    return _save(meeting)


@transaction.atomic
def outcome_delete(*, actor, outcome: Outcome) -> None:
    _require(permissions.can_record(actor), "您的角色不能删除联建成效")
    _delete(_target(actor, outcome), "联建成效")
