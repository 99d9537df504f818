from django.urls import path

from liangxin.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="list"),
    path("tree/", views.RegionTreeView.as_view(), name="tree"),
    path("tree/<str:code>/children/", views.RegionTreeChildrenView.as_view(), name="tree-children"),
    path("new/", views.RegionCreateView.as_view(), name="create"),
    path("<str:code>/", views.RegionDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.RegionUpdateView.as_view(), name="edit"),
]
