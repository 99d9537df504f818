"""API routes of this app, included under /api/v1/ by liangxin/api/urls.py."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from liangxin.development import api

router = SimpleRouter()
router.register("development-cases", api.DevelopmentCaseViewSet, basename="development-case")

urlpatterns = [
    path("development/reminders/", api.ReminderAPIView.as_view(), name="development-reminders"),
    path(
        "development/priorities/",
        api.PrioritiesAPIView.as_view(),
        name="development-priorities",
    ),
    path("", include(router.urls)),
]
