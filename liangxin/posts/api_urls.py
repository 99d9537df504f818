"""API routes of this app, included under /api/v1/ by liangxin/api/urls.py."""

urlpatterns = []
