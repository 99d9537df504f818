"""Idle session timeout (issue 2: configurable session timeout) without a write per request."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse


@pytest.mark.django_db
class TestIdleSession:
    def test_session_expiry_is_renewed_at_most_once_a_minute(self, client, world, settings):
        client.force_login(world.user("district_admin"))
        client.get(reverse("home"))
        first = Session.objects.get().expire_date
        client.get(reverse("home"))
        assert Session.objects.get().expire_date == first  # no write within the minute

    def test_a_click_after_the_interval_renews_the_expiry(self, client, world, monkeypatch):
        client.force_login(world.user("district_admin"))
        client.get(reverse("home"))
        first = Session.objects.get().expire_date
        later = time.time() + 120
        monkeypatch.setattr(time, "time", lambda: later)
        client.get(reverse("home"))
        assert Session.objects.get().expire_date > first

    def test_expired_session_sends_the_user_to_login(self, client, world, settings):
        client.force_login(world.user("district_admin"))
        Session.objects.update(expire_date="2000-01-01T00:00:00Z")
        response = client.get(reverse("home"))
        assert response.status_code == 302 and "/login/" in response["Location"]
