"""The organization form names the records its pickers choose, not their codes."""

from django.urls import reverse

from tests.labels import label_of


def test_the_organization_form_names_parent_region_and_enterprises(world, login):
    response = login("district_admin").get(reverse("organizations:create"))
    assert response.status_code == 200
    assert label_of(response, "parent") == "上级党组织"
    assert label_of(response, "region") == "所属区域"
    assert label_of(response, "covered_enterprises") == "覆盖企业"
