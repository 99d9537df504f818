"""Writes of the request loop (WORK.md §5 "Request workflow"): each transition checks the
actor's role and scope and the request's state, changes it under a lock and writes a
RequestEvent with who, when and why. An illegal step is refused with a Chinese message."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from liangxin.core.scoping import scoped
from liangxin.core.services import ensure_target_in_scope, lock
from liangxin.enterprises.models import Enterprise
from liangxin.requests import deadlines, permissions, selectors
from liangxin.requests.models import (
    RUNNING_STATES,
    Action,
    Extension,
    ExtensionStatus,
    FollowUp,
    HandlingUnit,
    Request,
    RequestEvent,
    RequestFile,
    Result,
    Satisfaction,
    SpanUnit,
    State,
)
from liangxin.rules.values import rule_value

SUBMITTER, HANDLER = "submitter", "handler"


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str | None  # None: the state stays
    who: str = HANDLER


STEPS = {
    Action.ACCEPT: Step((State.RECEIVED,), State.ACCEPTED),
    Action.RETURN: Step((State.RECEIVED,), State.RETURNED),
    Action.RESUBMIT: Step((State.RETURNED,), State.RECEIVED, SUBMITTER),
    Action.ANSWER_DIRECTLY: Step((State.ACCEPTED,), State.RESOLVED),
    Action.ASSIGN: Step((State.ACCEPTED,), State.ASSIGNED),
    Action.UNIT_RETURN: Step((State.ASSIGNED,), State.ACCEPTED),
    Action.START: Step((State.ASSIGNED,), State.HANDLING),
    Action.EXTEND_ASK: Step((State.HANDLING,), None),
    Action.EXTEND_APPROVE: Step((State.HANDLING,), None),
    Action.EXTEND_REJECT: Step((State.HANDLING,), None),
    Action.RESOLVE: Step((State.HANDLING,), State.RESOLVED),
    Action.UNABLE: Step((State.HANDLING,), State.UNRESOLVABLE),
    Action.REPLY: Step((State.RESOLVED, State.UNRESOLVABLE), State.FOLLOW_UP),
    Action.FOLLOW_UP: Step((State.FOLLOW_UP,), None),
    Action.URGE: Step(RUNNING_STATES, None),
    Action.SUPERVISE: Step(RUNNING_STATES, None),
}


def may(user, action: str, request: Request) -> bool:
    """Whether ``user`` may take ``action`` on ``request`` now (the page's buttons)."""
    step = STEPS[action]
    if request.state not in step.sources:
        return False
    allowed = permissions.can_submit if step.who == SUBMITTER else permissions.can_handle
    if not allowed(user):
        return False
    if action == Action.EXTEND_ASK:
        return not request.extended and not _pending(request) and timezone.now() <= request.due_at
    if action in (Action.EXTEND_APPROVE, Action.EXTEND_REJECT):
        return _pending(request) is not None
    if action == Action.SUPERVISE:
        return request.due_at is not None and timezone.now() > request.due_at
    return True


def allowed_actions(user, request: Request) -> list[str]:
    return [action for action in STEPS if may(user, action, request)]


def _pending(request: Request) -> Extension | None:
    return request.extensions.filter(status=ExtensionStatus.PENDING).first()


def _begin(actor, request: Request, action: str) -> Request:
    """Lock, then check scope, role and state; the locked row to change."""
    ensure_target_in_scope(request, actor)
    request = lock(request)
    step = STEPS[action]
    label = Action(action).label
    if request.state not in step.sources:
        raise ValidationError(
            f"诉求当前状态为“{request.get_state_display()}”，不能{label}"
            f"（{'、'.join(State(s).label for s in step.sources)}时才可{label}）"
        )
    allowed = permissions.can_submit if step.who == SUBMITTER else permissions.can_handle
    if not allowed(actor):
        raise PermissionDenied(f"您的角色不能{label}")
    return request


def _record(actor, request: Request, action: str, comment: str = "", *, before: str, at=None):
    request.full_clean()
    request.save()
    RequestEvent.objects.create(
        request=request,
        action=action,
        from_state=before,
        to_state=request.state,
        actor=actor,
        comment=comment[:500],
        at=at or timezone.now(),
    )
    return request


def _move(actor, request, action, comment="", **fields) -> Request:
    request = _begin(actor, request, action)
    before = request.state
    target = STEPS[action].target
    if target:
        request.state = target
    for name, value in fields.items():
        setattr(request, name, value)
    return _record(actor, request, action, comment, before=before)


def _set_due(request: Request, due_at: datetime.datetime) -> None:
    """The due and the day 催办 starts (``requests.urge_workdays`` working days before)."""
    request.due_at = due_at
    days = rule_value("requests.urge_workdays")
    request.urge_on = deadlines.urge_day(deadlines.local_day(due_at), days)


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"comment": f"请填写{what}"})
    return text


