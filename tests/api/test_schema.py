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


def served_schema(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


@pytest.mark.django_db
def test_the_fuzzed_schema_is_the_served_one(client_as):
    """test_schemathesis.py builds the schema at collection; it must be /api/schema/'s."""
    from tests.personas.api.test_schemathesis import schema

    assert served_schema(client_as("district_admin")) == schema.raw_schema


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers(client_as):
    """schemathesis found 111 undocumented status codes: the errors of the shared
    machinery (validation, login, role, scope, busy database) were in no operation."""
    schema = served_schema(client_as("district_admin"))
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"401", "403", "503"} <= codes, (method, path)
        parameters = operation.get("parameters", [])
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            assert "400" in codes, (method, path)
        if parameters:
            assert "404" in codes, (method, path)
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert "non_field_errors" in components["ValidationError"]["properties"]


@pytest.mark.django_db
def test_lists_are_documented_as_lists(client_as):
    """These answered a JSON array where the schema said an object."""
    paths = served_schema(client_as("district_admin"))["paths"]
    for path in (
        "/api/v1/rules/",
        "/api/v1/members/birthdays/",
        "/api/v1/members/milestones/",
        "/api/v1/posts/counts/",
    ):
        answer = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert answer["schema"]["type"] == "array", path
    assert "post" not in paths["/api/v1/dues/months/"]  # answers 405
    opened = paths["/api/v1/dues/months/open/"]["post"]["responses"]["200"]
    assert opened["content"]["application/json"]["schema"]["$ref"].endswith("/OpenResult")
