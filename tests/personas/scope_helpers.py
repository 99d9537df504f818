"""Links that cross the personas' scopes, and what each persona may not be shown
(issue 12, "Data scope": exports, nested fields and detail pages are scoped like the lists)."""

from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import CoverageLink, PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor
from tests import factories as f


def cross_scopes(world):
    """An organization of town B under one of town A; town B's branch also covering an
    enterprise of town A; a member of town A employed in town B, another employed outside
    the secretary's coverage; the instructor assigned in both towns; town B's branch with
    a secretary member (the instructor sees the branch, not its members)."""
    f.organization("ORG-B-1", "开发区联合党支部", region=world.grid_b, parent=world.org_a)
    CoverageLink.objects.create(organization=world.org_b, enterprise=world.ent_a2)
    Member.objects.filter(pk=world.member_a.pk).update(employer=world.ent_b)
    f.MemberFactory(name="周跨界", organization=world.org_a, employer=world.ent_a2)
    world.instructor.enterprises.add(world.ent_b)
    PartyOrganization.objects.filter(pk=world.org_b.pk).update(
        secretary=world.member_b, secretary_name=world.member_b.name
    )
    return world


def keys_and_names(user) -> dict[str, set[str]]:
    """{"visible"/"hidden": the codes and names of the records the user does / does not see}."""
    found = {"visible": set(), "hidden": set()}
    for model, fields in (
        (Region, ("code", "name")),
        (Enterprise, ("uscc", "name")),
        (PartyOrganization, ("code", "name")),
        (Member, ("name", "public_id")),
        (Instructor, ("name", "public_id")),
    ):
        visible = set(scoped(model.objects.all(), user).values_list("pk", flat=True))
        for record in model.objects.all():
            side = "visible" if record.pk in visible else "hidden"
            found[side].update(str(getattr(record, name)) for name in fields)
    found["hidden"] -= found["visible"]  # a name two records share
    return found
