from django.urls import path

from liangxin.specialists import views

app_name = "specialists"

urlpatterns = [
    path("", views.SpecialistListView.as_view(), name="list"),
    path("export/", views.SpecialistExportView.as_view(), name="export"),
    path("new/", views.SpecialistCreateView.as_view(), name="create"),
    path("<int:pk>/", views.SpecialistDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.SpecialistEditView.as_view(), name="edit"),
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/<int:pk>/", views.TeamEditView.as_view(), name="team-edit"),
    path("teams/<int:pk>/delete/", views.TeamDeleteView.as_view(), name="team-delete"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignments"),
    path("assignments/export/", views.AssignmentExportView.as_view(), name="assignments-export"),
    path("assignments/new/", views.AssignmentCreateView.as_view(), name="assignment-create"),
    path("assignments/<int:pk>/end/", views.AssignmentEndView.as_view(), name="assignment-end"),
    path("cadences/", views.CadenceListView.as_view(), name="cadences"),
    path("cadences/<int:pk>/", views.CadenceEditView.as_view(), name="cadence-edit"),
    path("contacts/", views.ContactListView.as_view(), name="contacts"),
    path("contacts/export/", views.ContactExportView.as_view(), name="contacts-export"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact-create"),
    path("missed/", views.MissedListView.as_view(), name="missed"),
    path("missed/export/", views.MissedExportView.as_view(), name="missed-export"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("figures/export/", views.FiguresExportView.as_view(), name="figures-export"),
]
