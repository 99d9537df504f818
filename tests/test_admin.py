"""The Django admin is for the system and security administrators only (三员分立)."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS


@pytest.mark.django_db
class TestAdminAccess:
    def test_system_admin_manages_accounts(self, client, world):
        client.force_login(world.user("system_admin"))
        assert client.get(reverse("admin:index")).status_code == 200
        assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200

    @pytest.mark.parametrize("persona", [*PERSONAS, "audit_admin"])
    def test_everyone_else_is_sent_to_the_admin_login(self, client, world, persona):
        user = world.user(persona)
        user.is_staff = True  # even a mistakenly flagged account gets no admin
        user.save()
        client.force_login(user)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_audit_rows_have_no_admin_screen(self, client, world):
        client.force_login(world.user("system_admin"))
        response = client.get("/admin/auditlog/logentry/")
        assert response.status_code == 404

    def test_system_admin_cannot_change_roles_or_delete_accounts(self, client, world):
        client.force_login(world.user("system_admin"))
        target = world.user("town_a_admin")
        page = client.get(reverse("admin:accounts_user_change", args=[target.pk]))
        form = page.context["adminform"].form
        assert "role" not in form.fields and "regions" not in form.fields
        delete_url = reverse("admin:accounts_user_delete", args=[target.pk])
        assert client.get(delete_url).status_code == 403
