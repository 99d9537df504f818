"""Every page against every persona (ARCHITECTURE.md example 9).

Role without registry access → 403; record outside the scope → 404 (even for
a role that could not edit it anyway); in scope but not allowed → 403.
"""

import pytest
from django.urls import reverse

from tests.clients import expect

pytestmark = pytest.mark.django_db

REGISTRY_ROLES_OK = dict(system_admin=403, audit_admin=403)
NOT_VISIBLE = 404


def test_anonymous_is_sent_to_login(client, world):
    for url in [reverse("home"), reverse("enterprises:list"), reverse("audit")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录两新党建平台" in response.content.decode()


def test_home(statuses):
    assert statuses(reverse("home")) == expect(200)


@pytest.mark.parametrize(
    "url_name",
    [
        "regions:list",
        "regions:tree",
        "enterprises:list",
        "organizations:list",
        "organizations:tree",
        "members:list",
        "instructors:list",
    ],
)
def test_lists_open_to_business_roles_only(statuses, url_name):
    assert statuses(reverse(url_name)) == expect(200, **REGISTRY_ROLES_OK)


def test_audit_page_exists_only_for_the_audit_admin(statuses):
    assert statuses(reverse("audit")) == expect(404, audit_admin=200)


# --- regions -------------------------------------------------------------------


def test_region_detail(statuses, world):
    url = reverse("regions:detail", args=[world.town_a.code])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        secretary=404,
        instructor=404,
        outsider=404,
        **REGISTRY_ROLES_OK,
    )


def test_grid_region_visible_through_organization_and_assignment(statuses, world):
    url = reverse("regions:detail", args=[world.grid_a.code])
    assert statuses(url) == expect(200, town_b_admin=404, outsider=404, **REGISTRY_ROLES_OK)


def test_region_edit(statuses, world):
    url = reverse("regions:edit", args=[world.town_a.code])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        secretary=404,
        instructor=404,
        outsider=404,
        leader=403,
        **REGISTRY_ROLES_OK,
    )


def test_region_create(statuses):
    assert statuses(reverse("regions:create")) == expect(
        200, secretary=403, instructor=403, leader=403, **REGISTRY_ROLES_OK
    )


def test_region_tree_children(statuses, world):
    url = reverse("regions:tree-children", args=[world.town_a.code])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        secretary=404,
        instructor=404,
        outsider=404,
        **REGISTRY_ROLES_OK,
    )


# --- enterprises -----------------------------------------------------------------


def test_enterprise_detail(statuses, world):
    url = reverse("enterprises:detail", args=[world.ent_a.uscc])
    assert statuses(url) == expect(
        200, town_b_admin=404, instructor=404, outsider=404, **REGISTRY_ROLES_OK
    )


def test_instructor_reads_assigned_enterprise_but_cannot_edit_it(statuses, world):
    detail = reverse("enterprises:detail", args=[world.ent_a2.uscc])
    edit = reverse("enterprises:edit", args=[world.ent_a2.uscc])
    assert statuses(detail)["instructor"] == 200
    assert statuses(edit)["instructor"] == 403


def test_enterprise_edit(statuses, world):
    url = reverse("enterprises:edit", args=[world.ent_a.uscc])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        instructor=404,
        outsider=404,
        secretary=403,
        leader=403,
        **REGISTRY_ROLES_OK,
    )


def test_enterprise_create(statuses):
    assert statuses(reverse("enterprises:create")) == expect(
        200, secretary=403, instructor=403, leader=403, **REGISTRY_ROLES_OK
    )


# --- organizations ---------------------------------------------------------------


def test_organization_detail(statuses, world):
    url = reverse("organizations:detail", args=[world.org_a.code])
    assert statuses(url) == expect(
        200, town_b_admin=404, instructor=404, outsider=404, **REGISTRY_ROLES_OK
    )


def test_organization_edit(statuses, world):
    url = reverse("organizations:edit", args=[world.org_a.code])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        instructor=404,
        outsider=404,
        leader=403,
        **REGISTRY_ROLES_OK,
    )


def test_organization_create(statuses):
    assert statuses(reverse("organizations:create")) == expect(
        200, instructor=403, leader=403, **REGISTRY_ROLES_OK
    )


def test_organization_tree_children(statuses, world):
    url = reverse("organizations:tree-children", args=[world.org_a.code])
    assert statuses(url) == expect(
        200, town_b_admin=404, instructor=404, outsider=404, **REGISTRY_ROLES_OK
    )


# --- members -------------------------------------------------------------------


def test_member_detail(statuses, world):
    url = reverse("members:detail", args=[world.member_a.public_id])
    assert statuses(url) == expect(
        200, town_b_admin=404, instructor=404, outsider=404, **REGISTRY_ROLES_OK
    )


def test_member_edit(statuses, world):
    url = reverse("members:edit", args=[world.member_a.public_id])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        instructor=404,
        outsider=404,
        leader=403,
        **REGISTRY_ROLES_OK,
    )


def test_member_create(statuses):
    assert statuses(reverse("members:create")) == expect(
        200, instructor=403, leader=403, **REGISTRY_ROLES_OK
    )


def test_member_reveal(statuses, world):
    url = reverse("members:reveal", args=[world.member_a.public_id, "id_number"])
    assert statuses(url, method="post") == expect(
        200,
        town_b_admin=404,
        instructor=404,
        outsider=404,
        leader=403,
        **REGISTRY_ROLES_OK,
    )


def test_members_are_not_addressed_by_row_id(login, world):
    client = login("district_admin")
    assert client.get(f"/members/{world.member_a.pk}/").status_code == 404


# --- instructors ---------------------------------------------------------------


