"""No English in the sort boxes (issue 14, "Words"): django-filter's "(descending)" has no
Chinese catalog; every list's descending choices read 降序."""

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
