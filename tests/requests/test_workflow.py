"""The request loop of WORK.md §5 "Request workflow [I from L]": every transition, each
one audited as an event, and every illegal one refused in Chinese."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liangxin.requests import services
from liangxin.requests.models import Action, Request, RequestEvent, State
from tests.requests.conftest import new_request


def admin(world):
    return world.user("town_a_admin")


def refresh(request):
    return Request.objects.get(pk=request.pk)


def to_state(world, units, target: str, *, reopened=False):
    """A request walked by the town's desk up to ``target`` (one path of the diagram)."""
    actor = admin(world)
    r = new_request(world)
    path = {
        State.RECEIVED: [],
        State.RETURNED: [
            lambda r: services.request_return(actor=actor, request=r, comment="缺用工计划")
        ],
        State.ACCEPTED: [lambda r: services.request_accept(actor=actor, request=r)],
    }
    path[State.ASSIGNED] = path[State.ACCEPTED] + [
        lambda r: services.request_assign(actor=actor, request=r, lead_unit=units["hr"])
    ]
    path[State.HANDLING] = path[State.ASSIGNED] + [
        lambda r: services.request_start(actor=actor, request=r)
    ]
    path[State.RESOLVED] = path[State.HANDLING] + [
        lambda r: services.request_resolve(
            actor=actor, request=r, result="solved", reason="", answer="已对接 2 所职校"
        )
    ]
    path[State.UNRESOLVABLE] = path[State.HANDLING] + [
        lambda r: services.request_unable(actor=actor, request=r, reason="不属政策范围")
    ]
    path[State.FOLLOW_UP] = path[State.RESOLVED] + [
        lambda r: services.request_reply(actor=actor, request=r)
    ]
    path[State.CLOSED] = path[State.FOLLOW_UP] + [
        lambda r: services.follow_up_record(
            actor=actor,
            request=r,
            on=timezone.localdate(),
            method="phone",
            satisfaction="satisfied",
        )
    ]
    for step in path[target]:
        step(refresh(r))
    return refresh(r)


def test_the_whole_loop_with_a_return_an_extension_and_a_reopen_is_audited(world, units, clock):
    actor = admin(world)
    clock.set(2026, 11, 2)  # a Monday
    r = new_request(world)
    assert r.state == State.RECEIVED and r.number.startswith("SQ20261102")
    r = services.request_return(actor=actor, request=r, comment="请补充用工计划")
    clock.set(2026, 11, 3, 15)
    r = services.request_resubmit(actor=actor, request=refresh(r), content="需普工 30 人")
    r = services.request_accept(actor=actor, request=refresh(r))
    r = services.request_assign(actor=actor, request=refresh(r), lead_unit=units["econ"])
    r = services.request_unit_return(actor=actor, request=refresh(r), comment="不属本单位职责")
    assert refresh(r).state == State.ACCEPTED
    r = services.request_assign(
        actor=actor, request=refresh(r), lead_unit=units["hr"], co_units=[units["econ"]]
    )
    r = services.request_start(actor=actor, request=refresh(r))
    services.extension_ask(
        actor=actor, request=refresh(r), reason="需等招聘会", new_due=datetime.date(2026, 11, 13)
    )
    services.extension_decide(actor=actor, request=refresh(r), approve=True)
    clock.set(2026, 11, 12)
    services.request_resolve(
        actor=actor, request=refresh(r), result="solved", reason="", answer="已组织专场招聘会"
    )
    services.request_reply(actor=actor, request=refresh(r))
    clock.set(2026, 11, 13)
    services.follow_up_record(
        actor=actor,
        request=refresh(r),
        on=datetime.date(2026, 11, 13),
        method="phone",
        satisfaction="dissatisfied",
        note="招到人数不足",
        reopen=True,
    )
    r = refresh(r)
    assert (r.state, r.reopen_count, r.finished_at) == (State.HANDLING, 1, None)
    services.request_resolve(
        actor=actor, request=r, result="partly", reason="又到岗 10 人", answer="再次对接"
    )
    services.request_reply(actor=actor, request=refresh(r))
    services.follow_up_record(
        actor=actor,
        request=refresh(r),
        on=datetime.date(2026, 11, 13),
        method="visit",
        satisfaction="basically",
    )
    r = refresh(r)
    assert r.state == State.CLOSED and r.satisfaction == "basically"
    trail = list(r.events.values_list("action", "from_state", "to_state"))
    assert [action for action, *_ in trail] == [
        "receive",
        "return",
        "resubmit",
        "accept",
        "assign",
        "unit_return",
        "assign",
        "start",
        "extend_ask",
        "extend_approve",
        "resolve",
        "reply",
        "follow_up",
        "reopen",
        "resolve",
        "reply",
        "follow_up",
        "close",
    ]
    assert trail[-1] == ("close", "follow_up", "closed")
    assert all(e.actor == actor for e in r.events.all())
    assert r.extensions.get().decided_by == actor


