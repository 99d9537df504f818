"""The member form names the records its pickers choose, not their codes."""

from django.urls import reverse

from tests.labels import label_of


def test_the_member_form_names_the_organization_and_the_employer(world, login):
    response = login("district_admin").get(reverse("members:create"))
    assert response.status_code == 200
    assert label_of(response, "organization") == "所在党组织"
    assert label_of(response, "employer") == "工作单位"
