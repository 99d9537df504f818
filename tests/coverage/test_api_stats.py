"""GET /api/v1/stats/coverage/ (DOMAIN.md §5), scoped like everything else."""

import pytest

KEYS = [
    "org_coverage",
    "above_scale_org_coverage",
    "work_coverage",
    "single_formation_100",
    "member_enterprise_coverage_50",
    "should_build",
]
URL = "/api/v1/stats/coverage/"


@pytest.mark.django_db
class TestCoverageStats:
    def test_district_figures_in_the_specified_shape(self, client_as, world):
        response = client_as("district_admin").get(URL, {"region": "350599"})
        assert response.status_code == 200
        body = response.json()
        assert list(body) == ["region", "name", "as_of", "indicators"]
        assert list(body["indicators"]) == KEYS
        # ent_a, ent_a2, ent_b operate; ent_a and ent_b have their own branches.
        assert body["indicators"]["org_coverage"] == {
            "numerator": 2,
            "denominator": 3,
            "rate": 66.7,
        }

    def test_town_admin_gets_its_town_by_default(self, client_as, world):
        body = client_as("town_a_admin").get(URL).json()
        assert body["region"] == world.town_a.code
        assert body["indicators"]["org_coverage"]["denominator"] == 2

    @pytest.mark.parametrize("persona", ["town_b_admin", "outsider", "secretary", "instructor"])
    def test_other_regions_are_not_found(self, client_as, world, persona):
        response = client_as(persona).get(URL, {"region": world.town_a.code})
        assert response.status_code == 404
        assert "川姜" not in response.content.decode()

    def test_leader_reads_statistics(self, client_as, world):
        assert client_as("leader").get(URL, {"region": "350599"}).status_code == 200

    def test_unknown_category_is_a_chinese_400(self, client_as, world):
        response = client_as("district_admin").get(URL, {"category": "bogus"})
        assert response.status_code == 400
        assert "单位类别" in response.json()["category"][0]

    def test_social_category(self, client_as, world):
        body = client_as("district_admin").get(URL, {"category": "social"}).json()
        assert body["indicators"]["org_coverage"]["rate"] is None

    def test_needs_authentication(self, world):
        from rest_framework.test import APIClient

        assert APIClient().get(URL).status_code in (401, 403)


@pytest.mark.django_db
class TestWorkListApi:
    def test_no_member_list(self, client_as, world):
        world.instructor.enterprises.clear()
        body = client_as("town_a_admin").get("/api/v1/worklists/no_member/").json()
        assert body["title"] == "无党员、未实现工作覆盖" and body["count"] == 1
        assert body["results"][0]["uscc"] == world.ent_a2.uscc
        assert body["results"][0]["employed_members"] == 0

    def test_other_town_is_not_found(self, client_as, world):
        response = client_as("town_b_admin").get(
            "/api/v1/worklists/no_member/", {"region": world.town_a.code}
        )
        assert response.status_code == 404

    def test_unknown_list(self, client_as, world):
        assert client_as("district_admin").get("/api/v1/worklists/nope/").status_code == 404
