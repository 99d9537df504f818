"""Shared by the certification, honour and allowance tests: the district's default settings
(migration workforce 0008, re-seeded after a live-server test emptied the database) and a
few party workers of the persona world."""

import datetime
import importlib

import pytest
from django.apps import apps

from liangxin.workforce import services_certification as services
from liangxin.workforce.models_people import (
    AllowanceRule,
    AnnualCheck,
    Assessment,
    Certification,
    CertificationLevel,
    CertState,
    PartyWorker,
)

D = datetime.date
DEFAULT_ISSUE = D(2024, 6, 1)


@pytest.fixture
def defaults(db):
    if not CertificationLevel.objects.exists() or not AllowanceRule.objects.exists():
        seeding = importlib.import_module(
            "liangxin.workforce.migrations.0008_certification_allowance_defaults"
        )
        seeding.add_defaults(apps, None)


def worker(region, name="赵工", **extra) -> PartyWorker:
    values = {"role": "full_time", "full_time": True, "started_on": D(2020, 1, 1), **extra}
    return PartyWorker.objects.create(name=name, region=region, **values)


def issued(worker_, level, *, issued_on=DEFAULT_ISSUE, valid_until=None, number=None, **extra):
    """A certificate written straight to the table (the workflow is tested on its own)."""
    extra.setdefault("state", CertState.ISSUED)
    return Certification.objects.create(
        worker=worker_,
        level=level,
        issuer_level="district",
        applied_on=issued_on,
        certificate_no=number or f"T-{worker_.pk}-{level}",
        issued_on=issued_on,
        valid_until=valid_until or services.valid_until_for(issued_on, 3),
        **extra,
    )


def assessed(worker_, year, grade="competent"):
    return Assessment.objects.create(
        worker=worker_, year=year, grade=grade, assessed_on=D(year, 12, 20)
    )


def checked(certification, year, passed=True, day=None):
    return AnnualCheck.objects.create(
        certification=certification, year=year, checked_on=day or D(year, 11, 1), passed=passed
    )
