"""The API alone, mounted where liangxin/urls.py mounts it.

API tests use this URLconf so they do not depend on the web pages, which
another part of the project builds at the same time.
"""

from django.urls import include, path

urlpatterns = [path("api/", include("liangxin.api.urls"))]
