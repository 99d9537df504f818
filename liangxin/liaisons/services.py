"""Writes of the liaisons (keyword-only, atomic, validated, in scope; the audit log keeps the
history). An illegal write is refused with a Chinese message and nothing is saved."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core.scoping import in_scope, scoped
from liangxin.core.services import (
    OutOfScope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.enterprises.models import Enterprise
from liangxin.liaisons import hours, permissions
from liangxin.liaisons.models import (
    LiaisonLink,
    LiaisonMeeting,
    MemberStaffLink,
    NoticeReceipt,
    PolicyLiaison,
    PolicyNotice,
    StaffProblem,
)
from liangxin.liaisons.rules import GOAL_HOURS
from liangxin.rules.values import rule_value
from liangxin.rules.workdays import Calendar


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _in_scope_all(records, actor, message: str) -> None:
    for record in records:
        if not in_scope(record, actor):
            raise ValidationError(message.format(record))


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


# --- 政策联络员 ------------------------------------------------------------------------


@transaction.atomic
def liaison_create(*, actor, name: str, unit: str, region, enterprises) -> PolicyLiaison:
    _require(permissions.can_push(actor), "您的角色不能设置政策联络员")
    _in_scope_all([region], actor, "区域“{}”不在您的管辖范围内")
    _in_scope_all(enterprises, actor, "企业“{}”不在您的管辖范围内")
    liaison = _save(PolicyLiaison(name=name.strip(), unit=unit.strip(), region=region))
    liaison.enterprises.set(enterprises)
    ensure_result_in_scope(liaison, actor)
    return liaison


@transaction.atomic
def liaison_update(
    *, actor, liaison: PolicyLiaison, name: str, unit: str, region, enterprises, active: bool
) -> PolicyLiaison:
    """Change a liaison of the actor's own regions; enterprises the actor cannot see stay
    assigned (a town edits its share of a district liaison's list, not the rest)."""
    _require(permissions.can_push(actor), "您的角色不能设置政策联络员")
    ensure_target_in_scope(liaison, actor)
    if not in_scope(liaison.region, actor):
        raise OutOfScope("未找到该记录")
    _in_scope_all([region], actor, "区域“{}”不在您的管辖范围内")
    _in_scope_all(enterprises, actor, "企业“{}”不在您的管辖范围内")
    liaison = lock(liaison)
    hidden = liaison.enterprises.exclude(pk__in=scoped(Enterprise.objects.all(), actor))
    liaison.name, liaison.unit, liaison.region = name.strip(), unit.strip(), region
    liaison.active = active
    _save(liaison)
    liaison.enterprises.set([*enterprises, *hidden])
    ensure_result_in_scope(liaison, actor)
    return liaison


@transaction.atomic
def notice_publish(
    *,
    actor,
    liaison: PolicyLiaison,
    title: str,
    summary: str,
    source: str = "",
    link: str = "",
    published_at: datetime.datetime | None = None,
) -> PolicyNotice:
    """Record a notice and send it to every enterprise the liaison serves (one receipt each,
    due the goal's working hours after publication)."""
    _require(permissions.can_push(actor), "您的角色不能推送政策")
    ensure_target_in_scope(liaison, actor)
    now = timezone.now()
    published_at = published_at or now
    if published_at > now + datetime.timedelta(minutes=5):
        raise ValidationError({"published_at": "发布时间不能晚于现在"})
    enterprises = list(liaison.enterprises.all())
    if not enterprises:
        raise ValidationError("该联络员尚未分配联系企业，无法推送")
    notice = _save(
        PolicyNotice(
            liaison=liaison,
            title=title.strip(),
            summary=summary.strip(),
            source=source.strip(),
            link=link.strip(),
            published_at=published_at,
            created_by=actor,
        )
    )
    due_at = hours.add_working_hours(published_at, rule_value(GOAL_HOURS))
    NoticeReceipt.objects.bulk_create(
        NoticeReceipt(notice=notice, enterprise=e, sent_at=published_at, due_at=due_at)
        for e in enterprises
    )
    return notice


@transaction.atomic
def receipt_confirm(
    *,
    actor,
    receipt: NoticeReceipt,
    head_name: str,
    head_post: str,
    confirmed_at: datetime.datetime | None = None,
) -> NoticeReceipt:
    """The enterprise's head confirms reading the notice; the span is counted in working
    hours on the platform calendar (liaisons.hours)."""
    _require(permissions.can_confirm(actor), "您的角色不能登记政策送达确认")
    ensure_target_in_scope(receipt, actor)
    receipt = lock(receipt)
    if receipt.confirmed_at is not None:
        raise ValidationError("该企业已确认收到此条政策，不能重复确认")
    now = timezone.now()
    confirmed_at = confirmed_at or now
    if confirmed_at > now + datetime.timedelta(minutes=5):
        raise ValidationError({"confirmed_at": "确认时间不能晚于现在"})
    if confirmed_at < receipt.sent_at:
        raise ValidationError({"confirmed_at": "确认时间不能早于政策发布时间"})
    receipt.head_name, receipt.head_post = head_name.strip(), head_post.strip()
    receipt.confirmed_at, receipt.confirmed_by = confirmed_at, actor
    receipt.working_minutes = hours.working_minutes(
        receipt.notice.published_at, confirmed_at, calendar=Calendar()
    )
    return _save(receipt)


# --- 三联三会 --------------------------------------------------------------------------


def _member_of(member, organization) -> None:
    if not member.organization.path.startswith(organization.path):
        raise ValidationError({"member": "该党员不属于所选党组织"})


@transaction.atomic
def link_create(
    *, actor, organization, kind, member, counterpart_name, counterpart_post, started_on
):
    _require(permissions.can_record(actor), "您的角色不能登记三联对象")
    _in_scope_all([organization, member], actor, "“{}”不在您的管辖范围内")
    _member_of(member, organization)
    link = LiaisonLink(
        organization=organization,
        kind=kind,
        member=member,
        counterpart_name=counterpart_name.strip(),
        counterpart_post=counterpart_post.strip(),
        started_on=started_on,
    )
    _save(link)
    ensure_result_in_scope(link, actor)
    return link


@transaction.atomic
def link_update(
    *,
    actor,
    link: LiaisonLink,
    organization,
    kind,
    member,
    counterpart_name,
    counterpart_post,
    started_on,
) -> LiaisonLink:
    """Correct a 三联 link of the actor's scope (the audit log keeps what it was)."""
    _require(permissions.can_record(actor), "您的角色不能修改三联对象")
    ensure_target_in_scope(link, actor)
    _in_scope_all([organization, member], actor, "“{}”不在您的管辖范围内")
    _member_of(member, organization)
    link = lock(link)
    link.organization, link.kind, link.member = organization, kind, member
    link.counterpart_name, link.counterpart_post = (
        counterpart_name.strip(),
        counterpart_post.strip(),
    )
    link.started_on = started_on
    _save(link)
    ensure_result_in_scope(link, actor)
    return link


@transaction.atomic
def meeting_update(*, actor, meeting: LiaisonMeeting, organization, **fields) -> LiaisonMeeting:
    """Correct a 三会 record of the actor's scope (the audit log keeps what it was)."""
    _require(permissions.can_record(actor), "您的角色不能修改三会记录")
    ensure_target_in_scope(meeting, actor)
    _in_scope_all([organization], actor, "党组织“{}”不在您的管辖范围内")
    meeting = lock(meeting)
    meeting.organization = organization
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    _save(meeting)
    ensure_result_in_scope(meeting, actor)
    return meeting


@transaction.atomic
def link_delete(*, actor, link: LiaisonLink) -> None:
    """A 三联 link entered by mistake (nothing hangs on it; the audit log keeps it)."""
    _require(permissions.can_record(actor), "您的角色不能删除三联对象")
    ensure_target_in_scope(link, actor)
    lock(link).delete()


@transaction.atomic
def meeting_delete(*, actor, meeting: LiaisonMeeting) -> None:
    """A 三会 record entered by mistake (nothing hangs on it; the audit log keeps it)."""
    _require(permissions.can_record(actor), "您的角色不能删除三会记录")
    ensure_target_in_scope(meeting, actor)
    lock(meeting).delete()


@transaction.atomic
def meeting_record(*, actor, organization, **fields) -> LiaisonMeeting:
    _require(permissions.can_record(actor), "您的角色不能登记三会记录")
    _in_scope_all([organization], actor, "党组织“{}”不在您的管辖范围内")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    meeting = _save(LiaisonMeeting(organization=organization, created_by=actor, **fields))
    ensure_result_in_scope(meeting, actor)
    return meeting


# --- 党员联系职工 ------------------------------------------------------------------------


@transaction.atomic
def pairing_create(*, actor, member, staff_name, staff_kind, team, started_on) -> MemberStaffLink:
    _require(permissions.can_record(actor), "您的角色不能登记党员联系职工")
    _in_scope_all([member], actor, "党员“{}”不在您的管辖范围内")
    link = MemberStaffLink(
        member=member,
        staff_name=staff_name.strip(),
        staff_kind=staff_kind,
        team=team.strip(),
        started_on=started_on,
    )
    _save(link)
    ensure_result_in_scope(link, actor)
    return link


@transaction.atomic
def problem_record(
    *, actor, link: MemberStaffLink, kind, description, raised_on, solved_on=None, solution=""
) -> StaffProblem:
    _require(permissions.can_record(actor), "您的角色不能登记职工问题")
    ensure_target_in_scope(link, actor)
    problem = StaffProblem(
        link=link,
        kind=kind,
        description=description.strip(),
        raised_on=raised_on,
        solved_on=solved_on,
        solution=(solution or "").strip(),
    )
    return _save(problem)


@transaction.atomic
def problem_solve(*, actor, problem: StaffProblem, solved_on, solution: str) -> StaffProblem:
    _require(permissions.can_record(actor), "您的角色不能登记职工问题")
    ensure_target_in_scope(problem, actor)
    problem = lock(problem)
    if problem.solved_on is not None:
        raise ValidationError("该问题已登记为解决")
    if not solution.strip():
        raise ValidationError({"solution": "请写明解决方式"})
    problem.solved_on, problem.solution = solved_on, solution.strip()
    return _save(problem)
