"""The training pages, spliced into the instructors' namespace (urls.py)."""

from django.urls import path

from liangxin.workforce import views_training as views

urlpatterns = [
    path("trainings/", views.TrainingListView.as_view(), name="trainings"),
    path("trainings/export/", views.TrainingExportView.as_view(), name="trainings-export"),
    path("trainings/new/", views.TrainingCreateView.as_view(), name="training-create"),
    path(
        "trainings/sheet-template/",
        views.SheetTemplateView.as_view(),
        name="training-sheet-template",
    ),
    path("trainings/people/", views.PeopleYearView.as_view(), name="training-people"),
    path(
        "trainings/people/export/",
        views.PeopleYearExportView.as_view(),
        name="training-people-export",
    ),
    path("trainings/people/<int:pk>/", views.PersonYearView.as_view(), name="training-person"),
    path("trainings/coverage/", views.CoverageView.as_view(), name="training-coverage"),
    path(
        "trainings/coverage/export/",
        views.CoverageExportView.as_view(),
        name="training-coverage-export",
    ),
    path(
        "trainings/coverage/missing/export/",
        views.MissingExportView.as_view(),
        name="training-missing-export",
    ),
    path("trainings/initial/", views.InitialView.as_view(), name="training-initial"),
    path(
        "trainings/initial/export/",
        views.InitialExportView.as_view(),
        name="training-initial-export",
    ),
    path("trainings/<int:pk>/", views.TrainingDetailView.as_view(), name="training"),
    path("trainings/<int:pk>/edit/", views.TrainingUpdateView.as_view(), name="training-edit"),
    path(
        "trainings/<int:pk>/attendance/export/",
        views.AttendanceExportView.as_view(),
        name="training-attendance-export",
    ),
    path(
        "trainings/<int:pk>/attendance/<int:attendance_pk>/remove/",
        views.AttendanceRemoveView.as_view(),
        name="training-attendance-remove",
    ),
    path(
        "trainings/<int:pk>/import/",
        views.AttendanceImportView.as_view(),
        name="training-import",
    ),
]
