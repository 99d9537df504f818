"""/api/v1/<ledger kind>/ (DOMAIN.md §5), the OpenAPI 3 schema and its docs page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from liangxin.api import views
from liangxin.api.stats import CoverageStatsView, WorkListView

app_name = "api"

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("members", views.MemberViewSet, basename="member")
router.register("instructors", views.InstructorViewSet, basename="instructor")

urlpatterns = [
    path("v1/stats/coverage/", CoverageStatsView.as_view(), name="stats-coverage"),
    path("v1/worklists/<slug:key>/", WorkListView.as_view(), name="worklist"),
    path("v1/", include("liangxin.members.api_urls")),
    path("v1/", include("liangxin.organizations.api_urls")),
    path("v1/", include(router.urls)),
    path("v1/", include("liangxin.development.api_urls")),
    path("v1/", include("liangxin.mobility.api_urls")),
    path("v1/", include("liangxin.dues.api_urls")),
    path("v1/", include("liangxin.posts.api_urls")),
    path("v1/", include("liangxin.rules.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from ?script= instead of inline,
    # so the docs page runs under the same Content-Security-Policy as every other page.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    # Last: any other path ending in a slash (e.g. a member "addressed" by ID
    # number) is a JSON 404. Paths without the slash still get APPEND_SLASH.
    # [\s\S], not ".": a key holding a newline (%0A) is still an API path.
    re_path(r"^[\s\S]*/$", views.not_found),
]
