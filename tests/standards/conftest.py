import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Evidence files are written encrypted under MEDIA_ROOT: keep them out of the dev folder."""
    settings.MEDIA_ROOT = tmp_path
