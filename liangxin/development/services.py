"""Writes of the development workflow (HackSoft style: keyword-only, atomic, scope re-checked).

Dates that break a rule of RULES.md are saved and listed as violations
(``liangxin.development.checks``); only impossible data is refused: a date in
the future, or a later step dated before an earlier one.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core.people import apply_personal_data, pop_personal_data, rename_digest_errors
from liangxin.core.scoping import in_scope
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.development.checks import Violation, probation_end, violations
from liangxin.development.models import (
    CaseStatus,
    CaseStep,
    DevelopmentCase,
    FullDecision,
    Step,
    stage_of,
)
from liangxin.members import conflicts
from liangxin.members.models import ConflictSource, Member, MemberStatus
from liangxin.members.services import member_create, member_update
from liangxin.rules.values import rule_values

# The case's own fields a create or an edit may set; step dates go through development_record_step.
PROFILE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "organization",
    "employer",
    "post_level",
    "note",
)

# The main line of the workflow, in order: each date is on or after the previous recorded one.
SPINE = (
    "applied_on",
    "talked_on",
    "activist_on",
    "target_on",
    "branch_meeting_on",
    "approved_on",
    "full_meeting_on",
    "full_approved_on",
)
# Dates beside the main line: (earlier, later).
SIDE_ORDER = (
    ("target_on", "political_review_on"),
    ("activist_on", "training_start_on"),
    ("training_start_on", "training_end_on"),
    ("notice_start_on", "notice_end_on"),
    ("branch_meeting_on", "oath_on"),
    ("full_notice_start_on", "full_notice_end_on"),
)

# The case field each step's date lands in (the others live in the step log only).
STEP_DATE_FIELD = {
    Step.APPLICATION: "applied_on",
    Step.TALK: "talked_on",
    Step.ACTIVIST: "activist_on",
    Step.TARGET: "target_on",
    Step.POLITICAL_REVIEW: "political_review_on",
    Step.TRAINING: "training_start_on",
    Step.BRANCH_MEETING: "branch_meeting_on",
    Step.APPROVAL: "approved_on",
    Step.OATH: "oath_on",
    Step.FULL_APPROVAL: "full_approved_on",
}
# What else a step records besides its date.
STEP_DETAILS = {
    Step.CONTACTS: ("contact_first", "contact_second"),
    Step.INTRODUCERS: ("introducer_first", "introducer_second"),
    Step.TRAINING: ("training_end_on", "training_hours"),
    Step.PRE_REVIEW: ("notice_start_on", "notice_end_on"),
    Step.FULL_MEETING: (
        "full_decision",
        "extension_months",
        "full_notice_start_on",
        "full_notice_end_on",
    ),
}
REQUIRED_DETAILS = {
    Step.CONTACTS: ("contact_first",),
    Step.INTRODUCERS: ("introducer_first", "introducer_second"),
    Step.FULL_MEETING: ("full_decision",),
}
PEOPLE_FIELDS = ("introducer_first", "introducer_second", "contact_first", "contact_second")
DATE_FIELDS = tuple(dict.fromkeys(SPINE + tuple(name for pair in SIDE_ORDER for name in pair)))


# --- checks of impossible data -------------------------------------------------------


def _label(name: str) -> str:
    return str(DevelopmentCase._meta.get_field(name).verbose_name)


def date_errors(case: DevelopmentCase, today: datetime.date) -> dict:
    errors = {}
    for name in DATE_FIELDS:
        value = getattr(case, name)
        if value and value > today:
            errors.setdefault(name, []).append("日期不能晚于今天")
    errors_in_order(case, errors)
    return errors


def errors_in_order(case: DevelopmentCase, errors: dict) -> None:
    previous = None
    for name in SPINE:
        if getattr(case, name) is None:
            continue
        if previous and getattr(case, name) < getattr(case, previous):
            errors.setdefault(name, []).append(f"不能早于{_label(previous)}")
        previous = name
    for earlier, later in SIDE_ORDER:
        first, second = getattr(case, earlier), getattr(case, later)
        if first and second and second < first:
            errors.setdefault(later, []).append(f"不能早于{_label(earlier)}")


def people_errors(case: DevelopmentCase, actor) -> dict:
    errors = {}
    for name in PEOPLE_FIELDS:
        person = getattr(case, name)
        if person is not None and not in_scope(person, actor):
            errors[name] = ["该党员不存在或不在您的数据范围内"]
    pairs = (("introducer_first", "introducer_second"), ("contact_first", "contact_second"))
    for first, second in pairs:
        one, other = getattr(case, f"{first}_id"), getattr(case, f"{second}_id")
        if one and one == other:
            errors[second] = ["两名人员不能是同一人"]
    return errors


def already_member_error(case: DevelopmentCase, actor) -> dict:
    """A member holds the number: named inside the actor's scope, neutral outside it
    (members.conflicts), so the form is no oracle of who is a Party member."""
    taken = Member.objects.select_related("organization").filter(
        id_number_digest=case.id_number_digest
    )
    if case.member_id:
        taken = taken.exclude(pk=case.member_id)
    holder = taken.first()
    if holder is None:
        return {}
    return {"id_number": [conflicts.taken_message(actor, holder, conflicts.MEMBER_TAKEN)]}


def _told_duplicates(exc: ValidationError, case: DevelopmentCase, actor) -> ValidationError:
    """Another open case holds the number: neutral when that case is outside the scope."""
    exc = rename_digest_errors(exc)
    if "id_number" not in getattr(exc, "error_dict", {}):
        return exc
    holder = conflicts.holder_of(
        case.id_number_digest, exclude_member=case.member_id or 0, exclude_case=case.pk or 0
    )
    return conflicts.scope_duplicate_errors(exc, actor=actor, holder=holder)


def _validate_and_save(case: DevelopmentCase, *, actor, personal: dict | None = None) -> None:
    errors = {}
    if personal:
        try:
            apply_personal_data(case, personal, derive=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if case.id_number_digest and "id_number" not in errors:
        errors.update(already_member_error(case, actor))
    _merge(errors, date_errors(case, timezone.localdate()))
    _merge(errors, people_errors(case, actor))
    try:
        case.full_clean(exclude=list(errors))
    except ValidationError as exc:
        _merge(errors, _told_duplicates(exc, case, actor).message_dict)
    if errors:
        raise ValidationError(errors)
    case.save()


def _merge(errors: dict, more: dict) -> None:
    for field, messages in more.items():
        errors.setdefault(field, []).extend(messages)


# --- create and edit ----------------------------------------------------------------


def _profile(data: dict) -> dict:
    unknown = set(data) - set(PROFILE_FIELDS) - {"applied_on", "id_number", "phone"}
    if unknown:
        raise ValidationError({name: ["该字段不能在此修改"] for name in sorted(unknown)})
    return data


def development_create(*, actor, data: dict) -> DevelopmentCase:
    """Open a case at step 1 (入党申请书). ``data`` may hold plaintext ID number and phone.

    A number held outside the actor's scope leaves a conflict row (members.conflicts),
    recorded after this write's transaction has rolled back."""
    with conflicts.conflicts_reported(
        actor=actor,
        source=ConflictSource.DEVELOPMENT,
        number=data.get("id_number"),
        name=data.get("name", ""),
        organization=data.get("organization"),
    ):
        return _development_create(actor=actor, data=data)


