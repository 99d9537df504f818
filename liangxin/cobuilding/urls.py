from django.urls import path

from liangxin.cobuilding import views as v

app_name = "cobuilding"


def listed(route: str, view, name: str, create, detail: str):
    """A list, its xlsx export, its create form, a record's page and its edit form."""
    single = name.rstrip("s")
    return [
        path(route, view.as_view(), name=name),
        path(f"{route}export/", view.as_view(export=True), name=f"{name}-export"),
        path(f"{route}new/", create.as_view(), name=f"{single}-create"),
        path(f"{detail}<int:pk>/", getattr(v, f"{single.title()}Detail").as_view(), name=single),
        path(f"{detail}<int:pk>/edit/", create.as_view(), name=f"{single}-edit"),
        path(
            f"{detail}<int:pk>/delete/",
            getattr(v, f"{single.title()}Delete").as_view(),
            name=f"{single}-delete",
        ),
    ]


urlpatterns = [
    *listed("", v.PairingList, "pairings", v.PairingEdit, "pairings/"),
    *listed("alliances/", v.AllianceList, "alliances", v.AllianceEdit, "alliances/"),
    *listed("workshops/", v.WorkshopList, "workshops", v.WorkshopEdit, "workshops/"),
    path("alliances/<int:pk>/members/new/", v.MemberCreate.as_view(), name="member-create"),
    path("alliances/<int:pk>/chairs/new/", v.ChairCreate.as_view(), name="chair-create"),
    path("alliances/<int:pk>/meetings/new/", v.MeetingCreate.as_view(), name="meeting-create"),
    path("members/<int:pk>/edit/", v.MemberEdit.as_view(), name="member-edit"),
    path("members/<int:pk>/delete/", v.MemberDelete.as_view(), name="member-delete"),
    path("meetings/<int:pk>/edit/", v.MeetingEdit.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/delete/", v.MeetingDelete.as_view(), name="meeting-delete"),
    path("outcomes/<int:pk>/edit/", v.OutcomeEdit.as_view(), name="outcome-edit"),
    path("outcomes/<int:pk>/delete/", v.OutcomeDelete.as_view(), name="outcome-delete"),
    path("issues/<int:pk>/follow/", v.IssueFollow.as_view(), name="issue-follow"),
    path("workshops/<int:pk>/figures/new/", v.FigureCreate.as_view(), name="figure-create"),
    path("<str:holder>/<int:pk>/outcomes/new/", v.OutcomeCreate.as_view(), name="outcome-create"),
    path("figures/", v.Figures.as_view(), name="figures"),
    path("figures/export/", v.Figures.as_view(export=True), name="figures-export"),
    path("sets/", v.Sets.as_view(), name="sets"),
    path("sets/<str:kind>/<int:pk>/edit/", v.SetEdit.as_view(), name="set-edit"),
]
