"""The account pages (/accounts/manage/): each administrator sees only its own duty."""

import pytest
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.core.roles import Role
from tests.conftest import PERSONAS

LIST = "/accounts/manage/"


def detail(user) -> str:
    return reverse("accounts:detail", args=[user.pk])


@pytest.mark.django_db
class TestWhoSeesThePages:
    @pytest.mark.parametrize("persona", [*PERSONAS, "audit_admin"])
    def test_everyone_but_the_two_account_admins_gets_404(self, login, world, persona):
        client = login(persona)
        assert client.get(LIST).status_code == 404
        assert client.get(detail(world.user("leader"))).status_code == 404

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(LIST)
        assert response.status_code == 302 and response["Location"].startswith("/login/")

    @pytest.mark.parametrize("persona", ["system_admin", "security_admin"])
    def test_the_list_shows_accounts_not_business_data(self, login, world, persona):
        page = login(persona).get(LIST).content.decode()
        assert "town_a" in page and "镇/园区管理员" in page
        assert world.member_a.name not in page

    def test_search_by_role(self, login, world):
        page = login("system_admin").get(LIST, {"role": "secretary"}).content.decode()
        assert ">secretary_a<" in page and ">town_a<" not in page


@pytest.mark.django_db
class TestSystemAdminPages:
    def test_creates_an_account_and_sees_its_one_time_password_once(self, login, world, events):
        response = login("system_admin").post(
            reverse("accounts:create"), {"username": "clerk", "display_name": "张办事员"}
        )
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        password = response.context["password"]
        user = User.objects.get(username="clerk")
        assert user.role == "" and user.check_password(password) and user.must_change_password
        assert password in response.content.decode()
        assert events("account_create")[0].remote_addr == "127.0.0.1"

    def test_a_duplicate_username_is_answered_in_chinese(self, login, world):
        response = login("system_admin").post(reverse("accounts:create"), {"username": "town_a"})
        assert response.status_code == 200
        assert "已存在" in str(response.context["form"].errors["username"])

    def test_the_create_form_has_no_role_or_scope(self, login, world):
        form = login("system_admin").get(reverse("accounts:create")).context["form"]
        assert set(form.fields) == {"username", "display_name", "email"}

    def test_resets_a_business_password(self, login, world):
        target = world.user("secretary")
        response = login("system_admin").post(reverse("accounts:reset_password", args=[target.pk]))
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        target.refresh_from_db()
        assert target.check_password(response.context["password"]) and target.must_change_password

    @pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
    def test_cannot_reset_an_administrator(self, login, world, persona):
        # Fault: the system admin could reset any password and log in as that account.
        target = world.user(persona)
        response = login("system_admin").post(reverse("accounts:reset_password", args=[target.pk]))
        assert response.status_code == 403
        target.refresh_from_db()
        assert not target.must_change_password

    def test_deactivates_and_reactivates(self, login, world):
        client, target = login("system_admin"), world.user("leader")
        url = reverse("accounts:set_active", args=[target.pk])
        assert client.post(url, {"active": "0"}).status_code == 302
        target.refresh_from_db()
        assert not target.is_active
        client.post(url, {"active": "1"})
        target.refresh_from_db()
        assert target.is_active

    def test_has_no_assign_page(self, login, world):
        url = reverse("accounts:assign", args=[world.user("leader").pk])
        assert login("system_admin").get(url).status_code == 403


@pytest.mark.django_db
class TestSecurityAdminPages:
    def test_assigns_a_region_scope(self, login, world, events):
        target = world.user("outsider")
        url = reverse("accounts:assign", args=[target.pk])
        client = login("security_admin")
        form = client.get(url).context["form"]
        labels = [label for _value, label in form.fields["regions"].choices]
        assert "示范区（350599）" in labels and "\u3000开发区（350599200000）" in labels
        response = client.post(url, {"role": Role.LEADER, "regions": [world.town_b.pk]})
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.role == Role.LEADER and list(target.regions.all()) == [world.town_b]
        assert len(events("role_change")) == 1 and len(events("scope_change")) == 1

    def test_a_scope_that_does_not_fit_the_role_is_refused_in_chinese(self, login, world):
        url = reverse("accounts:assign", args=[world.user("outsider").pk])
        response = login("security_admin").post(url, {"role": Role.SECRETARY})
        assert response.status_code == 200
        assert "需要至少一个所属党组织" in str(response.context["form"].errors["organizations"])

    def test_offers_no_administrator_role(self, login, world):
        url = reverse("accounts:assign", args=[world.user("outsider").pk])
        form = login("security_admin").get(url).context["form"]
        offered = {value for value, _label in form.fields["role"].choices}
        assert not offered & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
        response = login("security_admin").post(url, {"role": Role.SYSTEM_ADMIN})
        assert "role" in response.context["form"].errors

    @pytest.mark.parametrize("persona", ["security_admin", "system_admin", "audit_admin"])
    def test_cannot_open_the_assign_page_of_an_administrator(self, login, world, persona):
        url = reverse("accounts:assign", args=[world.user(persona).pk])
        client = login("security_admin")
        assert client.get(url).status_code == 403
        body = {"role": Role.DISTRICT_ADMIN, "regions": [world.district.pk]}
        assert client.post(url, body).status_code == 403
        assert world.user(persona).regions.count() == 0

    def test_cannot_create_reset_or_deactivate(self, login, world):
        client, target = login("security_admin"), world.user("leader")
        assert client.get(reverse("accounts:create")).status_code == 403
        assert client.post(reverse("accounts:reset_password", args=[target.pk])).status_code == 403
        url = reverse("accounts:set_active", args=[target.pk])
        assert client.post(url, {"active": "0"}).status_code == 403
