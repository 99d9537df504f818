"""Demo certification, honours and allowance amounts for last year (slot demo_seeders, after
demo_workers): four secretaries of the demo town certified at 特级 (a 先锋工匠, applying
directly), 高级, 中级 and 初级; their assessments and 年检 of last year, the 中级 one failing
(证书暂停); a city-level honour for the 特级 holder and a county-level one (which earns no
allowance) for the 高级 holder; demo amounts for 初/中/高 (the migration leaves them to the
district). The allowance list of last year is then, by hand:

    特级 9,600 + 荣誉 5,000 · 高级 7,200 · 中级 none (年检不合格) · 初级 2,400

Secretaries, not station workers, are certified: the station workers' year-end assessment
comes from their 工作清单 (another seeder's), and a worker is assessed once a year."""

import datetime
import importlib
from decimal import Decimal

from django.apps import apps as django_apps
from django.utils import timezone

from liangxin.workforce.demo_workers import demo_town
from liangxin.workforce.models_people import (
    AllowanceKind,
    AllowanceRule,
    AnnualCheck,
    Assessment,
    Certification,
    CertificationEvent,
    CertificationLevel,
    CertLevel,
    CertState,
    Grade,
    Honour,
    HonourLevel,
    PartyWorker,
    WorkerRole,
)
from liangxin.workforce.services_certification import valid_until_for

DEMO_SOURCE = "演示数据：由区两新工委填写"
DEMO_AMOUNTS = {
    CertLevel.JUNIOR: Decimal("2400"),
    CertLevel.MIDDLE: Decimal("4800"),
    CertLevel.SENIOR: Decimal("7200"),
}
# level, the year's grade, 年检 passed
PLAN = [
    (CertLevel.SPECIAL, Grade.EXCELLENT, True),
    (CertLevel.SENIOR, Grade.COMPETENT, True),
    (CertLevel.MIDDLE, Grade.COMPETENT, False),
    (CertLevel.JUNIOR, Grade.COMPETENT, True),
]
STEPS = [
    CertState.APPLIED,
    CertState.QUALIFIED,
    CertState.TESTED,
    CertState.REVIEWED,
    CertState.PUBLICIZED,
    CertState.ISSUED,
]


def demo_rules() -> int:
    made = 0
    for level, amount in DEMO_AMOUNTS.items():
        if AllowanceRule.objects.filter(
            kind=AllowanceKind.CERTIFICATION, cert_level=level
        ).exists():
            continue
        AllowanceRule.objects.create(
            kind=AllowanceKind.CERTIFICATION,
            cert_level=level,
            amount=amount,
            requires_assessment=Grade.COMPETENT,
            requires_annual_check=True,
            effective_from=2021,
            source=DEMO_SOURCE,
        )
        made += 1
    return made


def chosen_workers(town, year: int) -> list[PartyWorker]:
    """Secretaries of the town in post since before ``year`` with no assessment of it."""
    assessed = Assessment.objects.filter(year=year, worker__isnull=False).values("worker_id")
    return list(
        PartyWorker.objects.filter(
            region__path__startswith=town.path,
            role=WorkerRole.SECRETARY,
            started_on__lte=datetime.date(year, 1, 1),
            ended_on__isnull=True,
        )
        .exclude(pk__in=assessed)
        .order_by("id")[: len(PLAN)]
    )


def certify(worker: PartyWorker, level: str, year: int, number: int) -> Certification:
    setting = CertificationLevel.objects.filter(level=level).first()
    issued = datetime.date(year - 1, 6, 1)
    direct = level == CertLevel.SPECIAL
    if direct:
        worker.pioneer_craftsman = True
        worker.save(update_fields=["pioneer_craftsman", "updated_at"])
    certification = Certification.objects.create(
        worker=worker,
        level=level,
        issuer_level=setting.issuer_level if setting else "district",
        direct_special=direct,
        state=CertState.ISSUED,
        applied_on=datetime.date(year - 1, 3, 1),
        training_hours=Decimal("40"),
        test_score=Decimal("86"),
        certificate_no=f"演示-{year - 1}-{number:03d}",
        issued_on=issued,
        valid_until=valid_until_for(issued, setting.valid_years if setting else 3),
    )
    at = timezone.make_aware(datetime.datetime(year - 1, 3, 1, 9))
    CertificationEvent.objects.bulk_create(
        CertificationEvent(
            certification=certification,
            state=state,
            at=at + datetime.timedelta(days=14 * index),
            comment="演示数据",
        )
        for index, state in enumerate(STEPS)
    )
    return certification


def check(certification: Certification, year: int, passed: bool) -> None:
    AnnualCheck.objects.create(
        certification=certification,
        year=year,
        checked_on=datetime.date(year, 11, 20),
        passed=passed,
        note="" if passed else "全年未按要求参加培训（演示）",
    )
    if not passed:
        certification.state = CertState.SUSPENDED
        certification.save(update_fields=["state", "updated_at"])
        CertificationEvent.objects.create(
            certification=certification,
            state=CertState.SUSPENDED,
            at=timezone.make_aware(datetime.datetime(year, 11, 20, 10)),
            comment=f"{year}年度年检不合格，证书暂停",
        )


def honours(workers: list[PartyWorker], year: int) -> None:
    Honour.objects.create(
        worker=workers[0],
        title="市级优秀党务工作者",
        level=HonourLevel.CITY,
        awarded_by="市委组织部",
        awarded_on=datetime.date(year, 7, 1),
        document_no=f"演示〔{year}〕12号",
    )
    if len(workers) > 1:
        Honour.objects.create(
            worker=workers[1],
            title="区优秀共产党员",
            level=HonourLevel.COUNTY,
            awarded_by="区委",
            awarded_on=datetime.date(year, 6, 28),
            document_no=f"演示〔{year}〕8号",
        )


def restore_defaults() -> None:
    """The levels and allowance rules of migration 0008, when a flushed database (a
    live-server test's) has lost them: the demo's allowance list is computed from them."""
    migration = importlib.import_module(
        "liangxin.workforce.migrations.0008_certification_allowance_defaults"
    )
    migration.add_defaults(django_apps, None)


def seed(anchors, seed: int) -> int:
    town = demo_town(anchors)
    if town is None or Certification.objects.exists():
        return 0
    restore_defaults()
    year = timezone.localdate().year - 1
    workers = chosen_workers(town, year)
    if not workers:
        return 0
    written = demo_rules()
    for number, (worker, (level, grade, passed)) in enumerate(
        zip(workers, PLAN, strict=False), start=1
    ):
        certification = certify(worker, level, year, number)
        Assessment.objects.create(
            worker=worker, year=year, grade=grade, assessed_on=datetime.date(year, 12, 20),
            assessor="镇党委（演示）",
        )  # fmt: skip
        check(certification, year, passed)
        written += 3
    honours(workers, year)
    return written + min(2, len(workers))
