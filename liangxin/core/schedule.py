"""Work ``run_scheduler`` starts when it falls due, contributed by the apps.

Each app registers its jobs from ``AppConfig.ready()``
(``contribute(self, scheduled_jobs=schedule.JOBS)``, slot ``scheduled_jobs``).
A job is checked on every tick: it is idempotent and does nothing when nothing is
due, so a missed tick is simply caught up on the next. It returns what it did, one
short phrase each (an empty list: nothing), which the scheduler prints after the
job's label.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from liangxin.core.contributions import slot


class Cadence(StrEnum):
    # Every --interval (an hour by default).
    PERIODIC = "periodic"
    # Also between ticks, at least every LEDGER_JOB_LEASE_SECONDS: for what should
    # not wait an hour to be seen (a job whose worker died).
    FREQUENT = "frequent"


@dataclass(frozen=True)
class ScheduledJob:
    name: str  # "<app>.<job>", for logs and tests
    label: str  # what the scheduler prints before what the job did
    run: Callable[[], list[str]]
    cadence: Cadence = Cadence.PERIODIC


def scheduled_jobs() -> list[ScheduledJob]:
    """Every registered job, in INSTALLED_APPS order."""
    return list(slot("scheduled_jobs"))


def frequent_jobs() -> list[ScheduledJob]:
    return [job for job in scheduled_jobs() if job.cadence == Cadence.FREQUENT]


def tick_jobs() -> list[ScheduledJob]:
    """What a tick runs: the frequent jobs first, then the periodic ones."""
    periodic = [job for job in scheduled_jobs() if job.cadence == Cadence.PERIODIC]
    return frequent_jobs() + periodic
