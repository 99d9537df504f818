"""Ledger tests: jobs run in-process (ImmediateBackend) and files go to a temporary MEDIA_ROOT."""

import pytest

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def ledger_jobs_run_inline(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def upload(login):  # noqa: F811  (the fixture imported above)
    """``upload("town_a_admin", "enterprises", "a.csv", data)`` → (client, POST response)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    def post(persona: str, kind: str, name: str, data: bytes):
        client = login(persona)
        url = reverse("ledger:upload", args=[kind])
        return client, client.post(url, {"file": SimpleUploadedFile(name, data)})

    return post
