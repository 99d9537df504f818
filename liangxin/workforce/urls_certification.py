"""Certification, honours and allowances (namespace "instructors", spliced in urls.py)."""

from django.urls import path

from liangxin.workforce import views_certification as views

urlpatterns = [
    path("certifications/", views.CertificationListView.as_view(), name="certifications"),
    path(
        "certifications/export/",
        views.CertificationExportView.as_view(),
        name="certifications-export",
    ),
    path(
        "certifications/new/", views.CertificationCreateView.as_view(), name="certification-create"
    ),
    path("certifications/levels/", views.LevelSettingsView.as_view(), name="cert-levels"),
    path(
        "certifications/levels/<int:pk>/",
        views.LevelSettingUpdateView.as_view(),
        name="cert-level-update",
    ),
    path("certifications/<int:pk>/", views.CertificationDetailView.as_view(), name="certification"),
    path(
        "certifications/<int:pk>/files/<int:file_pk>/",
        views.CertificationFileView.as_view(),
        name="certification-file",
    ),
    path(
        "certifications/<int:pk>/<slug:action>/",
        views.CertificationActionView.as_view(),
        name="certification-action",
    ),
    path("honours/", views.HonourListView.as_view(), name="honours"),
    path("honours/export/", views.HonourExportView.as_view(), name="honours-export"),
    path("honours/new/", views.HonourCreateView.as_view(), name="honour-create"),
    path("allowances/", views.AllowanceListView.as_view(), name="allowances"),
    path("allowances/export/", views.AllowanceExportView.as_view(), name="allowances-export"),
    path("allowances/rules/", views.AllowanceRulesView.as_view(), name="allowance-rules"),
    path(
        "allowances/rules/new/", views.AllowanceRuleEditView.as_view(), name="allowance-rule-create"
    ),
    path(
        "allowances/rules/<int:pk>/",
        views.AllowanceRuleEditView.as_view(),
        name="allowance-rule-edit",
    ),
    path(
        "allowances/<slug:action>/",
        views.AllowanceActionView.as_view(),
        name="allowance-action",
    ),
]
