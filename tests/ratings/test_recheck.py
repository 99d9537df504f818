"""动态调整 (WORK.md §3): a star may be taken between cycles after a failed inspection. A
starred organization whose rectification is past its due date is on the district's to-do
list, linked to its history page where 摘星 or 降星 is recorded with a reason."""

import datetime

from django.utils import timezone

from liangxin.core.home import todo_counts, todos_for
from liangxin.organizations.models import PartyOrganization
from liangxin.standards.models import Inspection, Rectification, RectificationState

KEY = "ratings_stars_recheck"


def rectification(world, *, due_in_days: int, closed=False):
    today = timezone.localdate()
    inspection = Inspection.objects.create(
        kind="special",
        held_on=today - datetime.timedelta(days=60),
        region=world.town_a,
        team="督查组",
    )
    return Rectification.objects.create(
        inspection=inspection,
        organization=world.org_a,
        text="三会一课记录不全",
        owner="书记",
        due_on=today + datetime.timedelta(days=due_in_days),
        state=RectificationState.CLOSED if closed else RectificationState.OPEN,
        closed_on=today if closed else None,
        verifier=world.user("town_a_admin") if closed else None,
    )


def recheck(user):
    return {due.todo.key: due for due in todos_for(user)}.get(KEY)


def test_a_starred_organization_with_an_overdue_rectification_is_to_be_rechecked(world):
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=4)
    rectification(world, due_in_days=-1)
    due = recheck(world.user("district_admin"))
    assert due is not None and due.count == 1
    assert [organization.code for organization in due.items] == [world.org_a.code]
    assert todo_counts(world.user("district_admin"))[KEY] == 1


def test_not_yet_due_closed_or_unstarred_is_not_listed(world):
    rectification(world, due_in_days=-3)  # overdue, but org_a has no star
    assert todo_counts(world.user("district_admin")).get(KEY, 0) == 0
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=3)
    Rectification.objects.all().delete()
    rectification(world, due_in_days=0)  # due today: not overdue yet
    rectification(world, due_in_days=-5, closed=True)
    assert todo_counts(world.user("district_admin")).get(KEY, 0) == 0


def test_only_the_district_is_asked(world):
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=4)
    rectification(world, due_in_days=-1)
    for persona in ("town_a_admin", "secretary", "town_b_admin"):
        assert recheck(world.user(persona)) is None, persona
