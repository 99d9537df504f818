from django.urls import path

from liangxin.liaisons import views as v

app_name = "liaisons"


def listed(route: str, view, name: str, *, create=None):
    """A list, its xlsx export and (when given) its create form."""
    found = [
        path(route, view.as_view(), name=name),
        path(f"{route}export/", view.as_view(export=True), name=f"{name}-export"),
    ]
    if create is not None:
        found.append(path(f"{route}new/", create.as_view(), name=f"{name.rstrip('s')}-create"))
    return found


urlpatterns = [
    *listed("", v.NoticeList, "notices", create=v.NoticeCreate),
    *listed("receipts/", v.ReceiptList, "receipts"),
    path("receipts/<int:pk>/confirm/", v.ReceiptConfirm.as_view(), name="confirm"),
    *listed("liaisons/", v.LiaisonList, "liaisons", create=v.LiaisonCreate),
    path("liaisons/<int:pk>/", v.LiaisonEdit.as_view(), name="liaison-edit"),
    *listed("figures/", v.NoticeFigures, "figures"),
    *listed("links/", v.LinkList, "links", create=v.LinkCreate),
    path("links/<int:pk>/", v.LinkEdit.as_view(), name="link-edit"),
    path("links/<int:pk>/delete/", v.LinkDelete.as_view(), name="link-delete"),
    *listed("meetings/", v.MeetingList, "meetings", create=v.MeetingCreate),
    path("meetings/<int:pk>/", v.MeetingEdit.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/delete/", v.MeetingDelete.as_view(), name="meeting-delete"),
    *listed("sanlian/", v.SanlianFigures, "sanlian"),
    *listed("pairings/", v.PairingList, "pairings", create=v.PairingCreate),
    path("pairings/<int:pk>/", v.PairingDetail.as_view(), name="pairing"),
    path("problems/<int:pk>/solve/", v.ProblemSolve.as_view(), name="problem-solve"),
    *listed("pairing-figures/", v.PairingFigures, "pairing-figures"),
]
