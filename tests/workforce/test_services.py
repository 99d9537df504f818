"""Instructor write services: role, scope re-checked inside the transaction, and the
enterprises an instructor is assigned to limited to those the writer can see."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.workforce.models import Instructor
from liangxin.workforce.services import instructor_create, instructor_update
from tests import factories as f


def instructor_data(world, **extra):
    return {
        "name": "李指导",
        "source": "agency",
        "region": world.town_a,
        "enterprises": [world.ent_a],
        "id_number": f.id_number(),
        **extra,
    }


@pytest.mark.django_db
class TestInstructorServices:
    def test_town_admin_assigns_an_instructor_to_an_enterprise_of_its_town(self, world):
        created = instructor_create(actor=world.user("town_a_admin"), data=instructor_data(world))
        assert list(created.enterprises.all()) == [world.ent_a]

    def test_an_enterprise_outside_the_writers_scope_is_refused_and_nothing_saved(self, world):
        before = Instructor.objects.count()
        with pytest.raises(ValidationError) as caught:
            instructor_create(
                actor=world.user("town_a_admin"),
                data=instructor_data(world, enterprises=[world.ent_a, world.ent_b]),
            )
        assert "不在您的管辖范围内" in caught.value.message_dict["enterprises"][0]
        assert Instructor.objects.count() == before

    def test_an_update_keeps_an_assignment_the_writer_cannot_see(self, world):
        # Assigned by the district; town A's admin edits the name and hands the list back.
        world.instructor.enterprises.add(world.ent_b)
        kept = [world.ent_a2, world.ent_b]
        updated = instructor_update(
            actor=world.user("town_a_admin"),
            instructor=world.instructor,
            data={"name": "王指导员", "enterprises": kept},
        )
        assert set(updated.enterprises.all()) == set(kept)

    def test_an_update_may_not_add_an_enterprise_outside_the_scope(self, world):
        other = f.EnterpriseFactory(region=world.town_b)
        with pytest.raises(ValidationError):
            instructor_update(
                actor=world.user("town_a_admin"),
                instructor=world.instructor,
                data={"enterprises": [world.ent_a2, other]},
            )
        assert list(world.instructor.enterprises.all()) == [world.ent_a2]

    def test_a_secretary_may_not_keep_instructors(self, world):
        with pytest.raises(PermissionDenied):
            instructor_create(actor=world.user("secretary"), data=instructor_data(world))
