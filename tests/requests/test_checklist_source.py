"""``requests.on_time`` (诉求按期办结), the checklist source the ratings' rubrics name: an
organization meets it when every request of the enterprises it covers received this year
and due by the day was finished by its due; and the to-dos of 催办 and 督办."""

import datetime

from liangxin.core.checklist_sources import checklist_sources
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import auto
from liangxin.requests import services
from liangxin.requests.models import Request
from tests.requests.conftest import new_request


def met(as_of):
    source = checklist_sources()["requests.on_time"]
    return source.met(PartyOrganization.objects.all(), as_of)


def handling(world, units, enterprise):
    actor = world.user("district_admin")
    r = services.request_accept(
        actor=actor, request=new_request(world, actor, enterprise=enterprise)
    )
    services.request_assign(actor=actor, request=r, lead_unit=units["hr"])
    return services.request_start(actor=actor, request=Request.objects.get(pk=r.pk))


def test_the_rubrics_source_is_now_computed_by_the_platform():
    assert auto.source_for("requests.on_time").label == "诉求按期办结"


def test_late_and_on_time_requests_of_covered_enterprises(world, units, clock):
    clock.set(2026, 11, 2)
    late = handling(world, units, world.ent_a)  # org_a covers ent_a; due 11-09
    handling(world, units, world.ent_b)  # org_b covers ent_b
    assert {world.org_a.pk, world.org_b.pk} <= met(datetime.date(2026, 11, 6))  # not yet due
    clock.set(2026, 11, 10)
    assert world.org_a.pk not in met(datetime.date(2026, 11, 10))  # open past its due
    assert world.org_b.pk not in met(datetime.date(2026, 11, 10))
    services.request_resolve(
        actor=world.user("town_a_admin"), request=late, result="solved", reason="", answer="已办"
    )
    assert world.org_a.pk not in met(datetime.date(2026, 11, 10))  # finished, but late
    assert world.group_a.pk in met(datetime.date(2026, 11, 10))  # covers no enterprise


def test_finished_on_time_meets_it(world, units, clock):
    clock.set(2026, 11, 2)
    r = handling(world, units, world.ent_a)
    clock.set(2026, 11, 9, 17)
    services.request_resolve(
        actor=world.user("town_a_admin"), request=r, result="solved", reason="", answer="已办"
    )
    clock.set(2026, 12, 1)
    assert world.org_a.pk in met(datetime.date(2026, 12, 1))


def test_the_town_sees_urge_and_supervise_on_its_to_do_list(world, units, clock, login):
    clock.set(2026, 11, 2)
    r = handling(world, units, world.ent_a)
    clock.set(2026, 11, 6)  # the working day before the due (Monday 11-09)
    home = login("town_a_admin").get("/").content.decode()
    assert "诉求即将到期（催办）" in home and r.number in home
    clock.set(2026, 11, 10)
    home = login("town_a_admin").get("/").content.decode()
    assert "诉求逾期未办结（督办）" in home
    assert r.number not in login("town_b_admin").get("/").content.decode()
