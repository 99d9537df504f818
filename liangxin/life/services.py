"""Writes of organization life: keyword-only, atomic, role and scope checked. The rules
are checked where a record is entered, with their source in the message.

Quorum and majority (《中国共产党支部工作条例（试行）》2018):
- 党员大会 (art. 11): held when more than half of the members entitled to vote are
  present; a motion passes with yes-votes from more than half of those entitled to vote
  (应到会有表决权的党员), not of those present.
- 支委会 (art. 12): more than half of the committee present; passes with more than half
  of the committee.
- An election needs more than four fifths of the voters present (《中国共产党基层组织
  选举工作条例》2020).
- 预备党员 and members under 留党察看 do not vote (党章 arts. 7, 40); members out of
  应到会人数 with approval (QuorumExclusion) are counted in neither.
A meeting below quorum is kept, marked, and passes nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangxin.core.dates import add_months
from liangxin.core.scoping import in_scope
from liangxin.core.services import ensure_can_edit, ensure_result_in_scope, ensure_target_in_scope
from liangxin.life.models import (
    VOTING_KINDS,
    Appraisal,
    Attendance,
    CorrectionCase,
    CorrectionOutcome,
    Decision,
    Grade,
    Meeting,
    MeetingFile,
    MeetingKind,
    MeetingStatus,
    Presence,
    QuorumExclusion,
    StudyGuide,
    Talk,
)
from liangxin.members.models import Member, MemberStatus
from liangxin.rules.values import rule_value

EDIT_KIND = "organizations"  # organization life is the organization's own record
ARTICLE_11 = "《支部工作条例》第十一条"
ARTICLE_12 = "《支部工作条例》第十二条"
ELECTION = "《基层组织选举工作条例》"
MEETING_FIELDS = (
    "kind",
    "status",
    "held_on",
    "place",
    "station",
    "topic",
    "host",
    "recorder",
    "lecturer",
    "content",
    "study_form",
    "first_topic",
    "is_election",
    "guide",
    "cancel_reason",
)


@dataclass(frozen=True)
class SheetLine:
    """One line of the sign-in sheet as entered."""

    member: Member
    presence: str
    reason: str = ""


@dataclass(frozen=True)
class Vote:
    text: str
    votes_for: int
    votes_against: int = 0
    votes_abstain: int = 0


# --- who votes ------------------------------------------------------------------------


def excluded_member_ids(member_ids, on: datetime.date) -> set[int]:
    """Members out of 应到会有表决权的党员 on ``on`` (留党察看, approved exclusions)."""
    active = Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    return set(
        QuorumExclusion.objects.filter(active, member_id__in=member_ids).values_list(
            "member_id", flat=True
        )
    )


def voter_ids(organization, on: datetime.date) -> set[int]:
    """The organization's full members entitled to vote on ``on``."""
    full = set(
        Member.objects.filter(organization=organization, status=MemberStatus.FULL).values_list(
            "id", flat=True
        )
    )
    return full - excluded_member_ids(full, on)


def expected_members(organization, kind: str, sheet: list[SheetLine]) -> list[Member]:
    """Who should have come: the committee members listed for a 支委会, every member of
    the organization for the other meetings (an unlisted member counts as absent)."""
    if kind == MeetingKind.COMMITTEE:
        return [line.member for line in sheet]
    return list(Member.objects.filter(organization=organization).order_by("id"))


# --- checks -----------------------------------------------------------------------------


def _check_sheet(organization, kind: str, sheet: list[SheetLine]) -> None:
    seen, errors = set(), []
    for line in sheet:
        if line.member.pk in seen:
            errors.append(f"{line.member.name}在签到表中重复出现")
        seen.add(line.member.pk)
        if line.member.organization_id != organization.pk and kind != MeetingKind.COMMITTEE:
            errors.append(f"{line.member.name}不是本组织党员，不能记入出席情况")
        if line.presence == Presence.EXCUSED and not line.reason.strip():
            errors.append(f"{line.member.name}请假须填写事由")
        if line.presence not in Presence.values:
            errors.append(f"{line.member.name}的出席情况无效")
    if errors:
        raise ValidationError({"attendance": errors})


def _check_dates(data: dict) -> None:
    held_on = data.get("held_on")
    held = data.get("status", MeetingStatus.HELD) == MeetingStatus.HELD
    if held and held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": ["已召开的会议，日期不能晚于今天"]})


