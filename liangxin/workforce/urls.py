from django.urls import path

from liangxin.workforce import (
    urls_certification,
    urls_pool,
    urls_training,
    urls_workers,
    views,
    views_figures,
    views_visits,
)

app_name = "instructors"

urlpatterns = [
    path("", views.InstructorListView.as_view(), name="list"),
    path("new/", views.InstructorCreateView.as_view(), name="create"),
    path("work/", views_visits.WorkView.as_view(), name="work"),
    path("visits/", views_visits.VisitListView.as_view(), name="visits"),
    path("visits/export/", views_visits.VisitExportView.as_view(), name="visits-export"),
    path("visits/new/", views_visits.VisitCreateView.as_view(), name="visit-create"),
    path("visits/<int:pk>/", views_visits.VisitDetailView.as_view(), name="visit"),
    path(
        "visits/<int:pk>/photos/<int:photo_pk>/",
        views_visits.VisitPhotoView.as_view(),
        name="visit-photo",
    ),
    path("hazards/", views_visits.HazardListView.as_view(), name="hazards"),
    path("hazards/export/", views_visits.HazardExportView.as_view(), name="hazards-export"),
    path("assignments/", views_visits.AssignmentListView.as_view(), name="assignments"),
    path(
        "assignments/export/",
        views_visits.AssignmentExportView.as_view(),
        name="assignments-export",
    ),
    path("assignments/new/", views_visits.AssignmentCreateView.as_view(), name="assignment-create"),
    path(
        "assignments/<int:pk>/end/",
        views_visits.AssignmentEndView.as_view(),
        name="assignment-end",
    ),
    *urls_workers.urlpatterns,
    *urls_certification.urlpatterns,
    *urls_pool.urlpatterns,
    *urls_training.urlpatterns,
    path("figures/", views_figures.FiguresView.as_view(), name="figures"),
    path("figures/export/", views_figures.FiguresExportView.as_view(), name="figures-export"),
    path("<uuid:public_id>/", views.InstructorDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/edit/", views.InstructorUpdateView.as_view(), name="edit"),
    path(
        "<uuid:public_id>/reveal/<str:field>/",
        views.InstructorRevealView.as_view(),
        name="reveal",
    ),
]