@transaction.atomic
def _development_create(*, actor, data: dict) -> DevelopmentCase:
    ensure_can_edit(actor, "members")
    data = _profile(dict(data))
    personal = pop_personal_data(data)
    if not personal.get("id_number"):
        raise ValidationError({"id_number": ["请填写公民身份号码"]})
    if not data.get("applied_on"):
        raise ValidationError({"applied_on": ["请填写递交入党申请书日期"]})
    case = DevelopmentCase(step=Step.APPLICATION, stage=stage_of(Step.APPLICATION))
    apply_fields(case, data)
    _validate_and_save(case, actor=actor, personal=personal)
    ensure_result_in_scope(case, actor)
    _log(case, actor=actor, step=Step.APPLICATION, done_on=case.applied_on, document="入党申请书")
    return case


def development_update(*, actor, case: DevelopmentCase, data: dict) -> DevelopmentCase:
    """Correct the applicant's details (not the step dates: record the step again for those)."""
    with conflicts.conflicts_reported(
        actor=actor,
        source=ConflictSource.DEVELOPMENT,
        number=data.get("id_number"),
        name=data.get("name") or case.name,
        organization=data.get("organization") or case.organization,
        exclude={"exclude_member": case.member_id or 0, "exclude_case": case.pk},
    ):
        return _development_update(actor=actor, case=case, data=data)


