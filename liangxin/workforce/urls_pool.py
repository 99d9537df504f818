"""The talent pool's and the partner groups' pages (namespace "instructors")."""

from django.urls import path

from liangxin.workforce import views_pool as v

urlpatterns = [
    path("pool/", v.PoolListView.as_view(), name="pool"),
    path("pool/new/", v.PoolEntryCreateView.as_view(), name="pool-create"),
    path("pool/export/", v.PoolExportView.as_view(), name="pool-export"),
    path("pool/figures/", v.PoolFiguresView.as_view(), name="pool-figures"),
    path("pool/placements/export/", v.PlacementExportView.as_view(), name="pool-placements-export"),
    path(
        "pool/placements/<int:pk>/", v.PlacementOutcomeView.as_view(), name="pool-placement-outcome"
    ),
    path("pool/<int:pk>/", v.PoolEntryView.as_view(), name="pool-entry"),
    path("pool/<int:pk>/edit/", v.PoolEntryUpdateView.as_view(), name="pool-edit"),
    path("pool/<int:pk>/recommend/", v.PlacementCreateView.as_view(), name="pool-recommend"),
    path("partners/", v.PartnerListView.as_view(), name="partners"),
    path("partners/new/", v.PartnerCreateView.as_view(), name="partner-create"),
    path("partners/export/", v.PartnerExportView.as_view(), name="partners-export"),
    path("partners/<int:pk>/", v.PartnerView.as_view(), name="partner"),
    path("partners/<int:pk>/members/", v.MemberAddView.as_view(), name="partner-member-add"),
    path(
        "partners/<int:pk>/members/<int:worker_pk>/remove/",
        v.MemberRemoveView.as_view(),
        name="partner-member-remove",
    ),
    path("partners/<int:pk>/tasks/", v.TaskCreateView.as_view(), name="partner-task-create"),
    path("partners/tasks/<int:pk>/", v.TaskUpdateView.as_view(), name="partner-task"),
]
