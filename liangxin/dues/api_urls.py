"""API routes of this app, included under /api/v1/ by liangxin/api/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from liangxin.dues import api

router = SimpleRouter()
router.register("dues/bases", api.DuesBaseViewSet, basename="dues-base")
router.register("dues/months", api.DuesMonthViewSet, basename="dues-month")

urlpatterns = [
    path("dues/alerts/", api.DuesAlertViewSet.as_view({"get": "list"}), name="dues-alerts"),
    path("dues/totals/", api.DuesTotalsView.as_view(), name="dues-totals"),
    *router.urls,
]
