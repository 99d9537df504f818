from django.urls import path

from liangxin.accounts import manage_views as views

app_name = "accounts"

urlpatterns = [
    path("manage/", views.AccountListView.as_view(), name="list"),
    path("manage/new/", views.AccountCreateView.as_view(), name="create"),
    path("manage/<int:pk>/", views.AccountDetailView.as_view(), name="detail"),
    path("manage/<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path(
        "manage/<int:pk>/reset-password/", views.PasswordResetView.as_view(), name="reset_password"
    ),
    path("manage/<int:pk>/active/", views.AccountActiveView.as_view(), name="set_active"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="revoke_token"),
]
