"""The region form names the parent its picker chooses, not its code."""

from django.urls import reverse

from tests.labels import label_of


def test_the_region_form_names_the_parent_region(world, login):
    response = login("district_admin").get(reverse("regions:create"))
    assert response.status_code == 200
    assert label_of(response, "parent") == "上级区域"
