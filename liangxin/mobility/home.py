"""What mobile members and transfers show on the home page's work list (core.home: overdue
contacts, open transfers) and in the navigation bar (core.navigation)."""

from django.urls import reverse

from liangxin.core import roles
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.mobility import selectors, services

NAV = [
    NavItem(
        label="流动党员与组织关系转接",
        url_name="mobility:overview",
        menu="members_work",
        order=20,
        active_namespaces=("mobility",),
    )
]


# --- to-dos: floating members to contact, transfers under way -------------------------


def acts_on_members(user) -> bool:
    # Contacts and transfers belong to the member's record (mobility.services.EDIT_KIND).
    return roles.can_edit(user, services.EDIT_KIND)


def contact_page(member) -> str:
    return reverse("mobility:contact-create") + f"?member={member.public_id}"


def last_contact_note(member) -> str:
    if member.last_contacted_on:
        return f"最近联系 {member.last_contacted_on:%Y-%m-%d}"
    return "从未联系"


def transfer_page(transfer) -> str:
    return reverse("mobility:transfer", args=[transfer.public_id])


TODOS = [
    Todo(
        key="mobility_overdue_contacts",
        label="逾期未联系的流动党员",
        items=lambda user: selectors.overdue_contacts(user=user),
        url_name="mobility:overdue",
        item_url=contact_page,
        item_note=last_contact_note,
        shown_to=acts_on_members,
    ),
    Todo(
        key="mobility_open_transfers",
        label="办理中的组织关系介绍信",
        items=lambda user: selectors.transfers_in_transit(user=user).order_by("valid_until", "id"),
        url_name="mobility:transfers",
        url_query="state=open",
        item_url=transfer_page,
        item_label=lambda transfer: f"{transfer.holder_name} · {transfer}",
        item_note=lambda transfer: f"有效期至 {transfer.valid_until:%Y-%m-%d}",
        shown_to=acts_on_members,
    ),
]
