from django.urls import path

from liangxin.brands import views

app_name = "brands"

urlpatterns = [
    path("", views.BrandListView.as_view(), name="list"),
    path("export/", views.BrandExportView.as_view(), name="export"),
    path("regions/", views.BrandRegionsView.as_view(), name="regions"),
    path("new/", views.BrandCreateView.as_view(), name="create"),
    path("<int:pk>/", views.BrandDetailView.as_view(), name="brand"),
    path("<int:pk>/edit/", views.BrandUpdateView.as_view(), name="edit"),
    path("<int:pk>/upload/", views.BrandUploadView.as_view(), name="upload"),
    path("<int:pk>/do/<str:action>/", views.BrandActionView.as_view(), name="action"),
    path("evidence/<int:pk>/", views.BrandEvidenceView.as_view(), name="evidence"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programmes"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme"),
    path(
        "programmes/<int:pk>/export/", views.ProgrammeExportView.as_view(), name="programme-export"
    ),
    path(
        "programmes/<int:pk>/projects/new/",
        views.ProjectCreateView.as_view(),
        name="project-create",
    ),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project"),
    path("projects/<int:pk>/nodes/", views.NodeAddView.as_view(), name="node-add"),
    path(
        "projects/<int:pk>/close/<str:state>/",
        views.ProjectCloseView.as_view(),
        name="project-close",
    ),
    path("nodes/", views.NodeListView.as_view(), name="nodes"),
    path("nodes/<int:pk>/", views.NodeView.as_view(), name="node"),
    path("nodes/evidence/<int:pk>/", views.NodeEvidenceView.as_view(), name="node-evidence"),
]
