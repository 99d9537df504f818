"""Writes of certification (个人申报 → 资格审查 → 培训测试 → 综合评审 → 社会公示 → 发证, 年检),
honours and the district's certification settings (WORK.md §4 Workflows).

Who does what: a town or district admin (who edits the instructors' registry) takes an
application through its steps and keeps the honours; the district admin issues 初/中,
records 高/特 issued by the city or province, holds the 年检 and edits the settings."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.workforce import selectors_certification as sel
from liangxin.workforce.models_people import (
    AnnualCheck,
    Certification,
    CertificationEvent,
    CertificationFile,
    CertificationLevel,
    CertLevel,
    CertState,
    Honour,
    IssuerLevel,
    PartyWorker,
)
from liangxin.workforce.periods import add_months

KIND = "instructors"  # who edits the instructors' registry edits the party workers' records

# The review steps in order; 发证 follows 社会公示 (certification_issue).
NEXT_STEP = {
    CertState.APPLIED: CertState.QUALIFIED,
    CertState.QUALIFIED: CertState.TESTED,
    CertState.TESTED: CertState.REVIEWED,
    CertState.REVIEWED: CertState.PUBLICIZED,
}


def ensure_district_admin(actor) -> None:
    if not sel.is_district_admin(actor):
        raise PermissionDenied("只有区级管理员可以办理此事项")


def _event(certification: Certification, state: str, actor, comment: str) -> None:
    CertificationEvent.objects.create(
        certification=certification, state=state, actor=actor, comment=comment[:500]
    )


def _check_prerequisite(worker: PartyWorker, level: str, day, direct_special: bool) -> None:
    """初 < 中 < 高 < 特: the level below must be held (issued, in force, not suspended or
    revoked) on the day of the application; a 先锋工匠 may apply for 特级 directly
    [L:张家港 "先锋工匠 sit 特级 directly"]."""
    if direct_special:
        if level != CertLevel.SPECIAL:
            raise ValidationError({"direct_special": ["直接申报仅适用于特级"]})
        if not worker.pioneer_craftsman:
            raise ValidationError({"direct_special": ["只有先锋工匠可以直接申报特级"]})
        return
    below = sel.level_below(level)
    if below and not sel.holds_level(worker, below, day):
        label = CertLevel(below).label
        raise ValidationError(
            {"level": [f"申报{CertLevel(level).label}须持有有效的{label}证书（未暂停、未撤销）"]}
        )


@transaction.atomic
def certification_apply(
    *, actor, worker: PartyWorker, level: str, applied_on: datetime.date, evidence: str = "",
    direct_special: bool = False, files=(),
) -> Certification:  # fmt: skip
    """个人申报 with its evidence files: the issuing level is copied from the district's
    setting for the level."""
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(worker, actor)
    if level not in CertLevel.values:
        raise ValidationError({"level": ["认证等级无效"]})
    _check_prerequisite(worker, level, applied_on, direct_special)
    if worker.certifications.filter(level=level, state__in=sel.IN_PROGRESS).exists():
        raise ValidationError({"level": ["该党务工作者已有同等级的申报在办理中"]})
    setting = CertificationLevel.objects.filter(level=level).first()
    if setting is None:
        raise ValidationError({"level": ["该等级尚未设置认证机关，请区级管理员先在认证设置中填写"]})
    certification = Certification(
        worker=worker,
        level=level,
        issuer_level=setting.issuer_level,
        direct_special=direct_special,
        applied_on=applied_on,
        evidence=evidence,
    )
    certification.full_clean()
    certification.save()
    for upload in files:
        CertificationFile.from_upload(upload, user=actor, certification=certification).save()
    _event(
        certification,
        CertState.APPLIED,
        actor,
        "先锋工匠直接申报特级" if direct_special else "个人申报",
    )
    ensure_result_in_scope(certification, actor)
    return certification


def _open_for(actor, certification: Certification) -> Certification:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(certification, actor)
    return lock(certification)


@transaction.atomic
def certification_advance(
    *, actor, certification: Certification, comment: str = "", training_hours=None,
    test_score=None,
) -> Certification:  # fmt: skip
    """One review step passed (资格审查, 培训测试 with hours and score, 综合评审, 社会公示)."""
    certification = _open_for(actor, certification)
    step = NEXT_STEP.get(certification.state)
    if step is None:
        raise ValidationError(f"当前状态为“{certification.get_state_display()}”，不能进入下一步")
    if step == CertState.TESTED:
        if training_hours is None or test_score is None:
            raise ValidationError("培训测试须填写培训学时和测试成绩")
        certification.training_hours, certification.test_score = training_hours, test_score
    certification.state = step
    certification.full_clean()
    certification.save()
    _event(certification, step, actor, comment or f"{CertState(step).label}通过")
    return certification


@transaction.atomic
def certification_reject(*, actor, certification: Certification, comment: str) -> Certification:
    """未通过 at any step before 发证; the reason is required."""
    certification = _open_for(actor, certification)
    if certification.state not in sel.IN_PROGRESS:
        raise ValidationError("只有办理中的申报可以作出未通过决定")
    if not comment.strip():
        raise ValidationError("未通过须写明原因")
    certification.state = CertState.REJECTED
    certification.save(update_fields=["state", "updated_at"])
    _event(certification, CertState.REJECTED, actor, comment)
    return certification


@transaction.atomic
def certification_revoke(*, actor, certification: Certification, comment: str) -> Certification:
    """撤销 an issued (or suspended) certificate; the reason is required."""
    ensure_district_admin(actor)
    certification = _open_for(actor, certification)
    if certification.state not in (CertState.ISSUED, CertState.SUSPENDED):
        raise ValidationError("只有已发证或暂停的证书可以撤销")
    if not comment.strip():
        raise ValidationError("撤销须写明原因")
    certification.state = CertState.REVOKED
    certification.save(update_fields=["state", "updated_at"])
    _event(certification, CertState.REVOKED, actor, comment)
    return certification


def valid_until_for(issued_on: datetime.date, valid_years: int) -> datetime.date:
    """The last day in force: ``valid_years`` after the day of issue, minus one day (issued
    2026-03-01 for 3 years → valid to 2029-02-28 inclusive), as a term of office counts."""
    return add_months(issued_on, 12 * valid_years) - datetime.timedelta(days=1)


@transaction.atomic
def certification_issue(
    *, actor, certification: Certification, certificate_no: str, issued_on: datetime.date,
    comment: str = "",
) -> Certification:  # fmt: skip
    """发证 after 社会公示. The district issues its own levels (初/中 by default) and records
    the certificate of a level the city or province issues (高/特)."""
    ensure_district_admin(actor)
    certification = _open_for(actor, certification)
    if certification.state != CertState.PUBLICIZED:
        raise ValidationError("社会公示结束后才能发证")
    number = certificate_no.strip()
    if not number:
        raise ValidationError({"certificate_no": ["请填写证书编号"]})
    if Certification.objects.filter(certificate_no=number).exclude(pk=certification.pk).exists():
        raise ValidationError({"certificate_no": [f"证书编号“{number}”已被使用，请核对"]})
    setting = CertificationLevel.objects.get(level=certification.level)
    certification.certificate_no = number
    certification.issued_on = issued_on
    certification.valid_until = valid_until_for(issued_on, setting.valid_years)
    certification.state = CertState.ISSUED
    certification.full_clean()
    certification.save()
    issuer = IssuerLevel(certification.issuer_level).label
    done = "发证" if sel.district_issues(certification.issuer_level) else f"登记{issuer}级认证结果"
    _event(
        certification, CertState.ISSUED, actor, f"{done}，证书编号{number}；{comment}".strip("；")
    )
    return certification


@transaction.atomic
def annual_check_record(
    *, actor, certification: Certification, year: int, checked_on: datetime.date,
    passed: bool, note: str = "",
) -> AnnualCheck:  # fmt: skip
    """年检: once a year per certificate, on a day the certificate is in force (its last day
    included). 不合格 → 暂停; a later 合格 restores 已发证."""
    ensure_district_admin(actor)
    certification = _open_for(actor, certification)
    if certification.state not in (CertState.ISSUED, CertState.SUSPENDED):
        raise ValidationError("只有已发证（或暂停）的证书参加年检")
    if not certification.issued_on <= checked_on <= certification.valid_until:
        raise ValidationError({"checked_on": ["年检日期不在证书有效期内"]})
    if checked_on.year != year:
        raise ValidationError({"checked_on": ["年检日期须在所检年度内"]})
    check = AnnualCheck(
        certification=certification, year=year, checked_on=checked_on, passed=passed, note=note
    )
    check.full_clean()
    check.save()
    _after_check(certification, passed, actor, year)
    return check


def _after_check(certification: Certification, passed: bool, actor, year: int) -> None:
    if not passed and certification.state == CertState.ISSUED:
        certification.state = CertState.SUSPENDED
        _event(certification, CertState.SUSPENDED, actor, f"{year}年度年检不合格，证书暂停")
    elif passed and certification.state == CertState.SUSPENDED:
        certification.state = CertState.ISSUED
        _event(certification, CertState.ISSUED, actor, f"{year}年度年检合格，恢复有效")
    else:
        return
    certification.save(update_fields=["state", "updated_at"])


@transaction.atomic
def level_setting_update(*, actor, setting: CertificationLevel, data: dict) -> CertificationLevel:
    """The district edits who certifies a level and how long a certificate holds."""
    ensure_district_admin(actor)
    setting = lock(setting)
    allowed = {
        k: v
        for k, v in data.items()
        if k in ("issuer_level", "issuer_name", "valid_years", "source")
    }
    apply_fields(setting, allowed)
    if not setting.valid_years:
        raise ValidationError({"valid_years": ["有效期至少1年"]})
    setting.full_clean()
    setting.save()
    return setting


@transaction.atomic
def honour_create(*, actor, data: dict) -> Honour:
    """A honour of a party worker or an organization the actor sees; others are refused."""
    ensure_can_edit(actor, KIND)
    data = dict(data)
    if bool(data.get("worker")) == bool(data.get("organization")):
        raise ValidationError("请选择一名党务工作者或一个党组织作为获得者（二选一）")
    ensure_references_in_scope(actor, data, "worker", "organization")
    honour = Honour()
    apply_fields(honour, data)
    honour.full_clean()
    honour.save()
    ensure_result_in_scope(honour, actor)
    return honour
