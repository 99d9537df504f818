"""Act where you see (issue 14, item 8): an enterprise's page shows its coverage gap with
the action that closes it, for the roles that may take it — as the work lists do."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from liangxin.enterprises.models import Enterprise
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare(world):
    """An operating enterprise in town A: no member, no organization, no instructor."""
    return f.EnterpriseFactory(name="川姜五金有限公司", region=world.grid_a, employee_count=30)


def gap_html(client, enterprise) -> str:
    page = client.get(reverse("enterprises:detail", args=[enterprise.uscc]))
    assert page.status_code == 200
    url = reverse("coverage:enterprise-gap", args=[enterprise.uscc])
    assert f'hx-get="{url}"' in page.content.decode()  # the page loads the gap at once
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def create_link(html: str) -> dict:
    href = re.search(r'href="([^"]+)" id="gap-create-organization"', html)
    assert href, html
    url = href.group(1).replace("&amp;", "&")
    assert urlsplit(url).path == reverse("organizations:create")
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_an_uncovered_enterprise_offers_both_actions_to_the_town_admin(world, login, bare):
    html = gap_html(login("town_a_admin"), bare)
    assert "尚未被党组织覆盖" in html and "未选派党建指导员" in html
    query = create_link(html)
    # No full member: a joint branch, named from the enterprise, in its region, covering it.
    assert query == {
        "name": "川姜五金有限公司联合党支部",
        "region": world.grid_a.code,
        "covered_enterprises": bare.uscc,
        "formation": "joint",
        "kind": "joint_branch",
    }
    assert "选派指导员" in html and str(world.instructor.public_id) in html


def test_the_organization_form_opens_pre_filled(world, login, bare):
    client = login("town_a_admin")
    query = create_link(gap_html(client, bare))
    form = client.get(reverse("organizations:create"), query).context["form"]
    assert form.initial["name"] == "川姜五金有限公司联合党支部"
    assert form.initial["region"] == world.grid_a.code
    assert form.initial["covered_enterprises"] == bare.uscc


def test_three_full_members_make_it_an_organization_of_its_own(world, login, bare):
    for _ in range(3):
        f.MemberFactory(organization=world.org_a, employer=bare)
    query = create_link(gap_html(login("town_a_admin"), bare))
    assert query["name"] == "川姜五金有限公司党支部"
    assert (query["formation"], query["kind"]) == ("single", "branch")


def test_assigning_an_instructor_from_the_page_closes_the_work_gap(world, login, bare):
    client = login("town_a_admin")
    page = reverse("enterprises:detail", args=[bare.uscc])
    response = client.post(
        reverse("coverage:assign-instructor"),
        {"enterprise": bare.uscc, "instructor": world.instructor.public_id, "next": page},
    )
    assert response.status_code == 302 and response.url == page
    assert bare.instructors.filter(pk=world.instructor.pk).exists()
    html = gap_html(client, bare)
    assert "未选派党建指导员" not in html and "尚未被党组织覆盖" in html


def test_a_covered_enterprise_shows_no_gap(world, login):
    assert "覆盖空白" not in gap_html(login("town_a_admin"), world.ent_a)


def test_an_instructor_covers_the_work_but_not_the_organization(world, login):
    html = gap_html(login("town_a_admin"), world.ent_a2)  # the instructor serves it
    assert "尚未被党组织覆盖" in html and "未选派党建指导员" not in html


def test_read_only_roles_see_the_gap_without_the_actions(world, login, bare):
    html = gap_html(login("leader"), bare)
    assert "尚未被党组织覆盖" in html
    assert "gap-create-organization" not in html and "gap-assign-instructor" not in html


def test_a_grid_officer_may_not_create_organizations_or_assign(world, login, bare):
    officer = f.account("grid_a", "grid_officer", regions=[world.grid_a])
    client = login("district_admin")
    client.force_login(officer)
    html = gap_html(client, bare)
    assert "尚未被党组织覆盖" in html and "gap-create-organization" not in html
    assert "gap-assign-instructor" not in html


def test_outside_the_scope_there_is_no_gap_to_see(world, statuses, bare):
    found = statuses(reverse("coverage:enterprise-gap", args=[bare.uscc]))
    assert found["town_b_admin"] == 404 and found["outsider"] == 404
    assert found["secretary"] == 404  # no organization of hers covers it
    assert found["audit_admin"] == 403 and found["system_admin"] == 403


def test_a_deregistered_enterprise_has_no_gap(world, login, bare):
    Enterprise.objects.filter(pk=bare.pk).update(status="deregistered")
    assert "覆盖空白" not in gap_html(login("town_a_admin"), bare)
