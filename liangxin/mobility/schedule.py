"""Mobility's scheduled job: transfer letters past their validity are marked expired."""

from liangxin.core.schedule import ScheduledJob
from liangxin.mobility.services import transfers_expire


def expire_letters() -> list[str]:
    count = transfers_expire()
    return [f"{count} 份介绍信已过期"] if count else []


JOBS = [ScheduledJob("mobility.letter_expiry", "组织关系介绍信有效期", expire_letters)]
