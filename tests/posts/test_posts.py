"""Posts and teams (先锋岗, 示范岗 …): assignments, counts by organization and region (a team
member counts under the team's kind), scope."""

import datetime

import pytest
from django.urls import reverse

from liangxin.posts.models import PostAssignment, Team, TeamMembership
from liangxin.posts.selectors import counts_by_organization, counts_by_region

START = datetime.date(2026, 1, 1)


def assign(client, world, persona, member, **data):
    client.force_login(world.user(persona))
    form = {
        "kind": "vanguard_post",
        "title": "织造车间党员先锋岗",
        "started_on": "2026-01-01",
        **data,
    }
    return client.post(reverse("posts:assign", args=[member.public_id]), form)


@pytest.mark.django_db
class TestAssign:
    def test_secretary_assigns_own_member(self, client, world):
        response = assign(client, world, "secretary", world.member_a)
        assert response.status_code == 302
        post = PostAssignment.objects.get()
        assert (post.member, post.organization, post.kind) == (
            world.member_a,
            world.org_a,
            "vanguard_post",
        )

    @pytest.mark.parametrize("persona", ["town_b_admin", "outsider", "instructor"])
    def test_out_of_scope_member_is_not_found(self, client, world, persona):
        assert assign(client, world, persona, world.member_a).status_code == 404
        assert not PostAssignment.objects.exists()

    def test_leader_may_not_assign(self, client, world):
        assert assign(client, world, "leader", world.member_a).status_code == 403

    def test_end_before_start_is_a_chinese_error(self, client, world):
        response = assign(client, world, "secretary", world.member_a, ended_on="2025-12-31")
        assert "结束日期不能早于开始日期" in response.content.decode()
        assert not PostAssignment.objects.exists()

    def test_duplicate_and_oversized_input(self, client, world):
        assign(client, world, "secretary", world.member_a)
        response = assign(client, world, "secretary", world.member_a)
        assert "已在同一日期被安排到此岗位" in response.content.decode()
        response = assign(client, world, "secretary", world.member_a, title="岗" * 101)
        assert response.status_code == 200 and PostAssignment.objects.count() == 1

    def test_departed_member_cannot_be_assigned(self, client, world):
        world.member_a.flow_type = "departed"
        world.member_a.save()
        response = assign(client, world, "secretary", world.member_a)
        assert "已离职" in response.content.decode()


@pytest.mark.django_db
class TestCounts:
    def make(self, member, kind, ended_on=None):
        return PostAssignment.objects.create(
            member=member,
            organization=member.organization,
            kind=kind,
            title=kind,
            started_on=START,
            ended_on=ended_on,
        )

    def test_current_assignments_by_organization_and_region(self, world):
        self.make(world.member_a, "vanguard_post")
        team = Team.objects.create(
            name="攻坚队", kind="tech_team", organization=world.org_a, formed_on=START
        )
        TeamMembership.objects.create(team=team, member=world.member_a, joined_on=START)
        self.make(world.member_b, "vanguard_post")
        self.make(world.member_b, "model_post", ended_on=datetime.date(2026, 6, 30))  # ended
        on = datetime.date(2026, 11, 21)
        rows = {
            r["organization__code"]: r
            for r in counts_by_organization(user=world.user("district_admin"), on=on)
        }
        assert rows["ORG-A"]["total"] == 2 and rows["ORG-A"]["tech_team"] == 1
        assert rows["ORG-B"]["total"] == 1 and rows["ORG-B"]["model_post"] == 0
        regions = counts_by_region(user=world.user("district_admin"), parent=world.district, on=on)
        assert [(r["region"], r["total"]) for r in regions] == [("川姜镇", 2), ("开发区", 1)]

    def test_counts_are_scoped(self, world):
        self.make(world.member_b, "vanguard_post")
        assert counts_by_organization(user=world.user("town_a_admin")) == []

    def test_pages_and_api(self, client, world):
        self.make(world.member_a, "vanguard_post")
        client.force_login(world.user("town_a_admin"))
        counts = client.get(reverse("posts:counts"))
        assert counts.context["by_organization"][0]["label"] == "川姜纺织有限公司党支部"
        assert counts.context["by_organization"][0]["total"] == 1
        page = client.get(reverse("posts:list"))
        assert [p.title for p in page.context["page_obj"]] == ["vanguard_post"]
        body = client.get("/api/v1/posts/").json()
        assert body["count"] == 1 and body["results"][0]["member_name"] == "林晓红"
        client.force_login(world.user("town_b_admin"))
        assert client.get("/api/v1/posts/").json()["count"] == 0
