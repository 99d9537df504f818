from django.urls import path

from liangxin.duties import views as v

app_name = "duties"


def kept(route: str, view, name: str) -> list:
    return [
        path(f"{route}new/", view.as_view(), name=f"{name}-create"),
        path(f"{route}<int:pk>/edit/", view.as_view(), name=f"{name}-edit"),
    ]


urlpatterns = [
    path("", v.CommitmentList.as_view(), name="commitments"),
    path("export/", v.CommitmentList.as_view(export=True), name="commitments-export"),
    *kept("commitments/", v.CommitmentEdit, "commitment"),
    path("reports/", v.ReportList.as_view(), name="reports"),
    path("reports/export/", v.ReportList.as_view(export=True), name="reports-export"),
    *kept("reports/", v.ReportEdit, "report"),
    path("missing/", v.Missing.as_view(), name="missing"),
    path("missing/export/", v.Missing.as_view(export=True), name="missing-export"),
    path("units/", v.Units.as_view(), name="units"),
    *kept("units/", v.UnitEdit, "unit"),
    *kept("tasks/", v.TaskEdit, "task"),
    path("tasks/<int:pk>/progress/", v.ProgressCreate.as_view(), name="progress-create"),
    *kept("showcases/", v.ShowcaseEdit, "showcase"),
    path("showcases/<int:pk>/", v.ShowcaseDetail.as_view(), name="showcase"),
    *kept("reviews/", v.ReviewEdit, "review"),
    path("statistics/", v.Statistics.as_view(), name="statistics"),
    path("statistics/export/", v.Statistics.as_view(export=True), name="statistics-export"),
]
