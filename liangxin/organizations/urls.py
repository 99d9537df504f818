from django.urls import path

from liangxin.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="list"),
    path("tree/", views.OrganizationTreeView.as_view(), name="tree"),
    path(
        "tree/<str:code>/children/",
        views.OrganizationTreeChildrenView.as_view(),
        name="tree-children",
    ),
    path("warnings/", views.OrganizationWarningsView.as_view(), name="warnings"),
    path("new/", views.OrganizationCreateView.as_view(), name="create"),
    path("<str:code>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.OrganizationUpdateView.as_view(), name="edit"),
]
