from django.urls import path

from liangxin.posts import views

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("counts/", views.PostCountsView.as_view(), name="counts"),
    path("export/", views.PostExportView.as_view(), name="export"),
    path("assign/<uuid:public_id>/", views.PostAssignView.as_view(), name="assign"),
]
