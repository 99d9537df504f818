from django.urls import path

from liangxin.campaigns import views as v

app_name = "campaigns"

urlpatterns = [
    path("", v.CampaignList.as_view(), name="campaigns"),
    path("export/", v.CampaignList.as_view(export=True), name="campaigns-export"),
    path("new/", v.CampaignCreate.as_view(), name="campaign-create"),
    path("mine/", v.MyRound.as_view(), name="my-round"),
    path("kinds/", v.KindList.as_view(), name="kinds"),
    path("kinds/new/", v.KindEdit.as_view(), name="kind-create"),
    path("kinds/<int:pk>/", v.KindEdit.as_view(), name="kind-edit"),
    path("<int:pk>/", v.CampaignDetail.as_view(), name="campaign"),
    path("<int:pk>/targets/new/", v.TargetCreate.as_view(), name="target-create"),
    path("<int:pk>/items/", v.WorkItemList.as_view(), name="items"),
    path("<int:pk>/items/export/", v.WorkItemList.as_view(export=True), name="items-export"),
    path("<int:pk>/<slug:action>/", v.CampaignAction.as_view(), name="action"),
    path("rounds/<int:pk>/", v.RoundDetail.as_view(), name="round"),
    path("rounds/<int:pk>/pending.xlsx", v.RoundDetail.as_view(export=True), name="round-export"),
    path("rounds/<int:pk>/rows/", v.RoundRows.as_view(), name="round-rows"),
    path("rows/<int:pk>/confirm/", v.RowConfirm.as_view(), name="row-confirm"),
    path("rows/<int:pk>/correct/", v.RowCorrect.as_view(), name="row-correct"),
]
