from django.urls import path

from liangxin.audit import views

urlpatterns = [
    path("export/", views.AuditExportView.as_view(), name="audit-export"),
    path("chain/", views.ChainView.as_view(), name="audit-chain"),
    path("history/<str:token>/", views.RecordHistoryView.as_view(), name="audit-history"),
]
