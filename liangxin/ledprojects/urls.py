from django.urls import path

from liangxin.ledprojects import views as v

app_name = "ledprojects"

urlpatterns = [
    path("", v.ProjectList.as_view(), name="projects"),
    path("export/", v.ProjectList.as_view(export=True), name="projects-export"),
    path("new/", v.ProjectEdit.as_view(), name="project-create"),
    path("<int:pk>/", v.ProjectDetail.as_view(), name="project"),
    path("<int:pk>/edit/", v.ProjectEdit.as_view(), name="project-edit"),
    path("<int:pk>/milestones/new/", v.MilestoneCreate.as_view(), name="milestone-create"),
    path("milestones/<int:pk>/edit/", v.MilestoneEdit.as_view(), name="milestone-edit"),
    path("milestones/<int:pk>/progress/", v.MilestoneProgress.as_view(), name="milestone-progress"),
    path("rounds/", v.RoundList.as_view(), name="rounds"),
    path("rounds/new/", v.RoundEdit.as_view(), name="round-create"),
    path("rounds/<int:pk>/", v.RoundDetail.as_view(), name="round"),
    path("rounds/<int:pk>/edit/", v.RoundEdit.as_view(), name="round-edit"),
    path("rounds/<int:pk>/results/new/", v.ResultEdit.as_view(), name="result-create"),
    path("results/<int:result>/edit/", v.ResultEdit.as_view(), name="result-edit"),
    path("figures/", v.Figures.as_view(), name="figures"),
]