@transaction.atomic
def _development_update(*, actor, case: DevelopmentCase, data: dict) -> DevelopmentCase:
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(case, actor)
    case = lock(case)
    data = _profile(dict(data))
    data.pop("applied_on", None)
    personal = {k: v for k, v in pop_personal_data(data).items() if k == "phone" or v}
    if personal.get("id_number"):
        # A corrected number re-derives gender and birth date (GB 11643).
        case.gender, case.birth_date = data.pop("gender", ""), data.pop("birth_date", None)
    apply_fields(case, data)
    _validate_and_save(case, actor=actor, personal=personal)
    ensure_result_in_scope(case, actor)
    return case


@transaction.atomic
def development_close(*, actor, case: DevelopmentCase, reason: str) -> DevelopmentCase:
    """Stop a case before admission (the applicant withdrew, was not accepted …)."""
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(case, actor)
    case = lock(case)
    if case.member_id:
        raise ValidationError("已接收为预备党员，不能在此终止；请按党员管理规定处理")
    if not (reason or "").strip():
        raise ValidationError({"closed_reason": ["请填写终止原因"]})
    case.status, case.closed_reason = CaseStatus.CLOSED, reason.strip()
    case.save(update_fields=["status", "closed_reason", "updated_at"])
    return case


# --- steps --------------------------------------------------------------------------


def _log(case, *, actor, step: int, done_on, note: str = "", document: str = "") -> CaseStep:
    entry = CaseStep(
        case=case, step=step, done_on=done_on, note=note, document=document, actor=actor
    )
    entry.full_clean()
    entry.save()
    return entry


def _check_step_allowed(case: DevelopmentCase, step: int, details: dict) -> None:
    if case.status != CaseStatus.OPEN and step != Step.ARCHIVED:
        raise ValidationError("该发展党员记录已结束，不能再记录步骤")
    if Step.COMMITTEE_TALK <= step <= Step.APPROVAL_FILED and not case.branch_meeting_on:
        raise ValidationError("请先记录支部大会讨论（第15步）")
    if step >= Step.ASSIGNED and not case.member_id:
        raise ValidationError("尚未经上级党委审批接收为预备党员（第17步）")
    missing = [name for name in REQUIRED_DETAILS.get(step, ()) if not details.get(name)]
    if missing:
        raise ValidationError({name: ["请填写此项"] for name in missing})


def _apply_step(case: DevelopmentCase, step: int, done_on, details: dict) -> None:
    allowed = STEP_DETAILS.get(step, ())
    unknown = set(details) - set(allowed)
    if unknown:
        raise ValidationError({name: ["此步骤不记录该项"] for name in sorted(unknown)})
    if step in STEP_DATE_FIELD:
        setattr(case, STEP_DATE_FIELD[step], done_on)
    if step == Step.EDUCATION:
        case.evaluations += 1
    if step == Step.FULL_MEETING:
        _apply_full_meeting(case, done_on, dict(details))
        return
    apply_fields(case, dict(details))


def _apply_full_meeting(case: DevelopmentCase, done_on, details: dict) -> None:
    decision = details.pop("full_decision")
    months = details.pop("extension_months", None) or 0
    if decision == FullDecision.EXTEND:
        # 党章 第七条: probation may be extended once; a second extension is not a thing.
        if case.extension_months and case.full_decision == FullDecision.EXTEND:
            raise ValidationError({"full_decision": ["预备期只能延长一次"]})
        if not months:
            raise ValidationError({"extension_months": ["请填写延长的月数"]})
        case.extension_months = months
    elif months:
        raise ValidationError({"extension_months": ["按期转正时不填写延长月数"]})
    else:
        case.full_meeting_on = done_on
    case.full_decision = decision
    apply_fields(case, details)


def _advance(case: DevelopmentCase, step: int) -> None:
    case.step = max(case.step, step)
    case.stage = stage_of(case.step)


def _derived(case: DevelopmentCase, values) -> None:
    case.probation_ends_on = probation_end(case, values)


@transaction.atomic
def development_record_step(
    *,
    actor,
    case: DevelopmentCase,
    step: int,
    done_on: datetime.date,
    note: str = "",
    document: str = "",
    details: dict | None = None,
) -> CaseStep:
    """Record one of the 25 steps: its date on the case, an event row, and what follows.

    Recording a step again corrects its date (both rows stay in the log). The
    approval (step 17) admits the applicant; the approval of full membership
    (step 24) makes the member a full member.
    """
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(case, actor)
    case = lock(case)
    step, details = Step(step), dict(details or {})
    _check_step_allowed(case, step, details)
    _apply_step(case, step, done_on, details)
    _advance(case, step)
    _derived(case, rule_values())
    _validate_and_save(case, actor=actor)
    ensure_result_in_scope(case, actor)
    entry = _log(case, actor=actor, step=step, done_on=done_on, note=note, document=document)
    _follow_up(case, step, actor)
    return entry


