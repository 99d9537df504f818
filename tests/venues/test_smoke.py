import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name", ["venues:places", "venues:directory", "venues:figures", "venues:place-create"]
)
def test_pages_open(login, places, name):
    response = login("town_a_admin").get(reverse(name))
    assert response.status_code == 200


def test_detail_and_forms_open(login, places):
    client = login("town_a_admin")
    for name in ("venues:place", "venues:place-edit", "venues:check-create"):
        assert client.get(reverse(name, args=[places["centre"].pk])).status_code == 200
