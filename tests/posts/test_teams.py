"""Posts are edited and ended, teams are records with members (made, edited, joined, left,
ended) — on the pages and over the API, scoped, with Chinese errors that lose nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from liangxin.posts import services
from liangxin.posts.models import PostAssignment, Team, TeamMembership
from liangxin.posts.selectors import counts_by_organization
from tests import factories as f
from tests.clients import messages

pytestmark = pytest.mark.django_db
D = datetime.date


def post_of(member, **extra) -> PostAssignment:
    data = dict(kind="vanguard_post", title="织造车间党员先锋岗", started_on=D(2026, 1, 1))
    return PostAssignment.objects.create(
        member=member, organization=member.organization, **{**data, **extra}
    )


def team_of(world, **extra) -> Team:
    data = dict(name="织造先锋队", kind="vanguard_team", formed_on=D(2026, 1, 1))
    return Team.objects.create(organization=world.org_a, **{**data, **extra})


# --- posts: edited and ended ------------------------------------------------------------------


class TestPostPages:
    def test_secretary_edits_and_ends_a_post(self, login, world):
        post = post_of(world.member_a)
        client = login("secretary")
        data = {"kind": "model_post", "title": "示范岗", "started_on": "2026-01-01"}
        response = client.post(reverse("posts:edit", args=[post.pk]), data)
        assert response.status_code == 302
        post.refresh_from_db()
        assert (post.kind, post.title) == ("model_post", "示范岗")
        response = client.post(reverse("posts:end", args=[post.pk]), {"ended_on": "2026-06-30"})
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.ended_on == D(2026, 6, 30)
        listing = client.get(reverse("posts:list")).content.decode()
        assert "2026-06-30" in listing

    def test_end_before_start_and_twice_are_chinese_errors(self, login, world):
        post = post_of(world.member_a)
        client = login("secretary")
        page = client.post(reverse("posts:end", args=[post.pk]), {"ended_on": "2025-12-31"})
        assert "结束日期不能早于开始日期" in page.content.decode()
        post.refresh_from_db()
        assert post.ended_on is None
        client.post(reverse("posts:end", args=[post.pk]), {"ended_on": "2026-03-01"})
        page = client.post(reverse("posts:end", args=[post.pk]), {"ended_on": "2026-04-01"})
        assert "该岗位已于 2026-03-01 结束" in page.content.decode()
        page = client.post(reverse("posts:end", args=[post.pk]), {"ended_on": "明天"})
        assert "有效的日期" in page.content.decode() or "日期" in page.content.decode()

    def test_a_team_kind_is_not_a_post(self, login, world):
        response = login("secretary").post(
            reverse("posts:assign", args=[world.member_a.public_id]),
            {"kind": "vanguard_team", "title": "先锋队", "started_on": "2026-01-01"},
        )
        assert response.status_code == 200 and not PostAssignment.objects.exists()

    @pytest.mark.parametrize("persona", ["town_b_admin", "outsider"])
    def test_out_of_scope_post_is_not_found(self, login, world, persona):
        post = post_of(world.member_a)
        client = login(persona)
        assert client.get(reverse("posts:edit", args=[post.pk])).status_code == 404
        response = client.post(reverse("posts:end", args=[post.pk]), {"ended_on": "2026-02-01"})
        assert response.status_code == 404
        post.refresh_from_db()
        assert post.ended_on is None

    def test_leader_may_not_end(self, login, world):
        post = post_of(world.member_a)
        response = login("leader").post(reverse("posts:end", args=[post.pk]), {"ended_on": ""})
        assert response.status_code == 403


class TestPostApi:
    def test_create_edit_end_audited(self, client_as, world):
        api = client_as("secretary")
        response = api.post(
            "/api/v1/posts/",
            {
                "member": str(world.member_a.public_id),
                "kind": "vanguard_post",
                "title": "先锋岗",
                "started_on": "2026-01-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        response = api.patch(f"/api/v1/posts/{pk}/", {"title": "织造先锋岗"}, format="json")
        assert response.status_code == 200 and response.json()["title"] == "织造先锋岗"
        response = api.post(f"/api/v1/posts/{pk}/end/", {"ended_on": "2026-05-01"}, format="json")
        assert response.status_code == 200 and response.json()["ended_on"] == "2026-05-01"
        entries = LogEntry.objects.get_for_object(PostAssignment.objects.get(pk=pk))
        assert entries.count() == 3
        assert all(entry.actor == world.user("secretary") for entry in entries)

    def test_bad_input_answers_in_chinese_and_writes_nothing(self, client_as, world):
        api = client_as("secretary")
        post = post_of(world.member_a)
        cases = [
            ({"kind": "vanguard_team"}, "不是岗位类别"),
            ({"ended_on": "2025-01-01"}, "结束日期不能早于开始日期"),
            ({"member": str(world.member_b.public_id)}, "不存在或不在您的数据范围内"),
            ({"title": "岗" * 101}, "100"),
            ({"started_on": "2026-02-30"}, "日期"),
        ]
        for change, message in cases:
            response = api.patch(f"/api/v1/posts/{post.pk}/", change, format="json")
            assert response.status_code == 400, change
            assert any(message in text for text in messages(response.json())), response.json()
        post.refresh_from_db()
        assert (post.kind, post.title, post.ended_on) == (
            "vanguard_post",
            "织造车间党员先锋岗",
            None,
        )

    def test_duplicate_is_refused(self, client_as, world):
        post_of(world.member_a)
        response = client_as("secretary").post(
            "/api/v1/posts/",
            {
                "member": str(world.member_a.public_id),
                "kind": "vanguard_post",
                "title": "织造车间党员先锋岗",
                "started_on": "2026-01-01",
            },
            format="json",
        )
        assert response.status_code == 400
        assert "已在同一日期被安排到此岗位" in str(response.json())
        assert PostAssignment.objects.count() == 1

    def test_out_of_scope_is_not_found(self, client_as, world):
        post = post_of(world.member_a)
        api = client_as("town_b_admin")
        assert (
            api.patch(f"/api/v1/posts/{post.pk}/", {"title": "x"}, format="json").status_code == 404
        )
        response = api.post(f"/api/v1/posts/{post.pk}/end/", {"ended_on": "2026-05-01"})
        assert response.status_code == 404
        post.refresh_from_db()
        assert post.title == "织造车间党员先锋岗" and post.ended_on is None

    def test_leader_reads_but_may_not_end(self, client_as, world):
        post = post_of(world.member_a)
        api = client_as("leader")
        assert api.get("/api/v1/posts/").json()["count"] == 1
        response = api.post(f"/api/v1/posts/{post.pk}/end/", {"ended_on": "2026-05-01"})
        assert response.status_code == 403


# --- teams --------------------------------------------------------------------------------


class TestTeamServices:
    def test_team_with_members_counts_by_its_kind(self, world):
        actor = world.user("secretary")
        other = f.MemberFactory(organization=world.org_a)
        team = services.team_create(
            actor=actor,
            data={
                "name": "织造先锋队",
                "kind": "vanguard_team",
                "organization": world.org_a,
                "leader": world.member_a,
                "formed_on": D(2026, 1, 1),
            },
            members=[other],
        )
        assert set(team.members.all()) == {world.member_a, other}
        rows = counts_by_organization(user=actor, on=D(2026, 3, 1))
        assert rows[0]["vanguard_team"] == 2 and rows[0]["total"] == 2
        membership = team.memberships.get(member=other)
        services.team_member_leave(actor=actor, membership=membership, left_on=D(2026, 2, 1))
        rows = counts_by_organization(user=actor, on=D(2026, 3, 1))
        assert rows[0]["vanguard_team"] == 1

    def test_ending_a_team_ends_its_memberships(self, world):
        team = team_of(world)
        TeamMembership.objects.create(team=team, member=world.member_a, joined_on=D(2026, 1, 1))
        services.team_end(actor=world.user("secretary"), team=team, ended_on=D(2026, 9, 30))
        assert team.memberships.get().left_on == D(2026, 9, 30)
        with pytest.raises(Exception, match="已于 2026-09-30 撤销"):
            services.team_member_add(
                actor=world.user("secretary"),
                team=Team.objects.get(pk=team.pk),
                member=f.MemberFactory(organization=world.org_a),
                joined_on=D(2026, 10, 1),
            )

    def test_member_of_another_organization_or_scope_is_refused(self, world):
        team = team_of(world)
        with pytest.raises(Exception, match="不存在或不在您的管辖范围内"):
            services.team_member_add(
                actor=world.user("secretary"),
                team=team,
                member=world.member_b,
                joined_on=D(2026, 1, 2),
            )
        with pytest.raises(Exception, match="不属于"):
            services.team_member_add(
                actor=world.user("district_admin"),
                team=team,
                member=world.member_b,
                joined_on=D(2026, 1, 2),
            )
        assert not TeamMembership.objects.exists()


class TestTeamPages:
    def test_secretary_forms_a_team_adds_members_and_ends_it(self, login, world):
        client = login("secretary")
        response = client.post(
            reverse("posts:team-create"),
            {
                "name": "织造先锋队",
                "kind": "vanguard_team",
                "organization": world.org_a.code,
                "formed_on": "2026-01-01",
            },
        )
        assert response.status_code == 302, response.content.decode()
        team = Team.objects.get()
        page = client.get(response["Location"]).content.decode()
        assert "林晓红" in page and "添加队员" in page
        add = reverse("posts:team-member-add", args=[team.pk])
        response = client.post(add, {"member": world.member_a.pk, "joined_on": "2026-02-01"})
        assert response.status_code == 302
        again = client.post(add, {"member": world.member_a.pk, "joined_on": "2026-03-01"})
        assert "已在队中" in again.content.decode()
        early = f.MemberFactory(name="王早", organization=world.org_a)
        response = client.post(add, {"member": early.pk, "joined_on": "2025-12-01"})
        assert "加入日期不能早于队伍的组建日期" in response.content.decode()
        response = client.post(
            reverse("posts:team-edit", args=[team.pk]),
            {
                "name": "织造车间先锋队",
                "kind": "vanguard_team",
                "leader": world.member_a.pk,
                "formed_on": "2026-01-01",
            },
        )
        assert response.status_code == 302
        team.refresh_from_db()
        assert (team.name, team.leader) == ("织造车间先锋队", world.member_a)
        response = client.post(
            reverse("posts:team-end", args=[team.pk]), {"ended_on": "2026-12-01"}
        )
        assert response.status_code == 302
        assert team.memberships.get().left_on == D(2026, 12, 1)
        assert "已于 2026-12-01 撤销" in client.get(reverse("posts:teams")).content.decode()

    def test_duplicate_team_is_a_chinese_error(self, login, world):
        team_of(world)
        response = login("secretary").post(
            reverse("posts:team-create"),
            {
                "name": "织造先锋队",
                "kind": "vanguard_team",
                "organization": world.org_a.code,
                "formed_on": "2026-01-01",
            },
        )
        assert "该党组织已在同一日期组建同名队伍" in response.content.decode()
        assert Team.objects.count() == 1

    def test_team_of_an_organization_out_of_scope(self, login, world):
        response = login("secretary").post(
            reverse("posts:team-create"),
            {
                "name": "开发区先锋队",
                "kind": "vanguard_team",
                "organization": world.org_b.code,
                "formed_on": "2026-01-01",
            },
        )
        assert "不存在或不在您的管辖范围内" in response.content.decode()
        assert not Team.objects.exists()
        team = team_of(world)
        client = login("town_b_admin")
        assert client.get(reverse("posts:team-detail", args=[team.pk])).status_code == 404
        response = client.post(
            reverse("posts:team-end", args=[team.pk]), {"ended_on": "2026-02-01"}
        )
        assert response.status_code == 404
        assert Team.objects.get(pk=team.pk).ended_on is None

    def test_team_pages_fit_a_phone(self, login, world):
        team = team_of(world, leader=world.member_a)
        TeamMembership.objects.create(team=team, member=world.member_a, joined_on=D(2026, 1, 1))
        page = login("secretary").get(reverse("posts:team-detail", args=[team.pk])).content
        page = page.decode()
        # No fixed-width table: a list that wraps, the add form in full-width columns.
        assert "<table" not in page and "col-12 col-md-6" in page


class TestTeamApi:
    def test_team_made_joined_left_and_ended_over_the_api(self, client_as, world):
        api = client_as("secretary")
        other = f.MemberFactory(organization=world.org_a)
        response = api.post(
            "/api/v1/teams/",
            {
                "name": "织造先锋队",
                "kind": "vanguard_team",
                "organization": world.org_a.code,
                "leader": str(world.member_a.public_id),
                "formed_on": "2026-01-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert [m["member_name"] for m in body["members"]] == ["林晓红"]
        url = f"/api/v1/teams/{body['id']}/"
        response = api.post(
            url + "members/", {"member": str(other.public_id), "joined_on": "2026-02-01"}
        )
        assert response.status_code == 201 and len(response.json()["members"]) == 2
        response = api.post(
            url + "leave/", {"member": str(other.public_id), "left_on": "2026-03-01"}
        )
        assert response.status_code == 200
        assert {m["left_on"] for m in response.json()["members"]} == {None, "2026-03-01"}
        response = api.patch(url, {"name": "织造车间先锋队"}, format="json")
        assert response.status_code == 200 and response.json()["name"] == "织造车间先锋队"
        response = api.post(url + "end/", {"ended_on": "2026-12-01"})
        assert response.status_code == 200 and response.json()["ended_on"] == "2026-12-01"
        team = Team.objects.get()
        assert LogEntry.objects.get_for_object(team).count() >= 3

    def test_bad_and_out_of_scope_team_input(self, client_as, world):
        team = team_of(world)
        api = client_as("secretary")
        url = f"/api/v1/teams/{team.pk}/"
        response = api.post(
            url + "members/", {"member": str(world.member_b.public_id), "joined_on": "2026-02-01"}
        )
        assert response.status_code == 400
        assert "不存在或不在您的数据范围内" in str(response.json())
        response = api.post(url + "members/", {"member": "不是编号", "joined_on": "2026-02-01"})
        assert response.status_code == 400
        response = api.patch(url, {"ended_on": "2026-05-01"}, format="json")
        assert response.status_code == 400 and "end 动作" in str(response.json())
        response = api.patch(url, {"organization": world.group_a.code}, format="json")
        assert response.status_code == 400 and "队伍所属党组织不能修改" in str(response.json())
        response = api.post(
            url + "leave/", {"member": str(world.member_a.public_id), "left_on": "2026-03-01"}
        )
        assert response.status_code == 400 and "该党员不在此队伍中" in str(response.json())
        assert not TeamMembership.objects.exists()
        other = client_as("town_b_admin")
        assert other.get(url).status_code == 404
        assert other.post(url + "end/", {"ended_on": "2026-12-01"}).status_code == 404
        assert Team.objects.get().ended_on is None

    def test_a_team_kind_over_the_posts_endpoint_is_refused(self, client_as, world):
        response = client_as("secretary").post(
            "/api/v1/posts/",
            {
                "member": str(world.member_a.public_id),
                "kind": "tech_team",
                "title": "攻坚队",
                "started_on": "2026-01-01",
            },
            format="json",
        )
        assert response.status_code == 400 and "先锋队、攻坚队请登记为队伍" in str(response.json())
