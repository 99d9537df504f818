from django.urls import path

from liangxin.requests import views, views_notices

app_name = "requests"

urlpatterns = [
    path("", views.RequestListView.as_view(), name="list"),
    path("export/", views.RequestExportView.as_view(), name="export"),
    path("new/", views.RequestCreateView.as_view(), name="create"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("statistics/export/", views.StatisticsExportView.as_view(), name="statistics-export"),
    path("notices/", views_notices.NoticeView.as_view(), name="notices"),
    path("notices/export/", views_notices.NoticeExportView.as_view(), name="notices-export"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/deadlines/<int:pk>/", views.DeadlineRuleEditView.as_view(), name="rule-edit"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="detail"),
    path("<int:pk>/files/<int:file_pk>/", views.RequestFileView.as_view(), name="file"),
    path("<int:pk>/<slug:action>/", views.RequestActionView.as_view(), name="action"),
]
