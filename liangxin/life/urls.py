from django.urls import path

from liangxin.life import views, views_records

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
    path("appraisals/", views_records.AppraisalView.as_view(), name="appraisals"),
    path("corrections/", views_records.CorrectionListView.as_view(), name="corrections"),
    path(
        "corrections/<int:pk>/close/",
        views_records.CorrectionCloseView.as_view(),
        name="correction-close",
    ),
    path("talks/", views_records.TalkView.as_view(), name="talks"),
    path("exclusions/", views_records.ExclusionView.as_view(), name="exclusions"),
    path("guides/", views_records.GuideListView.as_view(), name="guides"),
    path("guides/<int:pk>/", views_records.GuideDetailView.as_view(), name="guide-detail"),
    path("guides/<int:pk>/export/", views_records.GuideExportView.as_view(), name="guide-export"),
    path("study/", views_records.StudyView.as_view(), name="study"),
    path("study/export/", views_records.StudyExportView.as_view(), name="study-export"),
]