def test_instructor_detail(statuses, world):
    url = reverse("instructors:detail", args=[world.instructor.public_id])
    assert statuses(url) == expect(
        200, town_b_admin=404, secretary=404, outsider=404, **REGISTRY_ROLES_OK
    )


def test_instructor_edit(statuses, world):
    url = reverse("instructors:edit", args=[world.instructor.public_id])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        secretary=404,
        outsider=404,
        instructor=403,
        leader=403,
        **REGISTRY_ROLES_OK,
    )


def test_instructor_create(statuses):
    assert statuses(reverse("instructors:create")) == expect(
        200, secretary=403, instructor=403, leader=403, **REGISTRY_ROLES_OK
    )


def test_instructor_reveal(statuses, world):
    url = reverse("instructors:reveal", args=[world.instructor.public_id, "phone"])
    assert statuses(url, method="post") == expect(
        200,
        town_b_admin=404,
        secretary=404,
        outsider=404,
        instructor=403,
        leader=403,
        **REGISTRY_ROLES_OK,
    )


# --- what the lists show -----------------------------------------------------------


def list_text(login, persona: str, url_name: str) -> str:
    return login(persona).get(reverse(url_name)).content.decode()


def test_outsider_sees_empty_registry_lists(login, world):
    for url_name in ["enterprises:list", "organizations:list", "members:list"]:
        page = list_text(login, "outsider", url_name)
        assert "没有符合条件的记录" in page
    page = list_text(login, "outsider", "enterprises:list")
    assert world.ent_a.name not in page and world.ent_b.name not in page


def test_town_admin_list_holds_only_its_town(login, world):
    page = list_text(login, "town_b_admin", "enterprises:list")
    assert world.ent_b.name in page
    assert world.ent_a.name not in page and world.ent_a2.name not in page


def test_buttons_follow_capabilities(login, world):
    url = reverse("enterprises:detail", args=[world.ent_a.uscc])
    edit = reverse("enterprises:edit", args=[world.ent_a.uscc])
    assert edit in login("town_a_admin").get(url).content.decode()
    assert edit not in login("leader").get(url).content.decode()
    assert reverse("enterprises:create") not in list_text(login, "leader", "enterprises:list")


# --- linked records and the birth date on the member pages (issue 12, "Data scope") ---


@pytest.mark.parametrize("persona", ["district_admin", "town_a_admin", "secretary", "leader"])
def test_member_pages_name_no_record_outside_the_scope(login, world, persona):
    from tests.personas.scope_helpers import cross_scopes, keys_and_names

    cross_scopes(world)
    client = login(persona)
    names = keys_and_names(world.user(persona))
    # A hidden code inside a visible one (350599 in 350599100000) proves nothing.
    hidden = {h for h in names["hidden"] if not any(h in v for v in names["visible"])}
    pages = [reverse("members:list")]
    pages += [
        reverse(name, args=[member.public_id])
        for member in [world.member_a, *world.member_a.organization.members.all()]
        for name in ("members:detail",)
    ]
    for url in pages:
        text = login(persona).get(url).content.decode()
        found = {value for value in hidden if value in text}
        assert not found, (persona, url, found)
    assert client.get(reverse("members:list")).status_code == 200


@pytest.mark.parametrize("persona", ["district_admin", "town_a_admin", "secretary", "leader"])
def test_the_birth_date_shows_only_with_the_right_to_unmask(login, world, persona):
    """The masked ID number (6+4) beside the birth date gives the number back."""
    client = login(persona)
    text = client.get(reverse("members:detail", args=[world.member_a.public_id])).content.decode()
    assert ("1980-01-15" in text) == (persona != "leader"), persona
    assert "1980" in text
    listed = client.get(reverse("members:list")).content.decode()
    assert ("1980-01-15" in listed) == (persona != "leader"), persona
    assert world.member_a.employer.name in listed  # an employer inside the scope is named


def test_an_edit_form_hides_an_employer_outside_the_scope_and_keeps_it(login, world):
    from liangxin.members.models import Member
    from tests.personas.scope_helpers import cross_scopes

    cross_scopes(world)
    clerk = Member.objects.get(name="周跨界")  # employed by an enterprise the secretary cannot see
    client = login("secretary")
    url = reverse("members:edit", args=[clerk.public_id])
    page = client.get(url).content.decode()
    assert world.ent_a2.uscc not in page and world.ent_a2.name not in page
    assert "已登记的工作单位不在您的数据范围内" in page
    form = {
        "name": clerk.name,
        "status": clerk.status,
        "organization": world.org_a.code,
        "employer": "",
        "ethnicity": "汉族",
        "flow_type": clerk.flow_type,
        "gender": clerk.gender,
        "birth_date": clerk.birth_date.isoformat(),
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    clerk.refresh_from_db()
    assert clerk.employer == world.ent_a2


@pytest.mark.parametrize("persona", ["town_a_admin", "town_b_admin", "secretary", "instructor"])
def test_organization_pages_name_no_record_outside_the_scope(login, world, persona):
    """An instructor sees town B's branch (it covers an assigned enterprise), not its
    secretary member; a secretary sees its members, not an employer it does not cover."""
    from liangxin.core.scoping import scoped
    from liangxin.organizations.models import PartyOrganization
    from tests.personas.scope_helpers import cross_scopes, keys_and_names

    cross_scopes(world)
    user = world.user(persona)
    names = keys_and_names(user)
    hidden = {h for h in names["hidden"] if not any(h in v for v in names["visible"])}
    for organization in scoped(PartyOrganization.objects.all(), user):
        url = reverse("organizations:detail", args=[organization.code])
        text = login(persona).get(url).content.decode()
        found = {value for value in hidden if value in text}
        assert not found, (persona, url, found)
