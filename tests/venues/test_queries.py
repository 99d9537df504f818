"""The list, the directory and the place page read a fixed number of queries, however many
places there are (no query per row)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.venues.conftest import kind, level, make_place


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_do_not_query_per_place(world, login, places):
    client = login("district_admin")
    urls = [reverse("venues:places"), reverse("venues:directory"), reverse("venues:figures")]
    for url in urls:  # the first page of a session reads the user's things once
        client.get(url)
    before = [count(client, url) for url in urls]
    for n in range(5):
        make_place(
            world,
            actor="town_b_admin",
            name=f"开发区第{n + 3}服务站",
            region=world.grid_b,
            kind=kind("service_station"),
            level=level("general"),
            parent=places["park"],
            organizations=[world.org_b],
        )
    assert [count(client, url) for url in urls] == before
