import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def default_rubrics(db):
    """The rubrics seeded by the data migration; a live-server test empties the database
    after itself, data migrations' rows included: seed them again when they are gone."""
    from liangxin.ratings.models import Rubric

    if not Rubric.objects.exists():
        seeding = importlib.import_module("liangxin.ratings.migrations.0002_default_rubrics")
        seeding.seed(apps, None)


def rubric_named(name: str):
    from liangxin.ratings.models import Rubric

    return Rubric.objects.get(name=name, version=1)


@pytest.fixture
def platform_all_met(monkeypatch):
    """Every auto item's source says "met" for every organization: for tests of the
    workflow, not of the platform's data (tests/ratings/test_auto.py tests that)."""
    from liangxin.ratings import auto

    monkeypatch.setattr(
        auto,
        "met_ids",
        lambda source, organizations, as_of: set(organizations.values_list("id", flat=True)),
    )
