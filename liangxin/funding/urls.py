from django.urls import path

from liangxin.funding import views as v

app_name = "funding"


def listed(route: str, view, name: str):
    """A list and its xlsx export."""
    return [
        path(route, view.as_view(), name=name),
        path(f"{route}export/", view.as_view(export=True), name=f"{name}-export"),
    ]


urlpatterns = [
    *listed("", v.RuleList, "rules"),
    path("rules/new/", v.RuleCreate.as_view(), name="rule-create"),
    path("rules/<int:pk>/versions/new/", v.VersionCreate.as_view(), name="version-create"),
    *listed("budgets/", v.BudgetList, "budgets"),
    path("budgets/new/", v.BudgetCreate.as_view(), name="budget-create"),
    *listed("allocations/", v.AllocationList, "allocations"),
    path("allocations/generate/", v.Generate.as_view(), name="generate"),
    path("allocations/project/", v.ProjectCreate.as_view(), name="project-create"),
    path(
        "allocations/all/<str:kind>/",
        v.AllocationsMoveAll.as_view(),
        name="allocations-move-all",
    ),
    path("allocations/<int:pk>/", v.AllocationDetail.as_view(), name="allocation"),
    path("allocations/<int:pk>/<str:kind>/", v.AllocationMove.as_view(), name="allocation-move"),
    path("allocations/<int:pk>/expenses/new/", v.ExpenseCreate.as_view(), name="expense-create"),
    path(
        "allocations/<int:pk>/expenses/<int:expense_pk>/",
        v.ExpenseUpdate.as_view(),
        name="expense-update",
    ),
    path(
        "allocations/<int:pk>/expenses/<int:expense_pk>/delete/",
        v.ExpenseDelete.as_view(),
        name="expense-delete",
    ),
    path(
        "allocations/<int:pk>/receipts/<int:receipt_pk>/",
        v.ReceiptFile.as_view(),
        name="receipt",
    ),
    *listed("enterprise-funds/", v.EnterpriseFundingList, "enterprise-funds"),
    path(
        "enterprise-funds/new/",
        v.EnterpriseFundingCreate.as_view(),
        name="enterprise-fund-create",
    ),
    *listed("refunds/", v.RefundList, "refunds"),
    path("refunds/new/", v.RefundCreate.as_view(), name="refund-create"),
    path("refunds/<int:pk>/approve/", v.RefundApprove.as_view(), name="refund-approve"),
    *listed("summary/", v.SummaryPage, "summary"),
]
