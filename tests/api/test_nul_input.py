"""A NUL character in any input is a Chinese 400, never a 500.

PostgreSQL refuses a NUL inside text with an error, so a NUL that reached a lookup by
code (an API related field, a page's ModelChoiceField, a filter) answered 500 there; the
schemathesis run found it on POST /api/v1/development-cases/ (issue 12: bad input gets a
clear error in Chinese and loses nothing). Run on both databases.
"""

import pytest
from django.urls import reverse

from liangxin.members.models import Member


@pytest.mark.django_db
def test_an_api_body_with_a_nul_in_a_code_is_refused(client_as, world):
    before = Member.objects.count()
    response = client_as("district_admin").post(
        "/api/v1/members/",
        {"name": "张三", "organization": world.org_a.code + "\x00", "status": "full"},
        format="json",
    )
    assert response.status_code == 400
    assert "空字符" in response.json()["detail"]
    assert Member.objects.count() == before


@pytest.mark.django_db
def test_a_form_encoded_api_body_with_a_nul_is_refused(client_as, world):
    response = client_as("district_admin").post(
        "/api/v1/development-cases/", {"name": "李四", "organization": "X\x00"}
    )
    assert response.status_code == 400 and "空字符" in response.json()["detail"]


@pytest.mark.django_db
def test_a_filter_with_a_nul_is_refused(client_as):
    response = client_as("district_admin").get("/api/v1/organizations/?search=a%00b")
    assert response.status_code == 400 and "空字符" in response.json()["detail"]


@pytest.mark.django_db
def test_a_page_form_with_a_nul_is_refused_in_chinese(client, world):
    client.force_login(world.user("district_admin"))
    before = Member.objects.count()
    response = client.post(
        reverse("members:create"), {"name": "王五", "organization": world.org_a.pk, "x": "a\x00"}
    )
    assert response.status_code == 400
    assert "空字符" in response.content.decode()
    assert Member.objects.count() == before


@pytest.mark.django_db
def test_a_page_query_with_a_nul_is_refused_in_chinese(client, world):
    client.force_login(world.user("district_admin"))
    response = client.get(reverse("enterprises:list") + "?region=a%00")
    assert response.status_code == 400 and "空字符" in response.content.decode()
