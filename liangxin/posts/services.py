from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.services import (
    ensure_can_edit,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.members.models import FlowType
from liangxin.posts.models import PostAssignment


@transaction.atomic
def post_assign(*, actor, data: dict) -> PostAssignment:
    """Assign a member to a post or team of their own organization."""
    ensure_can_edit(actor, "members")
    member = data["member"]
    ensure_target_in_scope(member, actor)
    if member.flow_type == FlowType.DEPARTED:
        raise ValidationError({"member": ["已离职的党员不能安排岗位"]})
    assignment = PostAssignment(organization_id=member.organization_id, **data)
    assignment.full_clean()
    assignment.save()
    ensure_result_in_scope(assignment, actor)
    return assignment


@transaction.atomic
def post_end(*, actor, assignment: PostAssignment, ended_on) -> PostAssignment:
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(assignment, actor)
    assignment = lock(assignment)
    assignment.ended_on = ended_on
    assignment.full_clean()
    assignment.save()
    return assignment