# --- reception -------------------------------------------------------------------


def _check_categories(categories) -> None:
    most = rule_value("requests.max_categories")
    if not categories:
        raise ValidationError({"categories": "请至少选择一个诉求类别"})
    if len(categories) > most:
        raise ValidationError({"categories": f"每件诉求最多选择 {most} 个类别（江门做法）"})
    if any(not category.active for category in categories):
        raise ValidationError({"categories": "所选类别已停用"})


def _next_number(received: datetime.datetime) -> str:
    prefix = f"SQ{timezone.localtime(received):%Y%m%d}"
    sequence = Request.objects.filter(number__startswith=prefix).count() + 1
    while Request.objects.filter(number=f"{prefix}{sequence:04d}").exists():
        sequence += 1
    return f"{prefix}{sequence:04d}"


@transaction.atomic
def request_create(*, actor, data: dict, files=()) -> Request:
    """接收: a new request of an enterprise in the actor's scope, state 已接收."""
    if not permissions.can_submit(actor):
        raise PermissionDenied("您的角色不能登记诉求")
    data = dict(data)
    enterprise = data.pop("enterprise")
    if not scoped(Enterprise.objects.filter(pk=enterprise.pk), actor).exists():
        raise ValidationError({"enterprise": "该企业不在您的数据范围内"})
    categories = list(data.pop("categories"))
    _check_categories(categories)
    received = data.pop("received_at", None) or timezone.now()
    if received > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"received_at": "接收时间不能晚于现在"})
    number = (data.pop("number", "") or "").strip() or _next_number(received)
    request = Request(
        enterprise=enterprise, number=number, received_at=received, created_by=actor, **data
    )
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ValidationError({"number": "诉求编号已存在"}) from exc
    request.categories.set(categories)
    for upload in files:
        RequestFile.from_upload(upload, user=actor, request=request).save()
    RequestEvent.objects.create(
        request=request,
        action=Action.RECEIVE,
        to_state=State.RECEIVED,
        actor=actor,
        at=received,
        comment=f"渠道：{request.get_channel_display()}",
    )
    return request


@transaction.atomic
def request_accept(*, actor, request: Request, comment: str = "") -> Request:
    """受理: the span of the deadline rule (urgency × category) is fixed and the due set,
    counted from reception with the days in 待补充 left out."""
    request = _begin(actor, request, Action.ACCEPT)
    rule = deadlines.rule_for(request.urgency, request.categories.values_list("pk", flat=True))
    request.span, request.span_unit, request.span_source = rule.span, rule.unit, rule.source
    _set_due(request, deadlines.due_at(request))
    request.accepted_at = timezone.now()
    before, request.state = request.state, State.ACCEPTED
    note = f"办理时限：{rule.span_text}，期限 {timezone.localtime(request.due_at):%Y-%m-%d %H:%M}"
    return _record(
        actor, request, Action.ACCEPT, "；".join(filter(None, [note, comment])), before=before
    )


@transaction.atomic
def request_return(*, actor, request: Request, comment: str) -> Request:
    """退回补充: back to the submitter for more information; the clock stops."""
    return _move(actor, request, Action.RETURN, _required(comment, "需补充的内容"))


@transaction.atomic
def request_resubmit(*, actor, request: Request, comment: str = "", content: str = "") -> Request:
    """补充提交: the working days (and time) spent in 待补充 are added to the clock."""
    request = _begin(actor, request, Action.RESUBMIT)
    returned = request.events.filter(action=Action.RETURN).order_by("-at", "-pk").first()
    now = timezone.now()
    if returned:
        request.paused_workdays += deadlines.workdays_between(
            deadlines.local_day(returned.at), deadlines.local_day(now)
        )
        request.paused_seconds += int((now - returned.at).total_seconds())
    if content.strip():
        request.content = f"{request.content}\n【补充】{content.strip()}"
    before, request.state = request.state, State.RECEIVED
    return _record(actor, request, Action.RESUBMIT, comment, before=before, at=now)


@transaction.atomic
def request_assign(*, actor, request: Request, lead_unit, co_units=(), comment="") -> Request:
    """派单 (or 改派 after a unit's 退回): a lead unit and co-units."""
    co_units = [unit for unit in co_units if unit.pk != lead_unit.pk]
    if not lead_unit.active or any(not unit.active for unit in co_units):
        raise ValidationError({"lead_unit": "所选承办单位已停用"})
    near = HandlingUnit.objects.filter(selectors.units_near(actor))
    if near.filter(pk__in=[lead_unit.pk, *(u.pk for u in co_units)]).count() < 1 + len(co_units):
        raise ValidationError({"lead_unit": "只能派给本级、下级或上级的承办单位"})
    previous = request.lead_unit
    request = _move(
        actor,
        request,
        Action.ASSIGN,
        _assign_note(previous, lead_unit, co_units, comment),
        lead_unit=lead_unit,
    )
    request.co_units.set(co_units)
    return request