def _place_station(meeting: Meeting, actor, kept_station_id=None) -> None:
    """The 活动阵地 must be a place in the actor's scope (one already on the meeting stays,
    whoever set it); its name fills a blank 地点."""
    station = meeting.station
    if station is None:
        return
    if station.pk != kept_station_id and not in_scope(station, actor):
        raise ValidationError({"station": [f"活动阵地“{station.name}”不在您的管辖范围内"]})
    if not (meeting.place or "").strip():
        meeting.place = station.name[:200]


def quorum(meeting: Meeting) -> tuple[bool | None, str]:
    """(quorate, why) of a 党员大会 or 支委会 from its counts; (None, "") for the others."""
    if meeting.kind == MeetingKind.GENERAL_ASSEMBLY:
        base, present = meeting.voters_expected, meeting.voters_present
        if meeting.is_election:
            enough = present * 5 > base * 4
            rule = f"选举时到会有选举权的党员须超过应到会人数的五分之四（{ELECTION}）"
        else:
            enough = present * 2 > base
            rule = f"到会有表决权的党员须超过应到会有表决权党员的半数（{ARTICLE_11}）"
        return enough, f"应到会有表决权 {base} 人，实到 {present} 人；{rule}"
    if meeting.kind == MeetingKind.COMMITTEE:
        enough = meeting.present_count * 2 > meeting.expected_count
        rule = f"须有半数以上支部委员到会（{ARTICLE_12}）"
        return (
            enough,
            f"应到支委 {meeting.expected_count} 人，实到 {meeting.present_count} 人；{rule}",
        )
    return None, ""


def decision_outcome(meeting: Meeting, vote: Vote) -> tuple[bool, str]:
    """(passed, why): yes-votes over half of those entitled to vote, never of those present."""
    if not meeting.quorate:
        return False, "会议未达到法定人数，不能作出决定"
    if meeting.kind == MeetingKind.GENERAL_ASSEMBLY:
        base, source = meeting.voters_expected, ARTICLE_11
        words = "应到会有表决权的党员"
    else:
        base, source = meeting.expected_count, ARTICLE_12
        words = "应到会支部委员"
    passed = vote.votes_for * 2 > base
    verdict = "通过" if passed else "未通过"
    return (
        passed,
        f"赞成 {vote.votes_for} 票，{words} {base} 人，超过半数方为通过（{source}）：{verdict}",
    )


def _check_votes(meeting: Meeting, votes: list[Vote]) -> None:
    if votes and meeting.kind not in VOTING_KINDS:
        raise ValidationError({"decisions": ["只有党员大会和支委会的决议需要表决"]})
    present = (
        meeting.voters_present
        if meeting.kind == MeetingKind.GENERAL_ASSEMBLY
        else meeting.present_count
    )
    errors = []
    for vote in votes:
        cast = vote.votes_for + vote.votes_against + vote.votes_abstain
        if min(vote.votes_for, vote.votes_against, vote.votes_abstain) < 0:
            errors.append(f"“{vote.text}”的票数不能为负")
        elif cast > present:
            errors.append(f"“{vote.text}”的票数合计 {cast} 超过到会有表决权的人数 {present}")
    if errors:
        raise ValidationError({"decisions": errors})


# --- writes ----------------------------------------------------------------------------


def _count(meeting: Meeting, expected: list[Member], sheet: list[SheetLine]) -> list[Attendance]:
    """The attendance rows and the meeting's derived counts."""
    entered = {line.member.pk: line for line in sheet}
    voters = (
        voter_ids(meeting.organization, meeting.held_on) if meeting.kind in VOTING_KINDS else set()
    )
    rows = []
    for member in expected:
        line = entered.get(member.pk) or SheetLine(member, Presence.ABSENT)
        can_vote = member.pk in voters if meeting.kind == MeetingKind.GENERAL_ASSEMBLY else True
        rows.append(
            Attendance(
                meeting=meeting,
                member=member,
                presence=line.presence,
                reason=line.reason.strip(),
                can_vote=can_vote and meeting.kind in VOTING_KINDS,
            )
        )
    present = [row for row in rows if row.presence == Presence.PRESENT]
    meeting.expected_count = len(rows)
    meeting.present_count = len(present)
    meeting.excused_count = sum(row.presence == Presence.EXCUSED for row in rows)
    meeting.absent_count = sum(row.presence == Presence.ABSENT for row in rows)
    meeting.voters_expected = sum(row.can_vote for row in rows)
    meeting.voters_present = sum(row.can_vote for row in present)
    meeting.quorate = quorum(meeting)[0]
    return rows


