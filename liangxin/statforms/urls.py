from django.urls import path

from liangxin.statforms import views

app_name = "statforms"

urlpatterns = [
    path("", views.FormsPage.as_view(), name="forms"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("cell/", views.CellPage.as_view(), name="cell"),
    path("returns/", views.ReturnList.as_view(), name="returns"),
    path("returns/<int:pk>/", views.ReturnPage.as_view(), name="return"),
]
