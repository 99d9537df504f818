"""Server-rendered pages (Chinese UI): each app's ``urls`` under the ``url_prefix`` its
AppConfig declares, in INSTALLED_APPS order. An app with pages declares its prefix
and is found; no list here names the apps.
"""

from django.apps import apps
from django.urls import include, path
from django.utils.module_loading import module_has_submodule


def has_pages(app_config) -> bool:
    prefix = getattr(app_config, "url_prefix", None)  # "" (accounts) is a prefix too
    return prefix is not None and module_has_submodule(app_config.module, "urls")


urlpatterns = [
    path(app_config.url_prefix, include(f"{app_config.name}.urls"))
    for app_config in apps.get_app_configs()
    if has_pages(app_config)
]
