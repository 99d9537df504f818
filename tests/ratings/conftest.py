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
