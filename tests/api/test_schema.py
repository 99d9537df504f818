"""OpenAPI 3 at /api/schema/, docs page at /api/docs/ served without any CDN."""

import pytest
from rest_framework.test import APIClient

KINDS = ["regions", "enterprises", "organizations", "members", "instructors"]


@pytest.mark.django_db
def test_schema_needs_a_login():
    assert APIClient().get("/api/schema/").status_code in (401, 403)


@pytest.mark.django_db
def test_schema_lists_the_five_resources(client_as):
    response = client_as("district_admin").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for kind in KINDS:
        assert f"/api/v1/{kind}/" in paths
    assert "/api/v1/enterprises/{uscc}/" in paths
    assert "/api/v1/organizations/{code}/" in paths
    assert "/api/v1/regions/{code}/" in paths
    assert "/api/v1/members/{public_id}/unmask/" in paths
    assert "delete" not in paths["/api/v1/members/{public_id}/"]
    member = schema["components"]["schemas"]["Member"]["properties"]
    assert member["id_number"]["writeOnly"] is True
    assert member["id_number_masked"]["readOnly"] is True


@pytest.mark.django_db
def test_docs_page_uses_local_assets(client_as):
    response = client_as("district_admin").get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
