"""The auto item the platform answers from the dues ledger (core.checklist_sources):
"党费按时足额缴纳" (``dues.on_time``, named by the seeded rubrics of liangxin.ratings).

The rule is the one this app already keeps (RULES.md "Dues", 中组发〔2008〕3号 一、党费的
收缴: 党员应当按月交纳党费): a month's dues fall due within that month, and a month is late
only once it is over — ``periods.previous_month``, "this month's dues are not late yet",
which the unpaid-alert and totals pages start from. Paying late is allowed and recorded
(补交, at most ``dues.max_makeup_months``), but a made-up month was not paid on time.

So an organization meets it on ``as_of`` when every month of ``as_of``'s year that ended
before ``as_of``'s month, opened for one of its members, was by then

- paid in full (at least the payable amount: the approved amount after a 减交, else the amount
  due) on or before the month's last day, or
- 免交 with the higher committee's approval dated on or before ``as_of``;

and it has opened at least one such month this year (an organization keeping no ledger has
paid nothing on time; in January nothing has fallen due yet). A month never opened is not
counted as due, as in ``selectors.unpaid_streaks``.
"""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.core.dates import add_months
from liangxin.dues.models import DuesMonth, DuesStatus


def _ended_months(as_of: datetime.date) -> range:
    """The months of ``as_of``'s year already over: their dues can be late."""
    return range(1, as_of.month)


def _paid_within_its_month(months: range, year: int) -> Q:
    """paid_on up to the month's last day, one bound per month (no date arithmetic in SQL)."""
    first_days = {month: add_months(datetime.date(year, month, 1), 1) for month in months}
    return Q(*[Q(month=m, paid_on__lt=day) for m, day in first_days.items()], _connector=Q.OR)


def _settled_on_time(as_of: datetime.date) -> Q:
    months = _ended_months(as_of)
    paid = _paid_within_its_month(months, as_of.year) & Q(
        amount_paid__gte=Coalesce(F("approved_amount"), F("amount_due"))
    )
    waived = Q(status=DuesStatus.WAIVED, approved_on__lte=as_of)
    return paid | waived


def dues_on_time(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    """Ids of the organizations whose members paid every ended month of the year on time."""
    months = _ended_months(as_of)
    if not months:  # January: no month of the year has ended, nothing is late yet
        return set(organizations.order_by().values_list("id", flat=True))
    due = DuesMonth.objects.filter(
        member__organization_id=OuterRef("pk"), year=as_of.year, month__in=months
    )
    late = due.exclude(_settled_on_time(as_of))
    return set(
        organizations.filter(Exists(due))
        .exclude(Exists(late))
        .order_by()
        .values_list("id", flat=True)
    )


SOURCES = [
    ChecklistSource(
        key="dues.on_time",
        label="党费按时足额缴纳",
        met=dues_on_time,
        missing=(
            "本年度有党员未按月足额交纳党费，或未生成党费台账："
            "请在党费台账中登记交纳或办理减免审批，并督促党员按月交纳"
        ),
    )
]
