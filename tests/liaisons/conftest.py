import datetime
import io
import zoneinfo

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    """A Shanghai wall-clock moment."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class Clock:
    """timezone.now() fixed at a Shanghai wall-clock time the test moves on."""

    def __init__(self, monkeypatch):
        self.moment = None
        monkeypatch.setattr(timezone, "now", lambda: self.moment)

    def set(self, *args):
        self.moment = at(*args)
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def workbook_rows(response) -> list[list]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def table(response, first_header: str) -> tuple[list, list[list]]:
    """The header row (the one starting with ``first_header``) and the rows under it."""
    rows = workbook_rows(response)
    header = next(row for row in rows if row and row[0] == first_header)
    return header, rows[rows.index(header) + 1 :]


@pytest.fixture
def liaisons(world):
    """A liaison of town A serving its two enterprises, one of town B serving ent_b."""
    from liangxin.liaisons import services

    return {
        "a": services.liaison_create(
            actor=world.user("town_a_admin"),
            name="黄联络",
            unit="川姜镇经发办",
            region=world.town_a,
            enterprises=[world.ent_a, world.ent_a2],
        ),
        "b": services.liaison_create(
            actor=world.user("town_b_admin"),
            name="郑联络",
            unit="开发区经发局",
            region=world.town_b,
            enterprises=[world.ent_b],
        ),
    }


def publish(world, liaison, published_at, title="稳岗返还政策办理指南", actor="district_admin"):
    from liangxin.liaisons import services

    return services.notice_publish(
        actor=world.user(actor),
        liaison=liaison,
        title=title,
        summary="适用对象、申报条件和办理流程",
        source="区人社局",
        published_at=published_at,
    )


def confirm(world, notice, enterprise, moment, actor="district_admin"):
    from liangxin.liaisons import services

    receipt = notice.receipts.get(enterprise=enterprise)
    return services.receipt_confirm(
        actor=world.user(actor),
        receipt=receipt,
        head_name="李总",
        head_post="总经理",
        confirmed_at=moment,
    )
