from django.urls import path

from liangxin.development import views

app_name = "development"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("export/", views.CaseExportView.as_view(), name="export"),
    path("new/", views.CaseCreateView.as_view(), name="create"),
    path("violations/", views.ViolationListView.as_view(), name="violations"),
    path("violations/export/", views.ViolationExportView.as_view(), name="violations-export"),
    path("reminders/", views.ReminderView.as_view(), name="reminders"),
    path("priorities/", views.PrioritiesView.as_view(), name="priorities"),
    path("<uuid:public_id>/", views.CaseDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/edit/", views.CaseUpdateView.as_view(), name="edit"),
    path("<uuid:public_id>/close/", views.CaseCloseView.as_view(), name="close"),
    path("<uuid:public_id>/steps/<int:step>/", views.StepRecordView.as_view(), name="step"),
    path(
        "<uuid:public_id>/steps/<int:step>/check/", views.StepCheckView.as_view(), name="step-check"
    ),
    path("<uuid:public_id>/reveal/<str:field>/", views.CaseRevealView.as_view(), name="reveal"),
]
