"""A small committee world on top of tests/conftest.py ``world``: two enterprise
organizations (川姜 and 开发区) with committees, members at several post levels, and the
enterprises' 规上 and 党建入章 flags — small enough to count the 泉州 figures by hand."""

import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from tests import factories as f

START = datetime.date(2024, 1, 1)


def workbook_rows(response) -> list[list]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


class Committees:
    def __init__(self, world):
        from liangxin.governance import services
        from liangxin.governance.models import Management

        self.world = world
        for enterprise, above, charter in (
            (world.ent_a, True, True),
            (world.ent_a2, False, True),
            (world.ent_b, True, False),
        ):
            enterprise.above_scale = above
            enterprise.charter_includes_party = charter
            enterprise.save()
        world.member_a.post_level = "executive"
        world.member_a.is_investor = True
        world.member_a.save()
        world.member_b.post_level = "management"
        world.member_b.save()
        org_a, org_b = world.org_a, world.org_b
        self.a2 = f.MemberFactory(name="郑文", organization=org_a, employer=world.ent_a,
                                  post_level="front_line")  # fmt: skip
        self.a3 = f.MemberFactory(name="黄敏", organization=org_a, employer=world.ent_a)
        self.a4 = f.MemberFactory(name="吴离", organization=org_a, employer=world.ent_a,
                                  post_level="management", flow_type="departed")  # fmt: skip
        self.b2 = f.MemberFactory(name="许强", organization=org_b, employer=world.ent_b)

        a = world.user("town_a_admin")
        b = world.user("town_b_admin")
        save = services.committee_member_save
        self.sec_a = save(actor=a, organization=org_a, member=world.member_a,
                          party_post="secretary", on_board=True, management=Management.SENIOR,
                          company_title="董事长", term_started_on=START)  # fmt: skip
        self.dep_a = save(actor=a, organization=org_a, member=self.a2, party_post="deputy",
                          term_started_on=START)  # fmt: skip
        self.mem_a = save(actor=a, organization=org_a, member=self.a3, party_post="member",
                          duty="organization", management=Management.MIDDLE,
                          term_started_on=START)  # fmt: skip
        old = save(actor=a, organization=org_a, name="老委员", party_post="member",
                   on_board=True, term_started_on=datetime.date(2020, 1, 1))  # fmt: skip
        self.old_a = services.committee_member_end(
            actor=a, row=old, term_ended_on=datetime.date(2023, 12, 31), end_reason="换届"
        )
        self.sec_b = save(actor=b, organization=org_b, member=world.member_b,
                          party_post="secretary", management=Management.SENIOR,
                          term_started_on=START)  # fmt: skip
        self.dep_b = save(actor=b, organization=org_b, name="外派张三", party_post="deputy",
                          management=Management.SENIOR, on_supervisory_board=True,
                          term_started_on=START)  # fmt: skip


@pytest.fixture
def committees(world):
    return Committees(world)
