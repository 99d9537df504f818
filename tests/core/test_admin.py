"""The Django admin shows nothing (三员分立): accounts, roles and scopes are kept on the
account pages (tests/accounts/), so no ModelAdmin can show member data to anyone."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.conftest import PERSONAS

EVERYONE = [*PERSONAS, "system_admin", "security_admin", "audit_admin"]


@pytest.mark.django_db
class TestAdminSite:
    @pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/logout/"])
    def test_anonymous_visitor_is_sent_to_the_login_page_not_a_500(self, client, path):
        # Before: /admin/login/ answered 500 (AnonymousUser has no role).
        response = client.get(path, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0].startswith(reverse("login"))

    def test_account_admins_land_on_the_account_pages(self, client, world):
        # Before: a seeded security admin (is_staff False) could not open the admin at all.
        for persona in ("system_admin", "security_admin"):
            client.force_login(world.user(persona))
            response = client.get("/admin/")
            assert response.status_code == 302 and response["Location"] == reverse("accounts:list")
            assert client.get(response["Location"]).status_code == 200

    def test_no_model_has_an_admin_screen(self):
        # Libraries (auth, auditlog, axes, django-tasks-db) register theirs; none is kept.
        assert admin.site._registry == {}

    @pytest.mark.parametrize("persona", EVERYONE)
    def test_no_admin_address_of_any_model_answers(self, client, world, persona):
        user = world.user(persona)
        user.is_staff = user.is_superuser = True  # even a wrongly flagged account gets nothing
        user.save()
        client.force_login(user)
        for model in apps.get_models():
            meta = model._meta
            for suffix in ("", "add/", "1/change/", "1/password/"):
                path = f"/admin/{meta.app_label}/{meta.model_name}/{suffix}"
                assert client.get(path).status_code == 404, path
