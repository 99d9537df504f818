"""Development-workflow fixtures on top of the shared ``world`` (tests/conftest.py)."""

import datetime
from dataclasses import dataclass

import pytest

from liangxin.development.models import CaseStep, DevelopmentCase, Step
from liangxin.rules.catalog import rules_by_key
from tests import factories as f

# The shared persona helpers of the page and API tests.


# The rules' defaults, for rule checks that need no database.
DEFAULTS = {key: rule.default for key, rule in rules_by_key().items()}


def make_case(organization, *, id_number=None, name="张申请", **fields) -> DevelopmentCase:
    """A saved case written directly (no service): for reads, pages and API lists."""
    from liangxin.core.validators import birth_date_from_id_number, gender_from_id_number

    fields = {"applied_on": datetime.date(2024, 3, 1), **fields}
    case = DevelopmentCase(name=name, organization=organization, **fields)
    number = case.set_id_number(id_number or f.id_number(birth=None))
    case.gender = gender_from_id_number(number)
    case.birth_date = birth_date_from_id_number(number)
    case.set_phone("13900001111")
    case.save()
    CaseStep.objects.create(case=case, step=Step.APPLICATION, done_on=case.applied_on)
    return case


@dataclass
class DevWorld:
    case_a: DevelopmentCase
    case_b: DevelopmentCase
    introducer_a: object  # a second full member of org_a (world.member_a is the first)
    probationary_a: object


@pytest.fixture
def dev(world) -> DevWorld:
    introducer = f.MemberFactory(name="周正式", organization=world.org_a, employer=world.ent_a)
    probationary = f.MemberFactory(
        name="吴预备",
        organization=world.org_a,
        status="probationary",
        joined_on=datetime.date(2025, 7, 1),
        full_member_on=None,
    )
    return DevWorld(
        case_a=make_case(world.org_a, name="赵申请", employer=world.ent_a),
        case_b=make_case(world.org_b, name="钱申请", employer=world.ent_b),
        introducer_a=introducer,
        probationary_a=probationary,
    )