def _write_decisions(meeting: Meeting, votes: list[Vote]) -> None:
    _check_votes(meeting, votes)
    meeting.decisions.all().delete()
    for vote in votes:
        passed, why = decision_outcome(meeting, vote)
        decision = Decision(
            meeting=meeting,
            text=vote.text.strip()[:300],
            votes_for=vote.votes_for,
            votes_against=vote.votes_against,
            votes_abstain=vote.votes_abstain,
            passed=passed,
            outcome_note=why[:300],
        )
        decision.full_clean()
        decision.save()


@transaction.atomic
def meeting_record(
    *,
    actor,
    organization,
    data: dict,
    sheet: list[SheetLine],
    votes: list[Vote] = (),
    uploads=(),
) -> Meeting:
    """Record a meeting with its sign-in sheet, votes and files."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(organization, actor)
    _check_dates(data)
    _check_sheet(organization, data.get("kind", ""), list(sheet))
    meeting = Meeting(organization=organization, created_by=actor, **data)
    _place_station(meeting, actor)
    meeting.full_clean(exclude=["expected_count", "present_count"])
    meeting.save()
    _record_sheet(meeting, list(sheet))
    _write_decisions(meeting, list(votes))
    _attach(meeting, uploads, actor)
    ensure_result_in_scope(meeting, actor)
    return meeting


def _record_sheet(meeting: Meeting, sheet: list[SheetLine]) -> None:
    rows = _count(meeting, expected_members(meeting.organization, meeting.kind, sheet), sheet)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(rows)
    meeting.full_clean()
    meeting.save()


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, data: dict, sheet=None, votes=None, uploads=()
) -> Meeting:
    """Correct a meeting: its fields, and (when given) its sign-in sheet and votes."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(meeting, actor)
    unknown = sorted(set(data) - set(MEETING_FIELDS))
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(unknown)}")
    _check_dates({"held_on": meeting.held_on, "status": meeting.status, **data})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    kept_station_id = meeting.station_id
    for name, value in data.items():
        setattr(meeting, name, value)
    _place_station(meeting, actor, kept_station_id)
    if sheet is not None:
        _check_sheet(meeting.organization, meeting.kind, list(sheet))
        _record_sheet(meeting, list(sheet))
    else:
        meeting.full_clean()
        meeting.save()
    if votes is not None:
        _write_decisions(meeting, list(votes))
    _attach(meeting, uploads, actor)
    return meeting


def _attach(meeting: Meeting, uploads, actor) -> None:
    for upload in uploads:
        MeetingFile.from_upload(upload, user=actor, meeting=meeting).save()


# --- 民主评议 --------------------------------------------------------------------------


@dataclass(frozen=True)
class AppraisalResult:
    appraisals: list[Appraisal]
    corrections: list[CorrectionCase]
    warnings: list[str]


