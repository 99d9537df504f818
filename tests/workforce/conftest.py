"""An appointment for the world's instructor (王指导, town A) to ent_a2 and ent_a."""

import datetime

import pytest

from liangxin.workforce.services import assignment_create

START = datetime.date(2026, 1, 1)
LAST = datetime.date(2099, 12, 31)


@pytest.fixture
def posted(world):
    world.assignment = assignment_create(
        actor=world.user("town_a_admin"),
        instructor=world.instructor,
        data={
            "source": "agency",
            "dispatching_unit": "区委组织部",
            "enterprises": [world.ent_a2, world.ent_a],
            "organizations": [world.org_a],
            "starts_on": START,
            # In force whatever the day the suite runs: the to-dos read today's date.
            "ends_on": LAST,
        },
    )
    return world
