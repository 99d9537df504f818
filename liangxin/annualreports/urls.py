from django.urls import path

from liangxin.annualreports import views as v

app_name = "annualreports"

urlpatterns = [
    path("", v.ReportList.as_view(), name="reports"),
    path("<int:pk>/", v.ReportDetail.as_view(), name="report"),
    path("<int:pk>/generate/", v.ReportAction.as_view(action="generate"), name="generate"),
    path("<int:pk>/finalize/", v.ReportAction.as_view(action="finalize"), name="finalize"),
    path("<int:pk>/docx/", v.Download.as_view(kind="docx"), name="docx"),
    path("<int:pk>/pdf/", v.Download.as_view(kind="pdf"), name="pdf"),
    path("jobs/<int:pk>/", v.JobPage.as_view(), name="job"),
    path("jobs/<int:pk>/progress/", v.JobPage.as_view(partial=True), name="job-progress"),
    path("templates/", v.Templates.as_view(), name="templates"),
    path("templates/default/", v.DefaultTemplate.as_view(), name="template-default"),
    path("templates/<int:pk>/", v.TemplateFile.as_view(), name="template-file"),
]
