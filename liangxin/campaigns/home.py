"""What the campaigns show in the navigation bar (menu 组织建设) and on the to-do list: the
摸底 rows a grid officer (or town admin) still has to confirm."""

from django.urls import reverse

from liangxin.campaigns import permissions, selectors
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="专项行动",
        divider_before=True,
        url_name="campaigns:campaigns",
        menu="organization_work",
        order=75,  # after 标准化建设 and its 督查/整改 (50–70), before 党建品牌 (80)
        active_namespaces=("campaigns",),
    ),
    # A grid officer's way to the rows of their grid.
    NavItem(
        label="摸底排查确认",
        url_name="campaigns:my-round",
        menu="organization_work",
        order=76,
        shown_to=permissions.is_grid_officer,
    ),
]

TODOS = [
    Todo(
        key="campaigns_round_pending",
        label="摸底排查待确认企业",
        items=selectors.pending_rows_of_running_rounds,
        url_name="campaigns:my-round",
        item_url=lambda row: reverse("campaigns:round-rows", args=[row.round_id]),
        item_label=lambda row: row.enterprise.name,
        item_note=lambda row: row.round.campaign.title,
        shown_to=permissions.can_confirm,
    )
]
