"""No English, hashes or command names on the pages (issue 14, "Words"): django-filter's
"(descending)" has no Chinese catalog, so every list's descending choices read 降序."""

import pytest

LISTS = [
    "/regions/",
    "/enterprises/",
    "/organizations/",
    "/members/",
    "/instructors/",
    "/development/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
def test_the_sort_box_says_descending_in_chinese(login, url):
    page = login("district_admin").get(url).content.decode()
    assert "（降序）" in page
    assert "descending" not in page


@pytest.mark.django_db
def test_the_api_schema_describes_sorting_in_chinese(login):
    schema = login("district_admin").get("/api/schema/").content.decode()
    assert "descending" not in schema


@pytest.mark.django_db
def test_an_import_page_shows_no_hash_and_no_command(login, world):
    """A queued import tells the user whom to ask, not which command to run; the file's
    SHA-256 is kept for the audit, not shown."""
    from liangxin.ledger.models import ImportJob

    job = ImportJob.objects.create(
        kind="enterprises",
        user=world.user("town_a_admin"),
        file_name="企业.csv",
        sha256="ab" * 32,
        file_size=10,
    )
    page = login("town_a_admin").get(f"/ledger/jobs/{job.pk}/").content.decode()
    assert "企业.csv" in page
    assert "ab" * 6 not in page and "SHA-256" not in page
    assert "db_worker" not in page and "manage.py" not in page
