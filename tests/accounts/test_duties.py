"""三员分立 in the services: every path (pages, commands) calls these, so the rules hold
everywhere. Each test names the fault it protects against."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.accounts import services
from liangxin.accounts.models import User
from liangxin.core.roles import Role

ADMINS = ("system_admin", "security_admin", "audit_admin")


@pytest.mark.django_db
class TestSystemAdmin:
    def test_creates_an_account_without_role_or_scope(self, world, events):
        user = services.account_create(actor=world.user("system_admin"), username="new_clerk")
        assert user.role == "" and not user.regions.exists()
        assert user.must_change_password and user.check_password(user.one_time_password)
        assert [e.changes_text for e in events("account_create")] == [
            "新建账号 new_clerk（未分配角色）"
        ]

    @pytest.mark.parametrize("role", [Role.DISTRICT_ADMIN, Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN])
    def test_cannot_create_an_account_with_a_role(self, world, role):
        # Fault: the system admin could create a district admin or a security admin.
        with pytest.raises(PermissionDenied, match="角色和数据范围由安全管理员分配"):
            services.account_create(
                actor=world.user("system_admin"),
                username="boss",
                role=role,
                region_codes=["350599"] if role == Role.DISTRICT_ADMIN else [],
            )
        assert not User.objects.filter(username="boss").exists()

    def test_resets_a_business_password_to_a_one_time_password(self, world, events):
        target = world.user("town_a_admin")
        password = services.password_reset(actor=world.user("system_admin"), target=target)
        target.refresh_from_db()
        assert target.check_password(password) and target.must_change_password
        assert target.password_expired()
        assert [e.object_repr for e in events("password_reset")] == [str(target)]
        assert events("password_reset")[0].actor == world.user("system_admin")

    @pytest.mark.parametrize("persona", ADMINS)
    def test_cannot_reset_or_deactivate_an_administrator_or_itself(self, world, persona):
        target = world.user(persona)
        actor = world.user("system_admin")
        with pytest.raises(PermissionDenied):
            services.password_reset(actor=actor, target=target)
        with pytest.raises(PermissionDenied):
            services.account_set_active(actor=actor, target=target, active=False)

    def test_deactivation_ends_the_api_tokens(self, world, events):
        target = world.user("town_a_admin")
        services.token_issue(user=target)
        services.account_set_active(actor=world.user("system_admin"), target=target, active=False)
        assert not target.api_tokens.filter(revoked_at=None).exists()
        assert len(events("account_deactivate")) == 1

    def test_gives_no_role(self, world):
        # Fault: roles and scopes were editable by the system admin in the Django admin.
        with pytest.raises(PermissionDenied):
            services.account_assign(
                actor=world.user("system_admin"),
                target=world.user("outsider"),
                role=Role.DISTRICT_ADMIN,
                regions=[world.district],
            )


@pytest.mark.django_db
class TestSecurityAdmin:
    def test_assigns_role_and_scope_and_both_are_audited(self, world, events):
        target = services.account_create(actor=world.user("system_admin"), username="clerk")
        services.account_assign(
            actor=world.user("security_admin"),
            target=target,
            role=Role.TOWN_ADMIN,
            regions=[world.town_b],
        )
        target.refresh_from_db()
        assert target.role == Role.TOWN_ADMIN
        assert list(target.regions.all()) == [world.town_b]
        assert (
            events("role_change")[0].changes_text == "账号 clerk 的角色：未分配角色 → 镇/园区管理员"
        )
        assert "开发区（350599200000）" in events("scope_change")[0].changes_text
        assert events("scope_change")[0].actor == world.user("security_admin")

    def test_cannot_give_itself_a_business_role(self, world):
        # Fault: the security admin could give itself district-admin rights.
        me = world.user("security_admin")
        with pytest.raises(PermissionDenied):
            services.account_assign(
                actor=me, target=me, role=Role.DISTRICT_ADMIN, regions=[world.district]
            )
        me.refresh_from_db()
        assert me.role == Role.SECURITY_ADMIN and not me.regions.exists()

    @pytest.mark.parametrize("persona", ["system_admin", "audit_admin"])
    def test_cannot_change_another_administrator(self, world, persona):
        with pytest.raises(PermissionDenied):
            services.account_assign(
                actor=world.user("security_admin"),
                target=world.user(persona),
                role=Role.DISTRICT_ADMIN,
                regions=[world.district],
            )

    @pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
    def test_cannot_make_an_administrator(self, world, role):
        with pytest.raises(PermissionDenied):
            services.account_assign(
                actor=world.user("security_admin"), target=world.user("outsider"), role=role
            )

    def test_scope_must_fit_the_role(self, world):
        actor, target = world.user("security_admin"), world.user("outsider")
        with pytest.raises(ValidationError) as error:
            services.account_assign(actor=actor, target=target, role=Role.SECRETARY)
        assert "需要至少一个所属党组织" in str(error.value)
        with pytest.raises(ValidationError, match="不使用管辖区域"):
            services.account_assign(
                actor=actor,
                target=target,
                role=Role.SECRETARY,
                regions=[world.district],
                organizations=[world.org_a],
            )

    def test_an_unchanged_assignment_writes_no_audit_row(self, world, events):
        target = world.user("town_a_admin")
        services.account_assign(
            actor=world.user("security_admin"),
            target=target,
            role=Role.TOWN_ADMIN,
            regions=[world.town_a],
        )
        assert events("role_change") == [] and events("scope_change") == []

    def test_cannot_create_accounts_or_reset_passwords(self, world):
        actor = world.user("security_admin")
        with pytest.raises(PermissionDenied):
            services.account_create(actor=actor, username="x")
        with pytest.raises(PermissionDenied):
            services.password_reset(actor=actor, target=world.user("leader"))


@pytest.mark.django_db
class TestAuditAdmin:
    def test_keeps_no_account_and_gives_no_role(self, world):
        actor = world.user("audit_admin")
        with pytest.raises(PermissionDenied):
            services.account_create(actor=actor, username="x")
        with pytest.raises(PermissionDenied):
            services.password_reset(actor=actor, target=world.user("leader"))
        with pytest.raises(PermissionDenied):
            services.account_assign(actor=actor, target=world.user("leader"), role="")


@pytest.mark.django_db
class TestCommandLineBootstrap:
    def test_the_operator_makes_administrators_without_scope(self, world):
        user = services.account_create(
            username="sec2", password="Liangxin-2026!", role=Role.SECURITY_ADMIN
        )
        assert user.role == Role.SECURITY_ADMIN and not user.must_change_password

    def test_an_administrator_holds_no_business_scope(self, world):
        # The security admin "holds no business role": not even through a scope.
        with pytest.raises(ValidationError, match="不使用管辖区域"):
            services.account_create(
                username="sec2",
                password="Liangxin-2026!",
                role=Role.SECURITY_ADMIN,
                region_codes=["350599"],
            )
