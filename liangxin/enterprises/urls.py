from django.urls import path

from liangxin.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="list"),
    path("new/", views.EnterpriseCreateView.as_view(), name="create"),
    path("<str:uscc>/", views.EnterpriseDetailView.as_view(), name="detail"),
    path("<str:uscc>/edit/", views.EnterpriseUpdateView.as_view(), name="edit"),
]
