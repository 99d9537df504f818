"""The dues period form names the organization its picker chooses, not its code."""

from django.urls import reverse

from tests.labels import label_of


def test_the_alert_period_form_names_the_organization(world, login):
    response = login("district_admin").get(reverse("dues:alerts"))
    assert response.status_code == 200
    assert label_of(response, "organization") == "党组织（含下级）"
