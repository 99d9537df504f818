"""Reads for dues: scoped lists, the collection summary, the unpaid alert and the totals.

Statistics are SQL aggregates (one GROUP BY each), never loops over rows.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, Substr

from liangxin.core import pii
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.validators import normalize_id_number
from liangxin.dues import amounts
from liangxin.dues.models import DuesBase, DuesMonth, DuesStatus
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.rules.values import rule_value

MEMBER_PII = ("member__id_number_cipher", "member__phone_cipher")
MONEY = DecimalField(max_digits=16, decimal_places=2)


def dues_base_list(*, user):
    queryset = DuesBase.objects.select_related("member", "member__organization", "set_by")
    return scoped(queryset.defer(*MEMBER_PII), user)


def dues_base_detail(*, user, pk) -> DuesBase:
    return get_scoped_or_404(dues_base_list(user=user), user, pk=pk)


def dues_month_list(*, user):
    queryset = DuesMonth.objects.select_related("member", "member__organization")
    return scoped(queryset.defer(*MEMBER_PII), user)


def dues_month_detail(*, user, pk) -> DuesMonth:
    return get_scoped_or_404(dues_month_list(user=user), user, pk=pk)


def member_by_id_number(*, user, id_number: str) -> Member | None:
    """A member in the user's scope found through the blind index (never a plaintext column)."""
    digest = pii.blind_index(normalize_id_number(id_number))
    return scoped(Member.objects.filter(id_number_digest=digest), user).first()


# --- the collection summary ------------------------------------------------------------------


def money(field: str, condition: Q | None = None):
    return Coalesce(Sum(field, filter=condition), Value(Decimal("0")), output_field=MONEY)


def summary_expressions() -> dict:
    """Counts and sums per status, plus what was due and what came in."""
    expressions = {
        "months": Count("id"),
        "due": money("amount_due"),
        "paid": money("amount_paid"),
    }
    for status in DuesStatus.values:
        condition = Q(status=status)
        expressions[f"{status}_count"] = Count("id", filter=condition)
        expressions[f"{status}_due"] = money("amount_due", condition)
    return expressions


def in_fen(row: dict) -> dict:
    """Sums to the fen. SQLite adds decimals as floats and hands back 90 or 120.0099…;
    PostgreSQL's NUMERIC is exact already, and quantizing it changes nothing."""
    return {k: amounts.to_fen(v) if isinstance(v, Decimal) else v for k, v in row.items()}


def collection_summary(queryset) -> dict:
    """One aggregate over the (scoped, filtered) month rows."""
    return in_fen(queryset.order_by().aggregate(**summary_expressions()))


# --- six consecutive months unpaid -----------------------------------------------------------


def period_expression():
    return F("year") * 12 + F("month") - 1


def unpaid_streaks(*, user, year: int, month: int):
    """Per member: the last N months up to (year, month) are all opened and all unpaid.

    N is dues.unpaid_alert_months (党章 第九条: six). A paid, reduced or waived
    month inside the window breaks the run; a month never opened does too,
    because nothing says it was due. Rows: member_id, first_unpaid,
    last_settled (period indexes), unpaid_due.
    """
    needed = rule_value("dues.unpaid_alert_months")
    end = amounts.period_index(year, month)
    unpaid = Q(status=DuesStatus.UNPAID, paid_on__isnull=True)
    return (
        scoped(DuesMonth.objects.all(), user)
        .annotate(period=period_expression())
        .filter(period__lte=end)
        .order_by()
        .values("member_id")
        .annotate(
            window_unpaid=Count("id", filter=unpaid & Q(period__gt=end - needed)),
            last_settled=Max("period", filter=~unpaid),
            first_unpaid=Min("period", filter=unpaid),
            unpaid_due=money("amount_due", unpaid & Q(period__gt=end - needed)),
        )
        .filter(window_unpaid__gte=needed)
    )


def alert_members(*, user, year: int, month: int):
    """The members to raise with their branch, as a Member queryset (paginate it)."""
    streaks = unpaid_streaks(user=user, year=year, month=month)
    members = Member.objects.select_related("organization").defer(
        "id_number_cipher", "phone_cipher"
    )
    return (
        scoped(members, user)
        .filter(pk__in=streaks.values("member_id"))
        .order_by("organization__path", "name", "id")
    )


def streak_details(*, user, year: int, month: int, member_ids) -> dict:
    """{member_id: {"since": (year, month), "months": n, "unpaid_due": Decimal}} for one page."""
    end = amounts.period_index(year, month)
    rows = unpaid_streaks(user=user, year=year, month=month).filter(member_id__in=member_ids)
    details = {}
    for row in rows:
        start = row["first_unpaid"]
        if row["last_settled"] is not None:
            start = max(start, row["last_settled"] + 1)
        details[row["member_id"]] = {
            "since": (start // 12, start % 12 + 1),
            "months": end - start + 1,
            "unpaid_due": amounts.to_fen(row["unpaid_due"]),
        }
    return details


# --- totals by organization subtree ----------------------------------------------------------


def grouping_depth(*, user, parent: PartyOrganization | None) -> int:
    """Children of ``parent``; without one, the shallowest organizations the user sees."""
    if parent is not None:
        return parent.depth + 1
    top = scoped(PartyOrganization.objects.all(), user).order_by().aggregate(d=Min("depth"))
    return top["d"] or 1


def totals_by_organization(*, user, year: int, month: int | None = None, parent=None) -> list:
    """[(organization or None, summary)] for each subtree at the grouping depth, one GROUP BY.

    ``organization`` is None when the subtree's root is outside the user's scope
    (a secretary of a sub-organization): its name is not shown.
    """
    depth = grouping_depth(user=user, parent=parent)
    width = depth * PartyOrganization.steplen
    rows = (
        _months(user, year, month)
        .filter(
            member__organization__path__startswith=parent.path if parent else "",
            member__organization__depth__gte=depth,
        )
        .annotate(prefix=Substr("member__organization__path", 1, width))
        .order_by()
        .values("prefix")
        .annotate(**summary_expressions())
        .order_by("prefix")
    )
    rows = list(rows)
    named = scoped(PartyOrganization.objects.filter(path__in=[r["prefix"] for r in rows]), user)
    by_path = {org.path: org for org in named}
    return [(by_path.get(row.pop("prefix")), in_fen(row)) for row in rows]


def subtree_total(*, user, year: int, month: int | None = None, parent=None) -> dict:
    queryset = _months(user, year, month)
    if parent is not None:
        queryset = queryset.filter(member__organization__path__startswith=parent.path)
    return collection_summary(queryset)


def totals_by_month(*, user, year: int, parent=None) -> list[dict]:
    """The year month by month (only months with rows), one GROUP BY."""
    queryset = _months(user, year, None)
    if parent is not None:
        queryset = queryset.filter(member__organization__path__startswith=parent.path)
    rows = queryset.order_by().values("month").annotate(**summary_expressions()).order_by("month")
    return [in_fen(row) for row in rows]


def _months(user, year: int, month: int | None):
    queryset = scoped(DuesMonth.objects.filter(year=year), user)
    return queryset.filter(month=month) if month else queryset
