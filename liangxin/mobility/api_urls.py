"""API routes of this app, included under /api/v1/ by liangxin/api/urls.py.

``contacts`` is named as its ledger kind (DOMAIN.md §5); the work lists live
under ``mobility/``.
"""

from rest_framework.routers import SimpleRouter

from liangxin.mobility import api

router = SimpleRouter()
router.register("dual-agreements", api.AgreementViewSet, basename="dual-agreement")
router.register("contacts", api.ContactViewSet, basename="contact")
router.register("inflow-registrations", api.RegistrationViewSet, basename="inflow-registration")
router.register("inflow-persons", api.InflowPersonViewSet, basename="inflow-person")
router.register("transfers", api.TransferViewSet, basename="transfer")
router.register("mobility/overdue-contacts", api.OverdueContactViewSet, basename="mobility-overdue")
router.register(
    "mobility/should-transfer", api.ShouldTransferViewSet, basename="mobility-should-transfer"
)
router.register("mobility/departed", api.DepartedOpenViewSet, basename="mobility-departed")
router.register(
    "mobility/inflow-without-agreement",
    api.InflowWithoutAgreementViewSet,
    basename="mobility-inflow-without-agreement",
)

urlpatterns = router.urls
