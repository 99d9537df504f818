"""The instructor form names the records its pickers choose, not their codes."""

from django.urls import reverse

from tests.labels import label_of


def test_the_instructor_form_names_the_region_and_the_enterprises(world, login):
    response = login("district_admin").get(reverse("instructors:create"))
    assert response.status_code == 200
    assert label_of(response, "region") == "所属区域"
    assert label_of(response, "enterprises") == "联系企业"
