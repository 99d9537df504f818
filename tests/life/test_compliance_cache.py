"""The compliance page is kept in the page cache (core.page_cache) and is never stale: a
meeting recorded is a new data version."""

import datetime

import pytest
from django.urls import reverse

from liangxin.life.models import Meeting, MeetingKind


@pytest.mark.django_db(transaction=True)  # inside a test transaction nothing is kept
def test_a_recorded_meeting_shows_at_once(world, login, settings):
    settings.PAGE_CACHE_SECONDS = 300
    year = datetime.date.today().year - 1  # a whole year: twelve theme days owed
    client = login("town_a_admin")
    url = reverse("life:compliance") + f"?region={world.town_a.code}&year={year}"
    client.get(url)  # the browser's first visit sets its CSRF cookie; pages are kept after
    before = client.get(url).content.decode()
    assert "主题党日：应开 12 期，已开 0 期" in before
    assert client.get(url).content.decode() == before  # the second visit is the kept page
    Meeting.objects.create(
        organization=world.org_a,
        kind=MeetingKind.THEME_DAY,
        held_on=datetime.date(year, 1, 15),
        topic="一月主题党日",
    )
    assert "主题党日：应开 12 期，已开 1 期" in client.get(url).content.decode()
