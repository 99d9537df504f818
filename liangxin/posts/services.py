"""Writes of posts and teams: keyword-only, atomic, role and scope checked, ``full_clean()``
before save. A post is one member's; a team (先锋队, 攻坚队) is a record with its members.
Both are edited and ended here; nothing is deleted (an ended post or team stays, with its
dates, for the counts of its time)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core.services import (
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.members.models import FlowType
from liangxin.posts.models import PostAssignment, Team, TeamMembership

EDIT_KIND = "members"  # posts and teams are work on members (accounts.roles)
POST_FIELDS = ("kind", "title", "started_on", "ended_on")
TEAM_FIELDS = ("name", "kind", "organization", "leader", "formed_on", "ended_on")


def _refuse_departed(member, field: str = "member") -> None:
    if member.flow_type == FlowType.DEPARTED:
        raise ValidationError({field: [f"{member.name}已离职，不能安排岗位或加入队伍"]})


def _unknown_fields(data: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(unknown)}")


# --- posts ----------------------------------------------------------------------------------


@transaction.atomic
def post_assign(*, actor, data: dict) -> PostAssignment:
    """Assign a member to a post of their own organization."""
    ensure_can_edit(actor, EDIT_KIND)
    member = data["member"]
    ensure_target_in_scope(member, actor)
    _refuse_departed(member)
    assignment = PostAssignment(organization_id=member.organization_id, **data)
    assignment.full_clean()
    assignment.save()
    ensure_result_in_scope(assignment, actor)
    return assignment


@transaction.atomic
def post_update(*, actor, assignment: PostAssignment, data: dict) -> PostAssignment:
    """Correct a post's kind, title or dates; the member stays (end it and assign anew)."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(assignment, actor)
    _unknown_fields(data, POST_FIELDS)
    assignment = lock(assignment)
    for name, value in data.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    assignment.save()
    ensure_result_in_scope(assignment, actor)
    return assignment


@transaction.atomic
def post_end(*, actor, assignment: PostAssignment, ended_on) -> PostAssignment:
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(assignment, actor)
    assignment = lock(assignment)
    ensure_closable(
        assignment,
        "ended_on",
        ended_on,
        blank="请填写结束日期",
        twice="该岗位已于 {:%Y-%m-%d} 结束",
    )
    return save_closed(assignment, "ended_on", ended_on)


# --- teams ----------------------------------------------------------------------------------


def _belongs_to_team_organization(team: Team, member, field: str) -> None:
    """A team's members come from its organization or the organizations below it."""
    if not member.organization.path.startswith(team.organization.path):
        raise ValidationError({field: [f"{member.name}不属于{team.organization}或其下级组织"]})


def _check_team(team: Team) -> None:
    team.full_clean()
    if team.leader is not None:
        _refuse_departed(team.leader, "leader")
        _belongs_to_team_organization(team, team.leader, "leader")


@transaction.atomic
def team_create(*, actor, data: dict, members=()) -> Team:
    """A team; its leader (and ``members``) join on the day it is formed."""
    ensure_can_edit(actor, EDIT_KIND)
    _unknown_fields(data, TEAM_FIELDS)
    ensure_references_in_scope(actor, data, "organization", "leader")
    team = Team(**data)
    _check_team(team)
    team.save()
    ensure_result_in_scope(team, actor)
    joining = list(dict.fromkeys([*([team.leader] if team.leader else []), *members]))
    for member in joining:
        team_member_add(actor=actor, team=team, member=member, joined_on=team.formed_on)
    return team


@transaction.atomic
def team_update(*, actor, team: Team, data: dict) -> Team:
    """Rename, re-date, change the leader (who joins if not yet a member); the organization
    stays."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(team, actor)
    _unknown_fields(data, TEAM_FIELDS)
    team = lock(team)
    organization = data.pop("organization", team.organization)
    if organization.pk != team.organization_id:
        # Its members belong to the organization: a team moves by being formed anew.
        raise ValidationError(
            {"organization": ["队伍所属党组织不能修改：请撤销后在新组织重新组建"]}
        )
    ensure_references_in_scope(actor, data, "leader", instance=team)
    for name, value in data.items():
        setattr(team, name, value)
    _check_team(team)
    first_joined = team.memberships.order_by("joined_on").values_list("joined_on", flat=True)
    if first_joined and first_joined[0] < team.formed_on:
        raise ValidationError({"formed_on": ["组建日期不能晚于已有队员的加入日期"]})
    team.save()
    ensure_result_in_scope(team, actor)
    leader = team.leader
    joins = leader is not None and team.ended_on is None
    if joins and not team.memberships.filter(member=leader, left_on=None).exists():
        joined_on = max(team.formed_on, timezone.localdate())
        team_member_add(actor=actor, team=team, member=leader, joined_on=joined_on)
    return team


@transaction.atomic
def team_end(*, actor, team: Team, ended_on) -> Team:
    """End the team; its members still in it leave the same day."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(team, actor)
    team = lock(team)
    ensure_closable(
        team, "ended_on", ended_on, blank="请填写撤销日期", twice="该队伍已于 {:%Y-%m-%d} 撤销"
    )
    staying = team.memberships.filter(left_on=None)
    if staying.filter(joined_on__gt=ended_on).exists():
        raise ValidationError({"ended_on": ["撤销日期不能早于在队队员的加入日期"]})
    save_closed(team, "ended_on", ended_on)
    staying.update(left_on=ended_on)
    return team


@transaction.atomic
def team_member_add(*, actor, team: Team, member, joined_on) -> TeamMembership:
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(team, actor)
    ensure_references_in_scope(actor, {"member": member}, "member")
    team = lock(team)
    if team.ended_on is not None:
        raise ValidationError(f"该队伍已于 {team.ended_on:%Y-%m-%d} 撤销，不能再添加队员")
    _refuse_departed(member)
    _belongs_to_team_organization(team, member, "member")
    if joined_on is not None and joined_on < team.formed_on:
        raise ValidationError({"joined_on": ["加入日期不能早于队伍的组建日期"]})
    if team.memberships.filter(member=member, left_on=None).exists():
        raise ValidationError({"member": [f"{member.name}已在该队伍中"]})
    membership = TeamMembership(team=team, member=member, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def team_member_leave(*, actor, membership: TeamMembership, left_on) -> TeamMembership:
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(membership, actor)
    membership = lock(membership)
    ensure_closable(
        membership, "left_on", left_on, blank="请填写退出日期", twice="该队员已于 {:%Y-%m-%d} 退出"
    )
    return save_closed(membership, "left_on", left_on)


def ensure_closable(record, field: str, day, *, blank: str, twice: str) -> None:
    """A post, team or membership ends once, on a day given: blank and twice are refused."""
    if day is None:
        raise ValidationError({field: [blank]})
    if getattr(record, field) is not None:
        raise ValidationError({field: [twice.format(getattr(record, field))]})


def save_closed(record, field: str, day):
    setattr(record, field, day)
    record.full_clean()
    record.save()
    return record
