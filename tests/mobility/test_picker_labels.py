"""The mobility forms name the records their pickers choose, not their codes."""

from django.urls import reverse

from tests.labels import label_of


def test_the_inflow_registration_form_names_region_and_employer(world, login):
    response = login("district_admin").get(reverse("mobility:registration-create"))
    assert response.status_code == 200
    assert label_of(response, "region") == "登记区域"
    assert label_of(response, "employer") == "用工单位"


def test_the_transfer_form_names_both_organizations(world, login):
    response = login("district_admin").get(reverse("mobility:transfer-create"))
    assert response.status_code == 200
    assert label_of(response, "from_organization") == "转出党组织"
    assert label_of(response, "to_organization") == "转入党组织"
