"""/api/v1/… (DOMAIN.md §5), the OpenAPI 3 schema and its docs page.

Each app of the project serves its API from ``liangxin/<app>/api.py``, which ends with
its ``urlpatterns`` relative to /api/v1/. They are found here, in INSTALLED_APPS
order, so an app brings its API without naming it in any central file.
"""

from importlib import import_module

from django.apps import apps
from django.urls import include, path, re_path
from django.utils.module_loading import module_has_submodule
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from liangxin.api import views

app_name = "api"

PROJECT = __name__.partition(".")[0]


def app_api_modules():
    """The ``api`` module of each installed app of this project that has routes."""
    for config in apps.get_app_configs():
        if config.name.partition(".")[0] != PROJECT or not module_has_submodule(
            config.module, "api"
        ):
            continue
        module = import_module(f"{config.name}.api")
        if hasattr(module, "urlpatterns"):
            yield module


urlpatterns = [
    *[path("v1/", include(module)) for module in app_api_modules()],
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
