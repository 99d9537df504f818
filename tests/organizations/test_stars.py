"""An organization's stars are the result of a rating cycle (WORK.md §3: "a secretary can
never set their own organization's result"): by hand only the district corrects them — in
the form, over the API and in the service."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.services import STARS_BY_DISTRICT, organization_update


def stars(world):
    organization = PartyOrganization.objects.get(pk=world.org_a.pk)
    return organization.star_level, organization.star_category


@pytest.mark.parametrize("persona", ["secretary", "town_a_admin"])
def test_over_the_api_only_the_district_sets_stars(client_as, world, persona):
    url = f"/api/v1/organizations/{world.org_a.code}/"
    response = client_as(persona).patch(url, {"star_level": 5}, format="json")
    assert response.status_code == 400
    assert STARS_BY_DISTRICT in response.content.decode()
    assert stars(world) == (None, "")
    response = client_as("district_admin").patch(url, {"star_level": 4}, format="json")
    assert response.status_code == 200, response.content
    assert stars(world) == (4, "")


def test_other_fields_still_save_when_the_stars_are_sent_unchanged(client_as, world):
    url = f"/api/v1/organizations/{world.org_a.code}/"
    data = {"name": "新名称党支部", "star_level": None, "star_category": ""}
    response = client_as("secretary").patch(url, data, format="json")
    assert response.status_code == 200, response.content
    assert PartyOrganization.objects.get(pk=world.org_a.pk).name == "新名称党支部"


def test_the_secretarys_form_shows_the_stars_but_ignores_a_posted_value(login, world):
    url = reverse("organizations:edit", args=[world.org_a.code])
    page = login("secretary").get(url).content.decode()
    assert "由评星定级结果确定" in page
    data = {
        "code": world.org_a.code,
        "name": "川姜纺织有限公司党支部",
        "kind": "branch",
        "formation": "single",
        "region": world.grid_a.code,
        "covered_enterprises": world.ent_a.uscc,
        "star_level": "5",
        "star_category": "model",
    }
    response = login("secretary").post(url, data)
    assert response.status_code == 302
    assert stars(world) == (None, "")


def test_the_service_refuses_a_town_admin_and_names_the_field(world):
    with pytest.raises(ValidationError) as refused:
        organization_update(
            actor=world.user("town_a_admin"),
            organization=world.org_a,
            data={"star_category": "model"},
        )
    assert refused.value.message_dict == {"star_category": [STARS_BY_DISTRICT]}
    assert stars(world) == (None, "")
