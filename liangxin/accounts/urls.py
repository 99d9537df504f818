from django.contrib.auth import views as auth_views
from django.urls import include, path

from liangxin.accounts import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("todos/", views.TodoListView.as_view(), name="todos"),
    path("todos/badge/", views.TodoBadgeView.as_view(), name="todo-badge"),
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
    path("accounts/", include("liangxin.accounts.manage_urls")),
]
