from django.urls import path

from liangxin.members import views

app_name = "members"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="list"),
    path("new/", views.MemberCreateView.as_view(), name="create"),
    path("birthdays/", views.PoliticalBirthdayView.as_view(), name="birthdays"),
    path("milestones/", views.MilestoneView.as_view(), name="milestones"),
    path("conflicts/", views.ConflictListView.as_view(), name="conflicts"),
    path(
        "conflicts/<int:pk>/resolve/", views.ConflictResolveView.as_view(), name="conflict-resolve"
    ),
    path("<uuid:public_id>/", views.MemberDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/edit/", views.MemberUpdateView.as_view(), name="edit"),
    path("<uuid:public_id>/reveal/<str:field>/", views.MemberRevealView.as_view(), name="reveal"),
]
