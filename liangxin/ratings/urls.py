from django.urls import path

from liangxin.ratings import views, views_rubric

app_name = "ratings"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("distribution/", views.DistributionView.as_view(), name="distribution"),
    path("rubrics/", views.RubricListView.as_view(), name="rubrics"),
    path("rubrics/import/", views.RubricImportView.as_view(), name="rubric-import"),
    path("rubrics/<int:pk>/", views.RubricDetailView.as_view(), name="rubric"),
    path("rubrics/<int:pk>/export/", views.RubricExportView.as_view(), name="rubric-export"),
    path(
        "rubrics/<int:pk>/new-version/",
        views.RubricNewVersionView.as_view(),
        name="rubric-new-version",
    ),
    path("rubrics/<int:pk>/edit/", views_rubric.RubricEditView.as_view(), name="rubric-edit"),
    path(
        "rubrics/<int:pk>/rows/<str:kind>/new/",
        views_rubric.RowEditView.as_view(),
        name="row-add",
    ),
    path(
        "rubrics/<int:pk>/rows/<str:kind>/<int:row>/",
        views_rubric.RowEditView.as_view(),
        name="row-edit",
    ),
    path(
        "rubrics/<int:pk>/rows/<str:kind>/<int:row>/delete/",
        views_rubric.RowDeleteView.as_view(),
        name="row-delete",
    ),
    path("cycles/", views.CycleListView.as_view(), name="cycles"),
    path("cycles/new/", views.CycleOpenView.as_view(), name="cycle-open"),
    path("cycles/<int:pk>/", views.CycleDetailView.as_view(), name="cycle"),
    path("cycles/<int:pk>/export/", views.CycleExportView.as_view(), name="cycle-export"),
    path("cycles/<int:pk>/publicize/", views.CyclePublicizeView.as_view(), name="publicize"),
    path("cycles/<int:pk>/finalize/", views.CycleFinalizeView.as_view(), name="finalize"),
    path("ratings/<int:pk>/", views.RatingView.as_view(), name="rating"),
    path("ratings/<int:pk>/self/", views.SelfAssessView.as_view(), name="self-assess"),
    path("ratings/<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("ratings/<int:pk>/approve/", views.ApproveView.as_view(), name="approve"),
    path("ratings/<int:pk>/return/", views.ReturnView.as_view(), name="return"),
    path("ratings/<int:pk>/category/", views.CategoryView.as_view(), name="category"),
    path("ratings/<int:pk>/objections/", views.ObjectionAddView.as_view(), name="objection-add"),
    path(
        "ratings/<int:pk>/objections/<int:objection>/answer/",
        views.ObjectionAnswerView.as_view(),
        name="objection-answer",
    ),
    path("org/<str:code>/", views.HistoryView.as_view(), name="history"),
]
