from django.urls import path

from liangxin.coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("screen/", views.ScreenView.as_view(), name="screen"),
    path("enterprises/", views.DrilldownView.as_view(), name="drilldown"),
    path("enterprises/export/", views.DrilldownExportView.as_view(), name="drilldown-export"),
    path("worklists/<slug:key>/", views.WorkListView.as_view(), name="worklist"),
    path(
        "worklists/<slug:key>/export/", views.WorkListExportView.as_view(), name="worklist-export"
    ),
    path("assign-instructor/", views.AssignInstructorView.as_view(), name="assign-instructor"),
    path("goals/", views.GoalsView.as_view(), name="goals"),
    path("gap/<str:uscc>/", views.EnterpriseGapView.as_view(), name="enterprise-gap"),
]
