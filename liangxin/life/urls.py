from django.urls import path

from liangxin.life import views

app_name = "life"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meetings"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting-edit"),
    path("<int:pk>/files/<int:file_pk>/", views.MeetingFileView.as_view(), name="meeting-file"),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("compliance/export/", views.ComplianceExportView.as_view(), name="compliance-export"),
    path("absent/", views.AbsentView.as_view(), name="absent"),
]
