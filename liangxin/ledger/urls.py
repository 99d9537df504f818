from django.urls import path

from liangxin.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.LedgerHomeView.as_view(), name="home"),
    path("jobs/<int:pk>/", views.ImportJobView.as_view(), name="job"),
    path("jobs/<int:pk>/progress/", views.JobProgressView.as_view(), name="job-progress"),
    path("jobs/<int:pk>/cancel/", views.JobCancelView.as_view(), name="job-cancel"),
    path("jobs/<int:pk>/confirm/", views.ConfirmView.as_view(), name="job-confirm"),
    path("jobs/<int:pk>/errors/", views.ErrorFileView.as_view(), name="job-errors"),
    path("jobs/<int:pk>/rerun/", views.JobRerunView.as_view(), name="job-rerun"),
    path("exports/<int:pk>/", views.ExportJobView.as_view(), name="export-job"),
    path("exports/<int:pk>/progress/", views.ExportProgressView.as_view(), name="export-progress"),
    path("exports/<int:pk>/cancel/", views.ExportCancelView.as_view(), name="export-cancel"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export-download"),
    path("exports/<int:pk>/rerun/", views.ExportRerunView.as_view(), name="export-rerun"),
    path("<str:kind>/template/", views.TemplateDownloadView.as_view(), name="template"),
    path("<str:kind>/import/", views.UploadView.as_view(), name="upload"),
    path("<str:kind>/export/", views.ExportView.as_view(), name="export"),
]
