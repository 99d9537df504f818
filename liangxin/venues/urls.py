from django.urls import path

from liangxin.venues import views as v

app_name = "venues"

urlpatterns = [
    path("", v.PlaceList.as_view(), name="places"),
    path("export/", v.PlaceList.as_view(export=True), name="places-export"),
    path("new/", v.PlaceCreate.as_view(), name="place-create"),
    path("<int:pk>/", v.PlaceDetail.as_view(), name="place"),
    path("<int:pk>/edit/", v.PlaceEdit.as_view(), name="place-edit"),
    path("<int:pk>/check/", v.CheckCreate.as_view(), name="check-create"),
    path("checks/<int:pk>/edit/", v.CheckEdit.as_view(), name="check-edit"),
    path("directory/", v.Directory.as_view(), name="directory"),
    path("figures/", v.Figures.as_view(), name="figures"),
    path("figures/export/", v.Figures.as_view(export=True), name="figures-export"),
    path("settings/", v.Vocabulary.as_view(), name="vocabulary"),
    path("settings/<str:section>/new/", v.VocabularyEdit.as_view(), name="vocabulary-add"),
    path("settings/<str:section>/<int:pk>/", v.VocabularyEdit.as_view(), name="vocabulary-edit"),
]