def _assign_note(previous, lead_unit, co_units, comment) -> str:
    words = f"{'改派' if previous else '派单'}：牵头 {lead_unit.name}"
    if co_units:
        words += f"，协办 {'、'.join(unit.name for unit in co_units)}"
    return "；".join(filter(None, [words, comment]))


@transaction.atomic
def request_unit_return(*, actor, request: Request, comment: str) -> Request:
    """承办单位退回 (not its business): back to 已受理 to be sent elsewhere."""
    reason = _required(comment, "退回理由")
    unit = request.lead_unit
    return _move(actor, request, Action.UNIT_RETURN, f"{unit.name if unit else ''}退回：{reason}")


@transaction.atomic
def request_start(*, actor, request: Request, comment: str = "") -> Request:
    return _move(actor, request, Action.START, comment)


@transaction.atomic
def request_answer_directly(*, actor, request: Request, answer: str, funds=None) -> Request:
    """直接答复: a question the service desk answers itself, no unit needed."""
    return _finish(
        actor,
        request,
        Action.ANSWER_DIRECTLY,
        Result.SOLVED,
        "",
        answer,
        funds,
        answered_directly=True,
    )


@transaction.atomic
def request_resolve(
    *, actor, request: Request, result: str, reason: str, answer: str, funds=None
) -> Request:
    """办结 with the result (解决/部分解决/未解决 + reason) and the answer to the enterprise."""
    if result != Result.SOLVED and not (reason or "").strip():
        raise ValidationError({"result_reason": "部分解决或未解决的，须说明原因"})
    return _finish(actor, request, Action.RESOLVE, result, reason, answer, funds)


@transaction.atomic
def request_unable(*, actor, request: Request, reason: str, answer: str = "") -> Request:
    """无法办理, with the reason told to the enterprise."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"result_reason": "请填写无法办理的原因"})
    return _finish(actor, request, Action.UNABLE, Result.UNSOLVED, reason, answer or reason)


def _finish(actor, request, action, result, reason, answer, funds=None, **fields) -> Request:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"public_answer": "请填写答复内容"})
    now = timezone.now()
    finished_day = deadlines.local_day(now)
    taken = deadlines.workdays_between(deadlines.local_day(request.received_at), finished_day)
    follow_up = deadlines.follow_up_day(finished_day, rule_value("requests.follow_up_workdays"))
    note = f"{Result(result).label}" + (f"：{reason}" if reason else "")
    return _move(
        actor,
        request,
        action,
        note,
        finished_at=now,
        result=result,
        result_reason=reason,
        public_answer=answer,
        funds=funds,
        workdays_taken=max(taken - request.paused_workdays, 0),
        follow_up_due=follow_up,
        **fields,
    )


@transaction.atomic
def request_reply(*, actor, request: Request, comment: str = "") -> Request:
    """答复企业: the answer is told; the request waits for its 回访."""
    return _move(actor, request, Action.REPLY, comment)


# --- extension -------------------------------------------------------------------


@transaction.atomic
def extension_ask(*, actor, request: Request, reason: str, new_due: datetime.date) -> Extension:
    request = _begin(actor, request, Action.EXTEND_ASK)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写延期理由"})
    now = timezone.now()
    if now > request.due_at:
        raise ValidationError("已超过办理期限，不能再申请延期（延期须在到期前申请）")
    if request.extended:
        raise ValidationError("每件诉求只能延期一次")
    if _pending(request):
        raise ValidationError("已有待审批的延期申请")
    new_due_at = deadlines.end_of_day(new_due)
    if new_due_at <= request.due_at:
        raise ValidationError({"new_due": "延期后的期限须晚于原期限"})
    longest = deadlines.longest_extension(request)
    if new_due_at > longest:
        raise ValidationError(
            {"new_due": f"延期不得超过原办理时限，最迟 {timezone.localtime(longest):%Y-%m-%d}"}
        )
    extension = Extension(
        request=request,
        reason=reason,
        old_due_at=request.due_at,
        new_due_at=new_due_at,
        asked_at=now,
        asked_by=actor,
    )
    extension.full_clean()
    extension.save()
    _record(
        actor,
        request,
        Action.EXTEND_ASK,
        f"申请延至 {new_due:%Y-%m-%d}：{reason}",
        before=request.state,
        at=now,
    )
    return extension


@transaction.atomic
def extension_decide(*, actor, request: Request, approve: bool, note: str = "") -> Extension:
    action = Action.EXTEND_APPROVE if approve else Action.EXTEND_REJECT
    request = _begin(actor, request, action)
    extension = _pending(request)
    if extension is None:
        raise ValidationError("没有待审批的延期申请")
    if not approve and not (note or "").strip():
        raise ValidationError({"comment": "驳回延期须说明理由"})
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_at, extension.decided_by = timezone.now(), actor
    extension.decision_note = (note or "").strip()
    extension.save()
    if approve:
        _set_due(request, extension.new_due_at)
        request.extended = True
    words = f"延至 {timezone.localtime(extension.new_due_at):%Y-%m-%d}"
    _record(actor, request, action, "；".join(filter(None, [words, note])), before=request.state)
    return extension


# --- follow-up, close, reopen ------------------------------------------------------


@transaction.atomic
def follow_up_record(
    *,
    actor,
    request: Request,
    on: datetime.date,
    method: str,
    satisfaction: str,
    note: str = "",
    reopen: bool = False,
) -> FollowUp:
    """回访: 满意 or 基本满意 closes the request (结案); 不满意 reopens it (重办, back to 办理中
    with the span again) when the reason is the handling's, else closes it with the reason."""
    request = _begin(actor, request, Action.FOLLOW_UP)
    if on > timezone.localdate():
        raise ValidationError({"on": "回访日期不能晚于今天"})
    if request.finished_at and on < deadlines.local_day(request.finished_at):
        raise ValidationError({"on": "回访日期不能早于办结日期"})
    dissatisfied = satisfaction == Satisfaction.DISSATISFIED
    if reopen and not dissatisfied:
        raise ValidationError({"reopen": "只有不满意的才能转重办"})
    if dissatisfied and not reopen and not (note or "").strip():
        raise ValidationError({"note": "不满意且不重办的，须在回访记录中说明原因"})
    follow_up = FollowUp(
        request=request,
        on=on,
        method=method,
        satisfaction=satisfaction,
        note=(note or "").strip(),
        reopened=reopen,
        recorded_by=actor,
    )
    follow_up.full_clean()
    follow_up.save()
    request.satisfaction = satisfaction
    before = request.state
    words = f"回访（{follow_up.get_method_display()}）：{follow_up.get_satisfaction_display()}"
    _record(actor, request, Action.FOLLOW_UP, "；".join(filter(None, [words, note])), before=before)
    if reopen:
        _reopen(actor, request, note)
    else:
        request.state, request.closed_at = State.CLOSED, timezone.now()
        _record(actor, request, Action.CLOSE, "", before=State.FOLLOW_UP)
    return follow_up


