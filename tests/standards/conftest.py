import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Evidence files are written encrypted under MEDIA_ROOT: keep them out of the dev folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def default_templates(db):
    """The checklists seeded by the data migration (五有, 五到位 …). A test run with a live
    server empties the database after itself, data migrations' rows included, so a later
    test in the same process would find none: seed them again when they are gone."""
    from liangxin.standards.models import ChecklistTemplate

    if not ChecklistTemplate.objects.exists():
        seeding = importlib.import_module("liangxin.standards.migrations.0002_default_templates")
        seeding.seed(apps, None)
