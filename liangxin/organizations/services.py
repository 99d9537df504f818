from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.duplicates import scope_duplicate_key
from liangxin.core.roles import Role
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
    save_m2m,
)
from liangxin.organizations.hierarchy import ORGANIZATION_HIERARCHY
from liangxin.organizations.models import PartyOrganization

TREE_FIELDS = ["path", "depth", "numchild"]
M2M = ("covered_enterprises",)
# The result of a rating cycle (liangxin.ratings writes it when a cycle is 定级); by hand
# only the district corrects it (WORK.md §3: a secretary never sets their own result).
STAR_FIELDS = ("star_level", "star_category")
STARS_BY_DISTRICT = "星级和星级类别由评星定级结果确定，只有区级管理员可以更正"


def ensure_stars_by_district(actor, organization: PartyOrganization, data: dict) -> None:
    """Refuse a change of the stars from anyone but a district admin."""
    if actor is not None and actor.role == Role.DISTRICT_ADMIN:
        return
    changed = [
        name
        for name in STAR_FIELDS
        if name in data and (data[name] or None) != (getattr(organization, name) or None)
    ]
    if changed:
        raise ValidationError(dict.fromkeys(changed, STARS_BY_DISTRICT))


def _full_clean(organization: PartyOrganization, actor) -> None:
    """A code held by an organization outside the actor's scope is refused without naming it."""
    try:
        organization.full_clean(exclude=TREE_FIELDS)
    except ValidationError as exc:
        raise scope_duplicate_key(exc, actor=actor, instance=organization, field="code") from None


@transaction.atomic
def organization_create(
    *, actor, parent: PartyOrganization | None, data: dict
) -> PartyOrganization:
    ensure_can_edit(actor, "organizations")
    organization = PartyOrganization()
    ensure_stars_by_district(actor, organization, data)
    ensure_references_in_scope(actor, data, *M2M)
    related = apply_fields(organization, dict(data), m2m=M2M)
    _full_clean(organization, actor)
    ORGANIZATION_HIERARCHY.check(organization.kind, parent.kind if parent is not None else None)
    if parent is None:
        organization = PartyOrganization.objects.add_root(instance=organization)
    else:
        ensure_target_in_scope(parent, actor)
        organization = PartyOrganization.objects.add_child(lock(parent), instance=organization)
    save_m2m(organization, related)
    ensure_result_in_scope(organization, actor)
    return organization


@transaction.atomic
def organization_update(*, actor, organization: PartyOrganization, data: dict) -> PartyOrganization:
    ensure_can_edit(actor, "organizations")
    ensure_target_in_scope(organization, actor)
    organization = lock(organization)
    ensure_stars_by_district(actor, organization, data)
    ensure_references_in_scope(actor, data, *M2M, instance=organization)
    kind = organization.kind
    related = apply_fields(organization, dict(data), m2m=M2M)
    _full_clean(organization, actor)
    if organization.kind != kind:
        check_kind_in_tree(organization)
    organization.save()
    save_m2m(organization, related)
    ensure_result_in_scope(organization, actor)
    return organization


def check_kind_in_tree(organization: PartyOrganization) -> None:
    """A changed kind must still fit under the parent and above the children."""
    parent = PartyOrganization.objects.get_parent(organization)
    kind = organization.kind
    ORGANIZATION_HIERARCHY.check(kind, parent.kind if parent else None, field="kind")
    children = PartyOrganization.objects.filter(
        path__startswith=organization.path, depth=organization.depth + 1
    )
    ORGANIZATION_HIERARCHY.check_children(kind, children.values_list("kind", flat=True))
