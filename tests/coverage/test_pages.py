"""Dashboard, big screen, drill-down, work lists and goals: scoped pages (issue 4)."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.coverage.definitions import INDICATOR_KEYS
from liangxin.coverage.models import IndicatorGoal
from liangxin.workforce.models import Instructor
from tests.conftest import PERSONAS

DASHBOARD = reverse("coverage:dashboard")


def login(client, world, persona):
    client.force_login(world.user(persona))
    return client


@pytest.mark.django_db
class TestAccess:
    @pytest.mark.parametrize(
        "persona, status",
        [
            ("district_admin", 200),
            ("town_a_admin", 200),
            ("town_b_admin", 200),
            ("leader", 200),
            ("secretary", 404),
            ("instructor", 404),
            ("outsider", 200),  # its own (empty) county
        ],
    )
    def test_dashboard_for_own_region(self, client, world, persona, status):
        assert login(client, world, persona).get(DASHBOARD).status_code == status

    @pytest.mark.parametrize("persona", ["town_b_admin", "outsider", "secretary", "instructor"])
    def test_another_region_is_not_found(self, client, world, persona):
        response = login(client, world, persona).get(DASHBOARD, {"region": world.town_a.code})
        assert response.status_code == 404
        assert "川姜" not in response.content.decode()

    def test_anonymous_is_sent_to_login(self, client, world):
        assert client.get(DASHBOARD).status_code == 302

    def test_the_three_admins_have_no_statistics(self, client, world):
        for persona in ("system_admin", "audit_admin"):
            assert login(client, world, persona).get(DASHBOARD).status_code == 404


@pytest.mark.django_db
class TestDashboard:
    def test_cards_show_the_district_figures(self, client, world):
        page = login(client, world, "district_admin").get(DASHBOARD).content.decode()
        # ent_a and ent_b have their own branch; ent_a2 only an instructor.
        assert "66.7%" in page and "组织覆盖率" in page
        assert 'data-indicator="should_build"' in page
        assert "vendor/echarts/echarts.min.js" in page

    def test_town_defaults_to_its_own_region(self, client, world):
        response = login(client, world, "town_a_admin").get(DASHBOARD)
        assert response.context["region"] == world.town_a
        assert response.context["cards"][0]["denominator"] == 2

    def test_children_are_sorted_by_rate(self, client, world):
        response = login(client, world, "district_admin").get(DASHBOARD)
        names = [p["name"] for p in response.context["children"]["org_coverage"]]
        assert names == ["开发区", "川姜镇"]  # 100% before 50%

    def test_unknown_category_is_not_found(self, client, world):
        response = login(client, world, "district_admin").get(DASHBOARD, {"category": "x"})
        assert response.status_code == 404

    def test_goal_from_the_district(self, client, world):
        IndicatorGoal.objects.create(indicator="org_coverage", goal=70)
        response = login(client, world, "district_admin").get(DASHBOARD)
        card = response.context["cards"][0]
        assert card["goal"] == 70.0 and card["met"] is False

    def test_big_screen_is_dark_and_refreshes(self, client, world):
        page = login(client, world, "leader").get(reverse("coverage:screen")).content.decode()
        assert 'class="screen"' in page and 'http-equiv="refresh"' in page


@pytest.mark.django_db
class TestDrilldown:
    def url(self, **params):
        return reverse("coverage:drilldown"), {"region": "350599", **params}

    def test_numerator_lists_the_covered_enterprises(self, client, world):
        url, params = self.url(indicator="org_coverage", part="num")
        response = login(client, world, "district_admin").get(url, params)
        names = {e.name for e in response.context["page_obj"]}
        assert names == {"川姜纺织有限公司", "开发区机械有限公司"}

    def test_gap_lists_the_rest(self, client, world):
        url, params = self.url(indicator="org_coverage", part="gap")
        response = login(client, world, "district_admin").get(url, params)
        assert [e.name for e in response.context["page_obj"]] == ["川姜电子有限公司"]

    def test_export_has_the_ledger_headers(self, client, world):
        url = reverse("coverage:drilldown-export")
        response = login(client, world, "district_admin").get(
            url, {"region": "350599", "indicator": "org_coverage", "part": "den"}
        )
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
        title, *rows = sheet.to_python()
        assert "范围：示范区" in title[0]
        assert rows[0][0] == "统一社会信用代码" and len(rows) == 4

    def test_unknown_indicator_is_not_found(self, client, world):
        url, params = self.url(indicator="nope")
        assert login(client, world, "district_admin").get(url, params).status_code == 404

    def test_out_of_scope_region_is_not_found(self, client, world):
        url, params = self.url(indicator="org_coverage")
        assert login(client, world, "town_b_admin").get(url, params).status_code == 404


@pytest.mark.django_db
class TestWorkLists:
    def test_no_member_list_offers_instructors_and_assigning_works(self, client, world):
        # ent_a2 has no member; remove its instructor so it is not work-covered.
        world.instructor.enterprises.clear()
        login(client, world, "town_a_admin")
        url = reverse("coverage:worklist", args=["no_member"])
        page = client.get(url)
        assert [e.name for e in page.context["page_obj"]] == ["川姜电子有限公司"]
        response = client.post(
            reverse("coverage:assign-instructor"),
            {
                "enterprise": world.ent_a2.uscc,
                "instructor": world.instructor.public_id,
                "next": url,
            },
        )
        assert response.status_code == 302
        assert list(world.instructor.enterprises.all()) == [world.ent_a2]
        assert client.get(url).context["total"] == 0

    def test_assigning_across_towns_is_not_found(self, client, world):
        login(client, world, "town_b_admin")
        response = client.post(
            reverse("coverage:assign-instructor"),
            {"enterprise": world.ent_a2.uscc, "instructor": world.instructor.public_id},
        )
        assert response.status_code == 404

    def test_leader_cannot_assign(self, client, world):
        login(client, world, "leader")
        response = client.post(
            reverse("coverage:assign-instructor"),
            {"enterprise": world.ent_a2.uscc, "instructor": world.instructor.public_id},
        )
        assert response.status_code == 403
        assert Instructor.objects.get(pk=world.instructor.pk).enterprises.count() == 1

    def test_create_link_prefills_the_organization_form(self, client, world):
        login(client, world, "town_a_admin")
        response = client.get(
            reverse("organizations:create"),
            {"name": "川姜电子有限公司党支部", "region": "CJ-A1-01", "formation": "single"},
        )
        form = response.context["form"]
        assert form.initial["name"] == "川姜电子有限公司党支部"
        assert form.initial["formation"] == "single"

    def test_unknown_list_is_not_found(self, client, world):
        url = reverse("coverage:worklist", args=["nope"])
        assert login(client, world, "district_admin").get(url).status_code == 404

    def test_export(self, client, world):
        url = reverse("coverage:worklist-export", args=["no_member"])
        response = login(client, world, "district_admin").get(url)
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
class TestGoals:
    def test_only_district_admin(self, client, world):
        for persona in PERSONAS:
            status = login(client, world, persona).get(reverse("coverage:goals")).status_code
            assert status == (200 if persona == "district_admin" else 404)

    def test_out_of_range_goal_is_a_chinese_error_and_nothing_saved(self, client, world):
        data = dict.fromkeys(INDICATOR_KEYS, "100")
        data["org_coverage"] = "120"
        response = login(client, world, "district_admin").post(reverse("coverage:goals"), data)
        assert "目标值不能超过 100" in response.content.decode()
        assert not IndicatorGoal.objects.exists()
        data["org_coverage"] = "97.7"
        login(client, world, "district_admin").post(reverse("coverage:goals"), data)
        assert float(IndicatorGoal.objects.get(indicator="org_coverage").goal) == 97.7
