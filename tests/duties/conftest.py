import datetime
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

LAST_YEAR = datetime.date.today().year - 1
HELD = datetime.date(LAST_YEAR, 12, 20)


def workbook_rows(response) -> list[list]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def set_rule(world, key, value):
    from liangxin.rules.values import rule_set

    rule_set(actor=world.user("district_admin"), key=key, value=value)


class Duties:
    """Commitments and 述职 written through the services, as the town admins would."""

    def __init__(self, world):
        self.world = world

    def commit(self, org, actor="town_a_admin", year=LAST_YEAR, **changes):
        from liangxin.duties import services

        data = {
            "organization": org,
            "year": year,
            "secretary_name": "林晓红",
            "items": "按期召开组织生活会\n联系服务党员10户",
            "to_town_committee": True,
            "to_members": True,
            "published_on": datetime.date(year, 2, 1),
            **changes,
        }
        return services.commitment_save(actor=self.world.user(actor), **data)

    def report(self, org, audience, actor="town_a_admin", year=LAST_YEAR, scores=None, **kw):
        from liangxin.duties import services

        daily, superior, members = scores or (None, None, None)
        return services.report_save(
            actor=self.world.user(actor),
            organization=org,
            year=year,
            audience=audience,
            held_on=HELD,
            daily_score=None if daily is None else Decimal(daily),
            superior_score=None if superior is None else Decimal(superior),
            member_score=None if members is None else Decimal(members),
            **kw,
        )

    def everything(self, org, actor="town_a_admin", year=LAST_YEAR):
        self.commit(org, actor=actor, year=year)
        self.report(org, "superior", actor=actor, year=year)
        self.report(org, "members", actor=actor, year=year)


@pytest.fixture
def duties(world):
    return Duties(world)
