"""Party workers, stations, work lists and the yearly assessments (views_workers.py)."""

from django.urls import path

from liangxin.workforce import views_workers as v

urlpatterns = [
    path("workers/", v.WorkerListView.as_view(), name="workers"),
    path("workers/export/", v.WorkerExportView.as_view(), name="workers-export"),
    path("workers/new/", v.WorkerCreateView.as_view(), name="worker-create"),
    path("workers/stations/", v.StationListView.as_view(), name="worker-stations"),
    path("workers/stations/export/", v.StationExportView.as_view(), name="worker-stations-export"),
    path("workers/<int:pk>/", v.WorkerDetailView.as_view(), name="worker"),
    path("workers/<int:pk>/edit/", v.WorkerUpdateView.as_view(), name="worker-edit"),
    path("workers/<int:pk>/end/", v.WorkerEndView.as_view(), name="worker-end"),
    path("workers/<int:pk>/grade/", v.WorkerGradeView.as_view(), name="worker-grade"),
    path("worklists/", v.WorkListListView.as_view(), name="worklists"),
    path("worklists/export/", v.WorkListExportView.as_view(), name="worklists-export"),
    path("worklists/new/", v.WorkListCreateView.as_view(), name="worklist-create"),
    path("worklists/<int:pk>/", v.WorkListDetailView.as_view(), name="worklist"),
    path("worklists/<int:pk>/edit/", v.WorkListEditView.as_view(), name="worklist-edit"),
    path("worklists/<int:pk>/issue/", v.WorkListIssueView.as_view(), name="worklist-issue"),
    path("worklists/<int:pk>/copy/", v.WorkListCopyView.as_view(), name="worklist-copy"),
    path("worklists/<int:pk>/assess/", v.WorkListAssessView.as_view(), name="worklist-assess"),
    path(
        "worklists/<int:pk>/items/<int:item_pk>/progress/",
        v.ItemProgressView.as_view(),
        name="worklist-progress",
    ),
    path(
        "worklists/<int:pk>/files/<int:file_pk>/",
        v.EvidenceFileView.as_view(),
        name="worklist-file",
    ),
    path("assessments/", v.InstructorAssessmentView.as_view(), name="assessments"),
    path(
        "assessments/export/",
        v.InstructorAssessmentExportView.as_view(),
        name="assessments-export",
    ),
]
