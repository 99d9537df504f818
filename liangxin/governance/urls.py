from django.urls import path

from liangxin.governance import views as v

app_name = "governance"

urlpatterns = [
    path("", v.OrganizationList.as_view(), name="organizations"),
    path("organizations/<int:pk>/", v.CommitteePage.as_view(), name="committee"),
    path("organizations/<int:pk>/new/", v.MemberCreate.as_view(), name="member-create"),
    path("members/<int:pk>/edit/", v.MemberEdit.as_view(), name="member-edit"),
    path("members/<int:pk>/end/", v.MemberEnd.as_view(), name="member-end"),
    path("figures/", v.Figures.as_view(), name="figures"),
    path("figures/export/", v.Figures.as_view(export="xlsx"), name="figures-export"),
    path("figures/export.csv", v.Figures.as_view(export="csv"), name="figures-csv"),
]
