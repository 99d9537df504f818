from django.urls import path

from liangxin.dues import views

app_name = "dues"

urlpatterns = [
    path("", views.MonthListView.as_view(), name="months"),
    path("months/export/", views.MonthExportView.as_view(), name="months-export"),
    path("months/open/", views.MonthOpenView.as_view(), name="months-open"),
    path("months/<int:pk>/pay/", views.MonthPayView.as_view(), name="pay"),
    path("months/<int:pk>/reduce/", views.MonthReduceView.as_view(), name="reduce"),
    path("months/<int:pk>/waive/", views.MonthWaiveView.as_view(), name="waive"),
    path("bases/", views.BaseListView.as_view(), name="bases"),
    path("bases/new/", views.BaseCreateView.as_view(), name="base-create"),
    path("bases/<int:pk>/edit/", views.BaseUpdateView.as_view(), name="base-edit"),
    path("alerts/", views.AlertListView.as_view(), name="alerts"),
    path("alerts/export/", views.AlertExportView.as_view(), name="alerts-export"),
    path("totals/", views.TotalsView.as_view(), name="totals"),
    path("totals/export/", views.TotalsExportView.as_view(), name="totals-export"),
]