def _reopen(actor, request: Request, note: str) -> None:
    now = timezone.now()
    request.state, request.reopen_count = State.HANDLING, request.reopen_count + 1
    request.finished_at = request.workdays_taken = request.follow_up_due = None
    request.result, request.result_reason = "", ""
    if request.span_unit == SpanUnit.HOURS:
        _set_due(request, now + datetime.timedelta(hours=request.span))
    else:
        day = deadlines.due_day(deadlines.local_day(now), request.span)
        _set_due(request, deadlines.end_of_day(day))
    words = f"不满意，重办；新期限 {timezone.localtime(request.due_at):%Y-%m-%d}"
    _record(
        actor,
        request,
        Action.REOPEN,
        "；".join(filter(None, [words, note])),
        before=State.FOLLOW_UP,
        at=now,
    )


# --- 催办, 督办 ---------------------------------------------------------------------


@transaction.atomic
def request_urge(*, actor, request: Request, comment: str = "") -> Request:
    return _move(actor, request, Action.URGE, comment or "请按期办结")


@transaction.atomic
def request_supervise(*, actor, request: Request, comment: str = "") -> Request:
    request = _begin(actor, request, Action.SUPERVISE)
    if timezone.now() <= request.due_at:
        raise ValidationError("尚未逾期，请用催办")
    return _record(
        actor, request, Action.SUPERVISE, comment or "已逾期，督促办理", before=request.state
    )


# --- settings ----------------------------------------------------------------------


@transaction.atomic
def deadline_rule_update(*, actor, rule, span: int, unit: str, source: str):
    if not permissions.can_edit_settings(actor):
        raise PermissionDenied("您的角色不能修改办理时限")
    rule.span, rule.unit, rule.source = span, unit, (source or "").strip()
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def unit_create(*, actor, name: str, region):
    from liangxin.regions.models import Region

    if not permissions.can_edit_settings(actor):
        raise PermissionDenied("您的角色不能维护承办单位")
    if not scoped(Region.objects.filter(pk=region.pk), actor).exists():
        raise ValidationError({"region": "该区域不在您的数据范围内"})
    unit = HandlingUnit(name=(name or "").strip(), region=region)
    unit.full_clean()
    unit.save()
    return unit
