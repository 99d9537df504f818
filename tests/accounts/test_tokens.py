"""API tokens: a digest at rest, shown once, expiring, revocable, last use recorded."""

import datetime
import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from liangxin.accounts import services
from liangxin.accounts.models import ApiToken

URL = "/api/v1/enterprises/"


def api(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def issue(persona_user) -> str:
    out = StringIO()
    call_command("issue_token", persona_user.username, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
class TestStorage:
    def test_only_a_digest_is_stored(self, world):
        # Fault: DRF's authtoken kept the raw key in the database.
        raw = issue(world.user("town_b_admin"))
        token = ApiToken.objects.get()
        assert token.digest == services.token_digest(raw) and token.digest != raw
        stored = ApiToken.objects.values_list().get()
        assert raw not in [str(value) for value in stored]
        assert api(raw).get(URL).status_code == 200

    def test_the_command_prints_only_the_raw_token_and_audits(self, world, events):
        raw = issue(world.user("town_b_admin"))
        assert len(raw) == 40 and raw.isalnum()
        assert events("token_issue")[0].additional_data["channel"] == "command"


@pytest.mark.django_db
class TestExpiry:
    def test_a_token_expires_after_api_token_days(self, world, settings):
        settings.API_TOKEN_DAYS = 7
        raw = issue(world.user("town_b_admin"))
        token = ApiToken.objects.get()
        assert token.expires_at - token.created_at == datetime.timedelta(days=7)
        token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
        token.save()
        response = api(raw).get(URL)
        assert response.status_code == 401
        assert response.json()["detail"] == "令牌无效、已过期或已吊销"

    def test_last_use_is_recorded_at_most_once_a_minute(self, world):
        raw = issue(world.user("town_b_admin"))
        assert ApiToken.objects.get().last_used_at is None
        api(raw).get(URL)
        first = ApiToken.objects.get().last_used_at
        assert first is not None
        api(raw).get(URL)
        assert ApiToken.objects.get().last_used_at == first

    def test_an_inactive_account_is_refused(self, world):
        raw = issue(world.user("town_b_admin"))
        world.user("town_b_admin").is_active = False
        world.user("town_b_admin").save()
        assert api(raw).get(URL).status_code == 401


@pytest.mark.django_db
class TestRevocation:
    def test_the_user_revokes_their_own_token_on_a_page(self, login, world, events):
        client = login("town_b_admin")
        response = client.post("/accounts/tokens/")
        assert "no-store" in response["Cache-Control"]
        raw = response.context["raw_token"]
        assert raw in response.content.decode()
        assert raw not in client.get("/accounts/tokens/").content.decode()  # shown once
        assert api(raw).get(URL).status_code == 200
        token = ApiToken.objects.get()
        assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
        assert api(raw).get(URL).status_code == 401
        assert len(events("token_revoke")) == 1

    def test_the_system_admin_revokes_a_users_token(self, login, world):
        raw = issue(world.user("town_b_admin"))
        token = ApiToken.objects.get()
        page = login("system_admin").get(f"/accounts/manage/{world.user('town_b_admin').pk}/")
        assert token.prefix in page.content.decode() and raw not in page.content.decode()
        assert login("system_admin").post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
        assert api(raw).get(URL).status_code == 401

    @pytest.mark.parametrize("persona", ["town_a_admin", "security_admin", "audit_admin"])
    def test_nobody_else_can_revoke_it(self, login, world, persona):
        raw = issue(world.user("town_b_admin"))
        token = ApiToken.objects.get()
        assert login(persona).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
        assert api(raw).get(URL).status_code == 200

    def test_a_new_token_revokes_the_old_one(self, world):
        old = issue(world.user("town_b_admin"))
        new = issue(world.user("town_b_admin"))
        assert api(old).get(URL).status_code == 401 and api(new).get(URL).status_code == 200

    def test_administrators_issue_no_token_on_the_page(self, login, world):
        assert login("system_admin").post("/accounts/tokens/").status_code == 403


@pytest.mark.django_db
def test_the_migration_keeps_drf_tokens_working_as_digests(world):
    migration = importlib.import_module(
        "liangxin.accounts.migrations.0003_three_duties_password_policy_hashed_tokens"
    )
    raw = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, created"
            " timestamp)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [raw, world.user("town_b_admin").pk, timezone.now()],
        )
    migration.move_drf_tokens(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)  # no raw key left at rest
    assert api(raw).get(URL).status_code == 200
