from django.urls import path

from liangxin.mobility import views

app_name = "mobility"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("members/<uuid:public_id>/", views.MemberMobilityView.as_view(), name="member"),
    path("members/<uuid:public_id>/profile/", views.MobileProfileView.as_view(), name="profile"),
    path("agreements/", views.AgreementListView.as_view(), name="agreements"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement-create"),
    path(
        "agreements/<int:pk>/transferred-in/",
        views.AgreementTransferredInView.as_view(),
        name="agreement-transferred-in",
    ),
    path(
        "inflow-without-agreement/",
        views.InflowWithoutAgreementView.as_view(),
        name="inflow-without-agreement",
    ),
    path("contacts/", views.ContactListView.as_view(), name="contacts"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact-create"),
    path("overdue/", views.OverdueContactsView.as_view(), name="overdue"),
    path("should-transfer/", views.ShouldTransferView.as_view(), name="should-transfer"),
    path(
        "branch-suggestions/",
        views.BranchSuggestionsView.as_view(),
        name="branch-suggestions",
    ),
    path("departed/", views.DepartedOpenView.as_view(), name="departed"),
    path("registrations/", views.InflowPersonListView.as_view(), name="registrations"),
    path("registrations/new/", views.RegistrationCreateView.as_view(), name="registration-create"),
    path("transfers/", views.TransferListView.as_view(), name="transfers"),
    path("transfers/expiring/", views.TransfersExpiringView.as_view(), name="transfers-expiring"),
    path("transfers/new/", views.TransferCreateView.as_view(), name="transfer-create"),
    path("transfers/<uuid:public_id>/", views.TransferDetailView.as_view(), name="transfer"),
    path(
        "transfers/<uuid:public_id>/send/",
        views.TransferSendView.as_view(),
        name="transfer-send",
    ),
    path(
        "transfers/<uuid:public_id>/receive/",
        views.TransferReceiveView.as_view(),
        name="transfer-receive",
    ),
    path(
        "transfers/<uuid:public_id>/return/",
        views.TransferReturnView.as_view(),
        name="transfer-return",
    ),
]
