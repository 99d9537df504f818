from django.urls import path

from liangxin.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("completion/", views.CompletionView.as_view(), name="completion"),
    path("completion/export/", views.CompletionExportView.as_view(), name="completion-export"),
    path("regions/", views.RegionSharesView.as_view(), name="regions"),
    path("org/<str:code>/", views.ChecklistView.as_view(), name="checklist"),
    path(
        "org/<str:code>/<int:template>/items/<int:item>/",
        views.SelfCheckView.as_view(),
        name="self-check",
    ),
    path("org/<str:code>/<int:template>/submit/", views.SubmitView.as_view(), name="submit"),
    path("results/<int:pk>/verify/", views.VerifyView.as_view(), name="verify"),
    path("results/<int:pk>/return/", views.ReturnView.as_view(), name="return"),
    path(
        "results/<int:pk>/items/<int:item>/verify/",
        views.VerifyItemView.as_view(),
        name="verify-item",
    ),
    path("evidence/<int:pk>/", views.EvidenceView.as_view(), name="evidence"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/<int:pk>/", views.TemplateDetailView.as_view(), name="template"),
    path("templates/<int:pk>/new-version/", views.NewVersionView.as_view(), name="new-version"),
    path("templates/<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("templates/<int:pk>/items/new/", views.ItemEditView.as_view(), name="item-add"),
    path("templates/<int:pk>/items/<int:item>/", views.ItemEditView.as_view(), name="item-edit"),
    path(
        "templates/<int:pk>/items/<int:item>/delete/",
        views.ItemDeleteView.as_view(),
        name="item-delete",
    ),
    path("inspections/", views.InspectionListView.as_view(), name="inspections"),
    path("inspections/new/", views.InspectionCreateView.as_view(), name="inspection-create"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection"),
    path(
        "inspections/<int:pk>/publish/",
        views.InspectionPublishView.as_view(),
        name="inspection-publish",
    ),
    path("inspections/<int:pk>/findings/", views.FindingAddView.as_view(), name="finding-add"),
    path(
        "inspections/<int:pk>/rectifications/",
        views.RectificationAddView.as_view(),
        name="rectification-add",
    ),
    path("rectifications/", views.RectificationListView.as_view(), name="rectifications"),
    path("rectifications/<int:pk>/", views.RectificationDetailView.as_view(), name="rectification"),
    path(
        "rectifications/<int:pk>/start/",
        views.RectificationStartView.as_view(),
        name="rectification-start",
    ),
    path(
        "rectifications/<int:pk>/upload/",
        views.RectificationUploadView.as_view(),
        name="rectification-upload",
    ),
    path(
        "rectifications/<int:pk>/request/",
        views.RectificationRequestView.as_view(),
        name="rectification-request",
    ),
    path(
        "rectifications/<int:pk>/reject/",
        views.RectificationRejectView.as_view(),
        name="rectification-reject",
    ),
    path(
        "rectifications/<int:pk>/close/",
        views.RectificationCloseView.as_view(),
        name="rectification-close",
    ),
    path(
        "rectifications/evidence/<int:pk>/",
        views.RectificationEvidenceView.as_view(),
        name="rectification-evidence",
    ),
]
