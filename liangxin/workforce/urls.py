from django.urls import path

from liangxin.workforce import views

app_name = "instructors"

urlpatterns = [
    path("", views.InstructorListView.as_view(), name="list"),
    path("new/", views.InstructorCreateView.as_view(), name="create"),
    path("<uuid:public_id>/", views.InstructorDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/edit/", views.InstructorUpdateView.as_view(), name="edit"),
    path(
        "<uuid:public_id>/reveal/<str:field>/",
        views.InstructorRevealView.as_view(),
        name="reveal",
    ),
]
