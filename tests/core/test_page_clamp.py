"""Registry lists: a page number past the end shows the last page and one that is not a
page number shows the first, instead of a 404 (an old link after rows were removed)."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row.name for row in response.context["page_obj"].object_list]


def test_a_page_past_the_end_shows_the_last_page(login, world):
    f.EnterpriseFactory.create_batch(30, region=world.grid_a)  # 33 in all: two pages
    client = login("district_admin")
    url = reverse("enterprises:list")
    last = client.get(url, {"page": 2})
    assert last.status_code == 200 and len(names(last)) == 8

    beyond = client.get(url, {"page": 999})
    assert beyond.status_code == 200
    assert beyond.context["page_obj"].number == 2
    assert names(beyond) == names(last)


@pytest.mark.parametrize("page", ["0", "-3", "abc", ""])
def test_a_page_that_is_not_a_page_shows_the_first(login, world, page):
    f.MemberFactory.create_batch(30, organization=world.org_a)
    client = login("district_admin")
    url = reverse("members:list")
    first = client.get(url)
    response = client.get(url, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert names(response) == names(first) and len(names(first)) == 25


def test_the_last_page_holds_only_rows_in_scope(login, world):
    f.EnterpriseFactory.create_batch(30, region=world.grid_b)  # outside town A
    response = login("town_a_admin").get(reverse("enterprises:list"), {"page": 999})
    assert response.status_code == 200
    assert sorted(names(response)) == ["川姜电子有限公司", "川姜纺织有限公司"]