def development_step_preview(
    *, actor, case: DevelopmentCase, step: int, done_on: datetime.date, details: dict | None = None
) -> list[Violation]:
    """The rules recording ``step`` would break, said before it is saved: those the case
    would break afterwards and does not break now (the step page asks for a confirmation
    and shows them as the user types). A step that cannot be recorded at all raises the
    ValidationError ``development_record_step`` would. Nothing is written: the step is
    applied to a fresh copy of the case, the same way recording applies it."""
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(case, actor)
    values = rule_values()
    now = {(found.key, found.message) for found in violations(case, values)}
    trial = DevelopmentCase.objects.get(pk=case.pk)
    step, details = Step(step), dict(details or {})
    _check_step_allowed(trial, step, details)
    _apply_step(trial, step, done_on, details)
    _advance(trial, step)
    _derived(trial, values)
    errors = date_errors(trial, timezone.localdate())  # refused when saved, so said now
    if errors:
        raise ValidationError(errors)
    return [found for found in violations(trial, values) if (found.key, found.message) not in now]


def _follow_up(case: DevelopmentCase, step: int, actor) -> None:
    if step == Step.APPROVAL and case.member_id is None:
        development_admit(actor=actor, case=case)
    elif step in (Step.BRANCH_MEETING, Step.APPROVAL) and case.member_id:
        # A corrected branch-meeting date moves the political birthday too.
        member_update(actor=actor, member=case.member, data={"joined_on": case.branch_meeting_on})
    elif step == Step.FULL_APPROVAL:
        development_confirm_full(actor=actor, case=case)


# --- admission and full membership ----------------------------------------------------


def development_admit(*, actor, case: DevelopmentCase) -> Member:
    """At the higher committee's approval: the probationary member's record, in this transaction.

    RULES.md "Party age": 入党日期 (political birthday) = the branch meeting's date.
    The ID number is decrypted from the case and encrypted again on the member. A
    member registered meanwhile outside the scope is a conflict, recorded here, after
    the admission's transaction has rolled back.
    """
    with conflicts.conflicts_reported(
        actor=actor,
        source=ConflictSource.DEVELOPMENT,
        number=case.reveal_id_number,
        name=case.name,
        organization=case.organization,
        exclude={"exclude_case": case.pk},
    ):
        return _development_admit(actor=actor, case=case)


@transaction.atomic
def _development_admit(*, actor, case: DevelopmentCase) -> Member:
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(case, actor)
    case = lock(case)
    if case.member_id:
        raise ValidationError("该申请人已接收为预备党员")
    if not (case.branch_meeting_on and case.approved_on):
        raise ValidationError("接收预备党员须有支部大会通过日期和上级党委审批日期")
    member = member_create(actor=actor, data=_member_data(case), source=ConflictSource.DEVELOPMENT)
    case.member = member
    case.save(update_fields=["member", "updated_at"])
    return member


def _member_data(case: DevelopmentCase) -> dict:
    return {
        "name": case.name,
        "gender": case.gender,
        "birth_date": case.birth_date,
        "ethnicity": case.ethnicity,
        "education": case.education,
        "status": MemberStatus.PROBATIONARY,
        "joined_on": case.branch_meeting_on,
        "organization": case.organization,
        "employer": case.employer,
        "post_level": case.post_level,
        "id_number": case.reveal_id_number(),
        "phone": case.reveal_phone(),
    }


@transaction.atomic
def development_confirm_full(*, actor, case: DevelopmentCase) -> Member:
    """Full membership after the branch meeting's decision and the committee's approval.

    党章 第七条: 党员的党龄，从预备期满转为正式党员之日算起 — so 转正日期 is the
    day probation ends (branch meeting + 1 year + any extension), and Party
    age counts from there (RULES.md "Party age").
    """
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(case, actor)
    case = lock(case)
    if case.member_id is None:
        raise ValidationError("尚未接收为预备党员")
    if case.full_decision != FullDecision.FULL or not case.full_meeting_on:
        raise ValidationError("请先记录支部大会讨论转正（第23步）并决定按期转正")
    ends = probation_end(case, rule_values())
    member = member_update(
        actor=actor,
        member=case.member,
        data={"status": MemberStatus.FULL, "full_member_on": ends},
    )
    case.status, case.probation_ends_on = CaseStatus.FULL, ends
    case.save(update_fields=["status", "probation_ends_on", "updated_at"])
    return member
