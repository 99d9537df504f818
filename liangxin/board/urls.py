from django.urls import path

from liangxin.board import views

app_name = "board"

urlpatterns = [
    path("", views.BoardListView.as_view(), name="list"),
    path("new/", views.BoardEditView.as_view(), name="create"),
    path("<int:pk>/", views.BoardView.as_view(), name="board"),
    path("<int:pk>/screen/", views.ScreenView.as_view(), name="screen"),
    path("<int:pk>/edit/", views.BoardEditView.as_view(), name="edit"),
    path("<int:pk>/configure/", views.ConfigureView.as_view(), name="configure"),
    path(
        "<int:pk>/indicators/<int:indicator>/delete/",
        views.IndicatorDeleteView.as_view(),
        name="indicator-delete",
    ),
    path("<int:pk>/freeze/", views.FreezeView.as_view(), name="freeze"),
    path("<int:pk>/snapshots/", views.SnapshotListView.as_view(), name="snapshots"),
    path("<int:pk>/snapshots/<int:snapshot>/", views.SnapshotView.as_view(), name="snapshot"),
    path(
        "<int:pk>/snapshots/<int:snapshot>/export/",
        views.SnapshotExportView.as_view(),
        name="snapshot-export",
    ),
    path("<int:pk>/subjects/<str:code>/", views.SubjectView.as_view(), name="subject"),
]