def test_direct_answer_goes_from_accepted_to_resolved_without_a_unit(world, units, clock):
    clock.set(2026, 11, 2)
    r = to_state(world, units, State.ACCEPTED)
    r = services.request_answer_directly(actor=admin(world), request=r, answer="政策见某文件")
    assert (r.state, r.answered_directly, r.result) == (State.RESOLVED, True, "solved")
    # 回访 the working day after 办结 (WORK.md §5, rule requests.follow_up_workdays)
    assert r.follow_up_due == datetime.date(2026, 11, 3)


def test_unresolvable_needs_a_reason_and_then_waits_for_its_follow_up(world, units, clock):
    clock.set(2026, 11, 2)
    r = to_state(world, units, State.HANDLING)
    with pytest.raises(ValidationError, match="无法办理的原因"):
        services.request_unable(actor=admin(world), request=r, reason=" ")
    r = services.request_unable(actor=admin(world), request=r, reason="超出政策范围")
    assert (r.state, r.result, r.public_answer) == (State.UNRESOLVABLE, "unsolved", "超出政策范围")
    r = services.request_reply(actor=admin(world), request=refresh(r))
    assert r.state == State.FOLLOW_UP


ACTIONS = {
    Action.ACCEPT: lambda a, r, u: services.request_accept(actor=a, request=r),
    Action.RETURN: lambda a, r, u: services.request_return(actor=a, request=r, comment="x"),
    Action.RESUBMIT: lambda a, r, u: services.request_resubmit(actor=a, request=r),
    Action.ANSWER_DIRECTLY: lambda a, r, u: services.request_answer_directly(
        actor=a, request=r, answer="x"
    ),
    Action.ASSIGN: lambda a, r, u: services.request_assign(actor=a, request=r, lead_unit=u["hr"]),
    Action.UNIT_RETURN: lambda a, r, u: services.request_unit_return(
        actor=a, request=r, comment="x"
    ),
    Action.START: lambda a, r, u: services.request_start(actor=a, request=r),
    Action.RESOLVE: lambda a, r, u: services.request_resolve(
        actor=a, request=r, result="solved", reason="", answer="x"
    ),
    Action.UNABLE: lambda a, r, u: services.request_unable(actor=a, request=r, reason="x"),
    Action.REPLY: lambda a, r, u: services.request_reply(actor=a, request=r),
    Action.FOLLOW_UP: lambda a, r, u: services.follow_up_record(
        actor=a, request=r, on=timezone.localdate(), method="phone", satisfaction="satisfied"
    ),
    Action.EXTEND_ASK: lambda a, r, u: services.extension_ask(
        actor=a, request=r, reason="x", new_due=timezone.localdate() + datetime.timedelta(days=8)
    ),
    Action.URGE: lambda a, r, u: services.request_urge(actor=a, request=r),
}
LEGAL = {
    State.RECEIVED: {Action.ACCEPT, Action.RETURN},
    State.RETURNED: {Action.RESUBMIT},
    State.ACCEPTED: {Action.ANSWER_DIRECTLY, Action.ASSIGN, Action.URGE},
    State.ASSIGNED: {Action.UNIT_RETURN, Action.START, Action.URGE},
    State.HANDLING: {Action.RESOLVE, Action.UNABLE, Action.EXTEND_ASK, Action.URGE},
    State.RESOLVED: {Action.REPLY},
    State.UNRESOLVABLE: {Action.REPLY},
    State.FOLLOW_UP: {Action.FOLLOW_UP},
    State.CLOSED: set(),
}


