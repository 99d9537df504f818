from django.urls import path

from liangxin.posts import views

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("counts/", views.PostCountsView.as_view(), name="counts"),
    path("export/", views.PostExportView.as_view(), name="export"),
    path("assign/<uuid:public_id>/", views.PostAssignView.as_view(), name="assign"),
    path("<int:pk>/edit/", views.PostUpdateView.as_view(), name="edit"),
    path("<int:pk>/end/", views.PostEndView.as_view(), name="end"),
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/new/", views.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team-detail"),
    path("teams/<int:pk>/edit/", views.TeamUpdateView.as_view(), name="team-edit"),
    path("teams/<int:pk>/end/", views.TeamEndView.as_view(), name="team-end"),
    path("teams/<int:pk>/members/", views.TeamMemberAddView.as_view(), name="team-member-add"),
    path(
        "teams/members/<int:pk>/leave/",
        views.TeamMemberLeaveView.as_view(),
        name="team-member-leave",
    ),
]
