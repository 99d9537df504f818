"""What Party dues show on the home page's work list (core.home: members unpaid for six
months) and in the navigation bar (core.navigation)."""

from urllib.parse import urlencode

from django.urls import reverse

from liangxin.core import roles
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.dues import selectors, services
from liangxin.dues.models import DuesStatus
from liangxin.dues.periods import previous_month

NAV = [
    NavItem(
        label="党费",
        url_name="dues:months",
        menu="members_work",
        order=30,
        active_namespaces=("dues",),
    )
]


def unpaid_for_months(user):
    """Members whose last dues.unpaid_alert_months months, up to last month, are all
    unpaid (党章 第九条), as the alerts page shows them by default."""
    year, month = previous_month()
    return selectors.alert_members(user=user, year=year, month=month)


def unpaid_months_page(member) -> str:
    # The member's organization's unpaid months, where 交纳、减免 are recorded.
    query = {"organization": member.organization.code, "status": DuesStatus.UNPAID}
    return reverse("dues:months") + "?" + urlencode(query)


TODOS = [
    Todo(
        key="dues_unpaid_streaks",
        label="连续六个月未交党费的党员",
        items=unpaid_for_months,
        url_name="dues:alerts",
        item_url=unpaid_months_page,
        item_note=lambda member: member.organization.name,
        shown_to=lambda user: roles.can_edit(user, services.EDIT_KIND),
    )
]
