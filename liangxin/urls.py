from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("liangxin.api.urls")),
    # The reference fields' pickers (core/pickers.py): core is no app with pages.
    path("pickers/", include("liangxin.core.urls")),
    path("", include("liangxin.web_urls")),
]

handler500 = "liangxin.core.errors.server_error"