@pytest.mark.parametrize("state", list(LEGAL))
def test_every_step_not_in_the_diagram_is_refused_in_chinese(world, units, clock, state):
    clock.set(2026, 11, 2)
    r = to_state(world, units, state)
    events = r.events.count()
    for action, run in ACTIONS.items():
        if action in LEGAL[state]:
            continue
        with pytest.raises(ValidationError) as refused:
            run(admin(world), refresh(r), units)
        assert f"诉求当前状态为“{State(state).label}”" in refused.value.messages[0], action
    assert refresh(r).state == state and r.events.count() == events


@pytest.mark.parametrize("state", list(LEGAL))
def test_every_step_in_the_diagram_is_taken_and_audited(world, units, clock, state):
    clock.set(2026, 11, 2)
    for action in LEGAL[state]:
        r = to_state(world, units, state)
        before = r.events.count()
        ACTIONS[action](admin(world), r, units)
        event = RequestEvent.objects.filter(request=r).order_by("-pk").first()
        assert r.events.count() > before and event.actor == admin(world), action
        assert RequestEvent.objects.filter(request=r, action=action).exists(), action


def test_a_secretary_submits_and_resubmits_but_does_not_accept(world, units, clock):
    clock.set(2026, 11, 2)
    secretary = world.user("secretary")
    r = new_request(world, secretary, channel="self")
    with pytest.raises(PermissionDenied, match="不能受理"):
        services.request_accept(actor=secretary, request=r)
    services.request_return(actor=admin(world), request=r, comment="请补充")
    r = services.request_resubmit(actor=secretary, request=refresh(r), content="补充了材料")
    assert r.state == State.RECEIVED and "【补充】补充了材料" in r.content


def test_a_not_satisfied_follow_up_closes_only_with_a_reason(world, units, clock):
    clock.set(2026, 11, 2)
    r = to_state(world, units, State.FOLLOW_UP)
    with pytest.raises(ValidationError, match="须在回访记录中说明原因"):
        services.follow_up_record(
            actor=admin(world),
            request=r,
            on=timezone.localdate(),
            method="phone",
            satisfaction="dissatisfied",
        )
    with pytest.raises(ValidationError, match="只有不满意的才能转重办"):
        services.follow_up_record(
            actor=admin(world),
            request=r,
            on=timezone.localdate(),
            method="phone",
            satisfaction="satisfied",
            reopen=True,
        )
    services.follow_up_record(
        actor=admin(world),
        request=r,
        on=timezone.localdate(),
        method="phone",
        satisfaction="dissatisfied",
        note="政策不允许，企业理解但不满意",
    )
    assert refresh(r).state == State.CLOSED


def test_supervise_only_once_overdue(world, units, clock):
    clock.set(2026, 11, 2)
    r = to_state(world, units, State.HANDLING)
    with pytest.raises(ValidationError, match="尚未逾期"):
        services.request_supervise(actor=admin(world), request=r)
    clock.set(2026, 11, 10)  # due 2026-11-09 (5 working days from Monday 11-02)
    services.request_supervise(actor=admin(world), request=refresh(r))
    assert r.events.filter(action="supervise").count() == 1


def test_a_town_cannot_send_a_request_to_another_towns_unit(world, units, clock):
    from liangxin.requests.models import HandlingUnit

    clock.set(2026, 11, 2)
    elsewhere = HandlingUnit.objects.create(name="开发区经发局", region=world.town_b)
    r = to_state(world, units, State.ACCEPTED)
    with pytest.raises(ValidationError, match="只能派给本级、下级或上级的承办单位"):
        services.request_assign(actor=admin(world), request=r, lead_unit=elsewhere)
    with pytest.raises(ValidationError, match="只能派给"):
        services.request_assign(
            actor=admin(world), request=r, lead_unit=units["hr"], co_units=[elsewhere]
        )
    services.request_assign(actor=world.user("district_admin"), request=r, lead_unit=elsewhere)
    assert refresh(r).lead_unit == elsewhere
