from django.db import transaction

from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.regions.models import Region

TREE_FIELDS = ["path", "depth", "numchild"]


@transaction.atomic
def region_create(*, actor, parent: Region | None, data: dict) -> Region:
    ensure_can_edit(actor, "regions")
    region = Region(**data)
    region.full_clean(exclude=TREE_FIELDS)
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
    apply_fields(region, data)
    region.full_clean(exclude=TREE_FIELDS)
    region.save()
    return region
