from django.urls import path  # noqa: F401 — pages are added by the views

app_name = "standards"

urlpatterns = []
