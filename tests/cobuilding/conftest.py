import datetime
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook


@pytest.fixture(autouse=True)
def cobuilding_sets(db):
    """The seeded sets (migration 0002), written back where a flush removed them."""
    from liangxin.cobuilding.defaults import seed_models

    seed_models()


def workbook_rows(response) -> list[list]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def kind(model, name):
    return model.objects.get(name=name)


def outcome_type(name):
    from liangxin.cobuilding.models import OutcomeType

    return OutcomeType.objects.get(name=name)


class Records:
    """Pairings, alliances and workshops of town A and town B, made by their town admins."""

    def __init__(self, world):
        from liangxin.cobuilding import services
        from liangxin.cobuilding.models import AllianceKind, Programme, WorkshopType

        self.world = world
        a, b = world.user("town_a_admin"), world.user("town_b_admin")
        red = kind(Programme, "红色联盟")
        signed = datetime.date(2024, 3, 1)
        self.p1 = services.pairing_save(
            actor=a, programme=red, enterprise=world.ent_a, village_region=world.area_a,
            signed_on=signed,
        )  # fmt: skip
        self.p2 = services.pairing_save(
            actor=a, programme=kind(Programme, "山海协作"), organization=world.org_a,
            region=world.town_a, village_name="东源村", village_town="青田县仁庄镇",
            signed_on=signed, vehicle="强村公司",
        )  # fmt: skip
        self.p3 = services.pairing_save(
            actor=b, programme=red, enterprise=world.ent_b, village_region=world.grid_b,
            signed_on=signed,
        )  # fmt: skip
        chain = kind(AllianceKind, "产业链")
        self.a1 = services.alliance_save(
            actor=a, kind=chain, name="纺织产业链党建联盟", region=world.town_a,
            lead=world.org_a, founded_on=signed,
        )  # fmt: skip
        self.b1 = services.alliance_save(
            actor=b, kind=chain, name="机械产业链党建联盟", region=world.town_b,
            lead=world.org_b, founded_on=signed,
        )  # fmt: skip
        shop = kind(WorkshopType, "来料加工")
        self.w1 = services.workshop_save(
            actor=a, name="一网格共富工坊", workshop_type=shop, enterprise=world.ent_a,
            region=world.grid_a, village_region=world.grid_a, opened_on=signed,
        )  # fmt: skip
        self.w1b = services.workshop_save(
            actor=a, name="镇级电商直播工坊", workshop_type=kind(WorkshopType, "电商直播"),
            region=world.town_a, village_name="外村", opened_on=signed,
        )  # fmt: skip
        self.w2 = services.workshop_save(
            actor=b, name="开发区共富工坊", workshop_type=shop, enterprise=world.ent_b,
            region=world.town_b, village_region=world.grid_b, opened_on=signed,
        )  # fmt: skip

    def outcome(self, holder, year, type_name, value, month=0, actor="district_admin"):
        from liangxin.cobuilding import services

        return services.outcome_record(
            actor=self.world.user(actor),
            holder=holder,
            year=year,
            month=month,
            outcome_type=outcome_type(type_name),
            value=Decimal(value),
        )

    def figure(self, workshop, year, month, *values, actor="district_admin"):
        from liangxin.cobuilding import services

        posts, on_post, low, rise, output, collective = values
        return services.figure_record(
            actor=self.world.user(actor),
            workshop=workshop,
            year=year,
            month=month,
            posts=posts,
            on_post=on_post,
            low_income=low,
            monthly_income_rise=Decimal(rise),
            output=Decimal(output),
            collective_income=Decimal(collective),
        )


@pytest.fixture
def records(world):
    return Records(world)
