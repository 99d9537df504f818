"""Login, logout and the django-axes lockout (real backend)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ADDRESS = "192.0.2.10"


def attempt(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS
    )


def test_login_lands_on_home_with_role_and_scope(client, world):
    response = attempt(client, "town_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert "镇/园区管理员" in page and world.town_a.name in page
    assert "市场主体" in page


def test_wrong_password_shows_a_chinese_error(client, world):
    response = attempt(client, "town_a", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_lockout_after_the_failure_limit_even_with_the_right_password(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "town_a", "wrong-password")
    response = attempt(client, "town_a", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "账号已锁定" in page
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, world):
    attempt(client, "town_a", PASSWORD)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_three_admins_see_their_own_tools(login):
    system_home = login("system_admin").get(reverse("home")).content.decode()
    assert reverse("accounts:list") in system_home
    assert reverse("audit") not in system_home
    audit_home = login("audit_admin").get(reverse("home")).content.decode()
    assert reverse("audit") in audit_home
    assert reverse("accounts:list") not in audit_home
    assert reverse("enterprises:list") not in audit_home