@transaction.atomic
def appraisal_record(*, actor, organization, year: int, grades: dict, meeting=None):
    """Grades of one year's 民主评议. 不合格 opens 限期改正 (generally one year, 《党的组织
    工作问答》); more than a third 优秀, or a 预备党员 graded 优秀, is warned, not refused."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(organization, actor)
    strangers = [m.name for m in grades if m.organization_id != organization.pk]
    if strangers:
        raise ValidationError({"grades": [f"{'、'.join(strangers)}不是本组织党员"]})
    bad = [m.name for m, grade in grades.items() if grade not in Grade.values]
    if bad:
        raise ValidationError({"grades": [f"{'、'.join(bad)}的评定等次无效"]})
    taken = Appraisal.objects.filter(member__in=list(grades), year=year)
    if taken.exists():
        names = "、".join(taken.values_list("member__name", flat=True))
        raise ValidationError({"grades": [f"{names}本年度已有评议结果"]})
    appraisals = [
        Appraisal.objects.create(
            organization=organization, member=member, year=year, grade=grade, meeting=meeting
        )
        for member, grade in grades.items()
    ]
    corrections = [_open_correction(a) for a in appraisals if a.grade == Grade.UNQUALIFIED]
    return AppraisalResult(appraisals, corrections, appraisal_warnings(grades))


def _open_correction(appraisal: Appraisal) -> CorrectionCase:
    started = timezone.localdate()
    months = rule_value("life.correction_months")
    return CorrectionCase.objects.create(
        member=appraisal.member,
        appraisal=appraisal,
        started_on=started,
        due_on=add_months(started, months),
    )


def appraisal_warnings(grades: dict) -> list[str]:
    warnings = []
    excellent = sum(grade == Grade.EXCELLENT for grade in grades.values())
    if grades and excellent * 3 > len(grades):
        warnings.append(
            f"评为优秀的 {excellent} 人超过参评人数的三分之一（常见做法为不超过三分之一）"
        )
    probationary = [
        m.name
        for m, grade in grades.items()
        if grade == Grade.EXCELLENT and m.status == MemberStatus.PROBATIONARY
    ]
    if probationary:
        warnings.append(f"预备党员一般不评为优秀：{'、'.join(probationary)}")
    return warnings


# --- 谈心谈话, 提示单, exclusions --------------------------------------------------------


@transaction.atomic
def talk_record(*, actor, organization, data: dict) -> Talk:
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(organization, actor)
    strangers = [
        person.name
        for person in (data.get("first"), data.get("second"))
        if person is not None and person.organization_id != organization.pk
    ]
    if strangers:
        raise ValidationError(f"{'、'.join(strangers)}不是本组织党员")
    if data.get("held_on") and data["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": ["谈话日期不能晚于今天"]})
    talk = Talk(organization=organization, **data)
    talk.full_clean()
    talk.save()
    return talk


@transaction.atomic
def guide_publish(*, actor, data: dict) -> StudyGuide:
    """A district or town sends a month's (or quarter's) theme to every organization below."""
    ensure_can_edit(actor, "regions")
    ensure_target_in_scope(data["region"], actor)
    guide = StudyGuide(**data)
    guide.full_clean()
    guide.save()
    return guide


@transaction.atomic
def exclusion_record(*, actor, data: dict) -> QuorumExclusion:
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(data["member"], actor)
    exclusion = QuorumExclusion(**data)
    exclusion.full_clean()
    exclusion.save()
    return exclusion


# --- 限期改正 --------------------------------------------------------------------------

CLOSING_OUTCOMES = (
    CorrectionOutcome.CORRECTED,
    CorrectionOutcome.PERSUADED,
    CorrectionOutcome.REMOVED,
)


@transaction.atomic
def correction_close(
    *, actor, case: CorrectionCase, outcome: str, closed_on: datetime.date
) -> CorrectionCase:
    """Close a 限期改正 case with the branch's decision (已改正, 劝其退党 or 除名). Closed
    once: a later decision is a new record, not an overwrite of this one."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(case, actor)
    case = CorrectionCase.objects.select_for_update().get(pk=case.pk)
    if case.outcome != CorrectionOutcome.OPEN:
        done = f"{case.closed_on:%Y-%m-%d}" if case.closed_on else ""
        result = case.get_outcome_display()
        raise ValidationError(f"该限期改正已于{done}办结（{result}），不能重复办结")
    if outcome not in CLOSING_OUTCOMES:
        raise ValidationError({"outcome": ["请选择办结结果：已改正、劝其退党或除名"]})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": ["办结日期不能晚于今天"]})
    if closed_on < case.started_on:
        raise ValidationError({"closed_on": ["办结日期不能早于限期改正的开始日期"]})
    case.outcome, case.closed_on = outcome, closed_on
    case.full_clean()
    case.save()
    return case


def theme_day_note(meeting: Meeting) -> str:
    """A 主题党日 held on another day than the district's fixed one (life.theme_day) says so:
    a note, not an error — a holiday may move it (WORK.md §1)."""
    if meeting.kind != MeetingKind.THEME_DAY:
        return ""
    fixed = rule_value("life.theme_day")
    if meeting.held_on.day == fixed:
        return ""
    return f"本地主题党日固定为每月 {fixed} 日，本次在 {meeting.held_on.day} 日召开"
