"""The province's year of requests (liangxin.demo.requests_bulk, issue 18), on a tiny set of
enterprises: every row is one the services could have left at the anchor date (WORK.md §5
closed loop), the deadlines are the calendar's, and the GROUP BY statistics equal the
per-request reference for every dimension."""

import datetime
import random
from io import StringIO

import pytest

from liangxin.core.identifiers import make_uscc
from liangxin.demo import requests_bulk
from liangxin.demo.scales import ANCHOR_DATE
from liangxin.demo.writer import Progress
from liangxin.requests import deadlines, reference, selectors
from liangxin.requests.models import (
    FINISHED_STATES,
    Extension,
    FollowUp,
    Request,
    SpanUnit,
    State,
)
from liangxin.rules.workdays import Calendar
from tests import factories as f
from tests.requests.test_statistics import KEYS

YEAR = ANCHOR_DATE.year


@pytest.fixture
def written(world):
    # The writer seeds its generator from the first enterprise's USCC: a fixed one gives the
    # same year every run (a random one left no request 退回 about one run in twenty).
    first = f.EnterpriseFactory(
        region=world.grid_a, uscc=make_uscc(random.Random(7), area_code="350503")
    )
    enterprises = [first, world.ent_a, world.ent_a2, world.ent_b]
    enterprises += [f.EnterpriseFactory(region=world.grid_a) for _ in range(20)]
    enterprises += [f.EnterpriseFactory(region=world.grid_b, category="individual")]
    # A high rate: a few hundred requests from two dozen enterprises.
    count = requests_bulk.write_requests(enterprises, 12.0, Progress(StringIO()))
    return count


def test_the_writer_gives_a_year_of_requests_in_every_state(written):
    assert written == Request.objects.count() > 150
    states = set(Request.objects.values_list("state", flat=True))
    assert {State.CLOSED, State.HANDLING, State.RETURNED} <= states
    received = Request.objects.values_list("received_at", flat=True)
    assert all(datetime.date(YEAR, 1, 1) <= deadlines.local_day(r) < ANCHOR_DATE for r in received)
    assert Request.objects.filter(answered_directly=True, lead_unit=None).exists()
    assert Request.objects.filter(extended=True).count() == Extension.objects.count() > 0
    assert Request.objects.filter(reopen_count=1).exists()
    assert Request.objects.filter(funds__gt=0).exists()


def test_the_rows_respect_the_workflow(written):
    calendar = Calendar()
    for r in Request.objects.prefetch_related("categories", "follow_ups"):
        assert 1 <= len(r.categories.all()) <= 4
        if r.finished_at:
            assert r.state in FINISHED_STATES and r.accepted_at and r.accepted_at < r.finished_at
            assert r.workdays_taken is not None and r.follow_up_due
        if r.state in FINISHED_STATES:
            assert r.finished_at
        if r.accepted_at:
            assert r.accepted_at >= r.received_at and r.due_at > r.accepted_at
            assert r.span_unit == SpanUnit.WORKDAYS and r.urge_on < deadlines.local_day(r.due_at)
            if not r.extended and not r.reopen_count:  # the due as the services count it
                assert r.due_at == deadlines.due_at(r, calendar)
        else:
            assert r.state in (State.RECEIVED, State.RETURNED) and r.due_at is None
        if r.state == State.CLOSED:
            assert r.finished_at and r.closed_at and r.satisfaction
        if r.satisfaction:  # rated only at a 回访: closed, or reopened after it
            assert r.state == State.CLOSED or r.reopen_count
            assert r.follow_ups.all()[len(r.follow_ups.all()) - 1].satisfaction == r.satisfaction
        else:
            assert not r.follow_ups.all()
        if r.lead_unit_id is None and r.accepted_at and not r.answered_directly:
            assert r.state == State.ACCEPTED
    assert FollowUp.objects.filter(reopened=True).count() == (
        Request.objects.filter(reopen_count__gt=0).count()
    )


def test_a_second_county_continues_the_numbering(world, written):
    more = requests_bulk.write_requests(
        [f.EnterpriseFactory(region=world.grid_b) for _ in range(5)], 12.0, Progress(StringIO())
    )
    assert Request.objects.count() == written + more
    assert Request.objects.values("number").distinct().count() == written + more


@pytest.mark.parametrize("dimension", ["region", "unit", "category", "month"])
def test_the_statistics_equal_the_reference(world, written, dimension):
    now = datetime.datetime(YEAR, 12, 1, tzinfo=requests_bulk.LOCAL)
    for persona in ("district_admin", "town_a_admin"):
        user = world.user(persona)
        region = selectors.top_region(user)
        fast = selectors.statistics(
            user=user, year=YEAR, dimension=dimension, region=region, now=now
        )
        slow = reference.statistics(
            user=user, year=YEAR, dimension=dimension, region=region, now=now
        )
        assert fast.rows and {row["key"]: [row[k] for k in KEYS] for row in fast.rows} == {
            key: [row[k] for k in KEYS] for key, row in slow.items()
        }


def test_the_same_enterprises_give_the_same_requests(world):
    enterprises = [f.EnterpriseFactory(region=world.grid_a) for _ in range(6)]
    words = requests_bulk.vocabulary(e.region_id for e in enterprises)
    first = requests_bulk.generate(enterprises, 1, 5.0, words)
    again = requests_bulk.generate(enterprises, 1, 5.0, words)
    assert [r.values for r in first] == [r.values for r in again] and first


def test_a_request_is_seen_through_its_enterprise_or_its_lead_unit(world):
    """The scope rule as region id sets (issue 18 bench) lets the same users through as the
    path test did: the enterprise's region, the lead unit's region, nobody else."""
    from liangxin.core.scoping import scoped
    from liangxin.requests.models import HandlingUnit, RequestEvent
    from tests.requests.conftest import new_request

    unit_b = HandlingUnit.objects.create(name="开发区经发办", region=world.town_b)
    led_by_b = new_request(world)  # an enterprise of town A
    Request.objects.filter(pk=led_by_b.pk).update(lead_unit=unit_b)
    own_b = new_request(world, world.user("town_b_admin"), enterprise=world.ent_b)

    def seen(persona, model=Request):
        rows = scoped(model.objects.all(), world.user(persona))
        return set(rows.values_list("request_id" if model is RequestEvent else "pk", flat=True))

    assert seen("town_a_admin") == {led_by_b.pk}
    assert seen("town_b_admin") == {led_by_b.pk, own_b.pk} == seen("district_admin")
    assert seen("town_b_admin", RequestEvent) == {led_by_b.pk, own_b.pk}
    assert seen("outsider") == set() == seen("outsider", RequestEvent)
    region_a = selectors.request_list(user=world.user("district_admin")).filter(
        selectors.in_region(world.town_a)
    )
    assert set(region_a.values_list("pk", flat=True)) == {led_by_b.pk}


def test_the_months_come_in_calendar_order(world, written):
    user = world.user("district_admin")
    months = selectors.statistics(user=user, year=YEAR, dimension="month").rows
    assert [row["key"] for row in months] == list(range(1, ANCHOR_DATE.month))
