"""The enterprise form names the region its picker chooses, not its code."""

from django.urls import reverse

from tests.labels import label_of


def test_the_enterprise_form_names_the_region(world, login):
    response = login("district_admin").get(reverse("enterprises:create"))
    assert response.status_code == 200
    assert label_of(response, "region") == "所属区域"
