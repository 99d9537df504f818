from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.duplicates import scope_duplicate_key
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.regions.hierarchy import REGION_HIERARCHY
from liangxin.regions.models import Region

TREE_FIELDS = ["path", "depth", "numchild"]


def _full_clean(region: Region, actor) -> None:
    """A code held by a region outside the actor's scope is refused without naming it."""
    try:
        region.full_clean(exclude=TREE_FIELDS)
    except ValidationError as exc:
        raise scope_duplicate_key(exc, actor=actor, instance=region, field="code") from None


@transaction.atomic
def region_create(*, actor, parent: Region | None, data: dict) -> Region:
    ensure_can_edit(actor, "regions")
    region = Region(**data)
    _full_clean(region, actor)
    REGION_HIERARCHY.check(region.kind, parent.kind if parent is not None else None)
    if parent is None:
        # Only a district admin without a parent scope creates new roots; the
        # scope check below rejects everyone else.
        region = Region.objects.add_root(instance=region)
    else:
        ensure_target_in_scope(parent, actor)
        region = Region.objects.add_child(lock(parent), instance=region)
    ensure_result_in_scope(region, actor)
    return region


@transaction.atomic
def region_update(*, actor, region: Region, data: dict) -> Region:
    ensure_can_edit(actor, "regions")
    ensure_target_in_scope(region, actor)
    region = lock(region)
    kind = region.kind
    apply_fields(region, data)
    _full_clean(region, actor)
    if region.kind != kind:
        check_kind_in_tree(region)
    region.save()
    return region


def check_kind_in_tree(region: Region) -> None:
    """A changed kind must still fit under the parent and above the children."""
    parent = Region.objects.get_parent(region)
    REGION_HIERARCHY.check(region.kind, parent.kind if parent else None, field="kind")
    children = Region.objects.filter(path__startswith=region.path, depth=region.depth + 1)
    REGION_HIERARCHY.check_children(region.kind, children.values_list("kind", flat=True))
