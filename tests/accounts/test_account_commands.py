"""create_account and issue_token (DOMAIN.md §5)."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from liangxin.accounts.models import User

STRONG = "Liangxin-2026!"


@pytest.fixture
def password_env(monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", STRONG)
    return ["--password-env", "NEW_PASSWORD"]


def run(name: str, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
class TestCreateAccount:
    def test_town_admin_with_its_region(self, world, password_env):
        output = run(
            "create_account", "cj_admin", "--role", "town_admin", "--region", "350599100000",
            "--display-name", "川姜管理员", *password_env,
        )  # fmt: skip
        assert "cj_admin" in output and "镇/园区管理员" in output
        user = User.objects.get(username="cj_admin")
        assert user.check_password(STRONG)
        assert list(user.regions.values_list("code", flat=True)) == ["350599100000"]
        assert user.display_name == "川姜管理员"

    def test_secretary_with_organizations(self, world, password_env):
        run("create_account", "sec2", "--role", "secretary", "--organization", "ORG-A",
            "--organization", "ORG-B", *password_env)  # fmt: skip
        user = User.objects.get(username="sec2")
        assert set(user.organizations.values_list("code", flat=True)) == {"ORG-A", "ORG-B"}

    def test_password_from_the_prompt_twice(self, world, monkeypatch):
        answers = iter([STRONG, STRONG])
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
        run("create_account", "auditor2", "--role", "audit_admin")
        assert User.objects.get(username="auditor2").check_password(STRONG)

    def test_prompted_passwords_must_match(self, world, monkeypatch):
        answers = iter([STRONG, STRONG + "x"])
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
        with pytest.raises(CommandError, match="两次输入的密码不一致"):
            run("create_account", "auditor2", "--role", "audit_admin")
        assert not User.objects.filter(username="auditor2").exists()

    def test_scoped_role_without_scope(self, world, password_env):
        with pytest.raises(CommandError, match="需要至少一个管辖区域（--region）"):
            run("create_account", "nobody", "--role", "town_admin", *password_env)
        with pytest.raises(CommandError, match="需要至少一个所属党组织（--organization）"):
            run("create_account", "nobody", "--role", "secretary", *password_env)
        assert not User.objects.filter(username="nobody").exists()

    def test_unknown_region_code(self, world, password_env):
        with pytest.raises(CommandError, match="区域代码不存在：999999"):
            run("create_account", "x", "--role", "leader", "--region", "999999", *password_env)
        assert not User.objects.filter(username="x").exists()

    def test_unknown_role(self, world, password_env):
        with pytest.raises(CommandError, match="未知角色"):
            run("create_account", "x", "--role", "superuser", *password_env)

    @pytest.mark.parametrize(
        "weak,reason",
        [
            ("alllowercaseletters", "至少三类"),  # CharacterClassValidator
            ("1234567890123", "密码"),  # numeric and common
            ("Short1!", "密码太短"),  # ChineseMinimumLengthValidator
        ],
    )
    def test_weak_password_is_rejected_by_the_validators(self, world, monkeypatch, weak, reason):
        monkeypatch.setenv("WEAK", weak)
        with pytest.raises(CommandError, match=reason):
            run("create_account", "weakling", "--role", "audit_admin", "--password-env", "WEAK")
        assert not User.objects.filter(username="weakling").exists()

    def test_missing_password_variable(self, world, monkeypatch):
        monkeypatch.delenv("NOT_SET", raising=False)
        with pytest.raises(CommandError, match="NOT_SET"):
            run("create_account", "x", "--role", "audit_admin", "--password-env", "NOT_SET")

    def test_duplicate_username(self, world, password_env):
        with pytest.raises(CommandError):
            run("create_account", "district", "--role", "leader", "--region", "350599",
                *password_env)  # fmt: skip

    def test_instructor_account_linked_to_its_record(self, world, password_env):
        world.instructor.user = None
        world.instructor.save()
        run("create_account", "wang", "--role", "instructor",
            "--instructor", str(world.instructor.public_id), *password_env)  # fmt: skip
        world.instructor.refresh_from_db()
        assert world.instructor.user.username == "wang"

    def test_instructor_already_linked(self, world, password_env):
        with pytest.raises(CommandError, match="已关联账号"):
            run("create_account", "wang", "--role", "instructor",
                "--instructor", str(world.instructor.public_id), *password_env)  # fmt: skip
        assert not User.objects.filter(username="wang").exists()

    def test_unknown_instructor(self, world, password_env):
        with pytest.raises(CommandError, match="党建指导员不存在"):
            run("create_account", "wang", "--role", "instructor", "--instructor", "not-a-uuid",
                *password_env)  # fmt: skip
        assert not User.objects.filter(username="wang").exists()

    def test_instructor_option_only_for_instructors(self, world, password_env):
        with pytest.raises(CommandError, match="--instructor"):
            run("create_account", "x", "--role", "leader", "--region", "350599",
                "--instructor", str(world.instructor.public_id), *password_env)  # fmt: skip

    def test_help_mentions_the_instructor_link(self, capsys):
        with pytest.raises(SystemExit):
            call_command("create_account", "--help")
        assert "--instructor" in capsys.readouterr().out


@pytest.mark.django_db
class TestIssueToken:
    def test_token_works_against_the_api(self, world):
        token = run("issue_token", "town_b")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        response = client.get("/api/v1/enterprises/")
        assert response.status_code == 200
        assert [row["uscc"] for row in response.json()["results"]] == [world.ent_b.uscc]

    def test_a_new_token_replaces_the_old_one(self, world):
        old = run("issue_token", "town_b")
        new = run("issue_token", "town_b")
        assert old != new
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
        assert client.get("/api/v1/enterprises/").status_code == 401

    def test_unknown_user(self, db):
        with pytest.raises(CommandError, match="用户不存在：ghost"):
            run("issue_token", "ghost")

    def test_created_account_then_token(self, world, password_env):
        run("create_account", "kf_leader", "--role", "leader", "--region", "350599200000",
            *password_env)  # fmt: skip
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {run('issue_token', 'kf_leader')}")
        names = [row["name"] for row in client.get("/api/v1/enterprises/").json()["results"]]
        assert names == ["开发区机械有限公司"]
