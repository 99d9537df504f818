"""What organization life shows in the navigation bar and on the home's work list
(core.navigation, core.home): meetings due before their period ends, members absent
six months, 限期改正 cases falling due."""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse

from liangxin.core import roles
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.life import compliance, selectors
from liangxin.life.models import MeetingKind
from liangxin.organizations.models import PartyOrganization

NAV = [
    NavItem(
        label="组织生活",
        url_name="life:meetings",
        menu="organization_work",
        order=10,
        active_namespaces=("life",),
    ),
    NavItem(
        label="组织生活落实情况", url_name="life:compliance", menu="organization_work", order=20
    ),
    # The records pages (views_records) share one row of tabs; two ways in.
    NavItem(
        label="民主评议与谈心谈话", url_name="life:appraisals", menu="organization_work", order=30
    ),
    NavItem(label="学习教育与提示单", url_name="life:study", menu="organization_work", order=40),
]


def _may_record(user) -> bool:
    return roles.can_edit(user, "organizations")


def meetings_due_soon(user):
    """Organizations with a meeting of the period in progress not yet held, the period
    ending within ``life.reminder_days``; flagged ``due_<kind>`` with the kinds."""
    flags = compliance.due_soon_flags()
    if not flags:
        return PartyOrganization.objects.none()
    due = {f"due_{kind}": owing & not_held for kind, (owing, not_held, _end) in flags.items()}
    annotations = {
        name: ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in due.items()
    }
    any_due = Q(*due.values(), _connector=Q.OR)
    return PartyOrganization.objects.filter(any_due).annotate(**annotations).order_by("path")


def due_words(organization) -> str:
    kinds = [
        MeetingKind(name.removeprefix("due_")).label
        for name, value in vars(organization).items()
        if name.startswith("due_") and value
    ]
    return "、".join(kinds) + "未开"


def record_meeting_page(organization) -> str:
    return reverse("life:meeting-create") + f"?organization={organization.code}"


def member_page(member) -> str:
    return reverse("members:detail", args=[member.public_id])


TODOS = [
    Todo(
        key="life_due_soon",
        label="组织生活到期提醒（本期会议未开）",
        items=meetings_due_soon,
        url_name="life:compliance",
        item_url=record_meeting_page,
        item_note=due_words,
        shown_to=_may_record,
    ),
    Todo(
        key="life_absent_members",
        label="连续六个月未参加组织生活的党员",
        items=lambda user: selectors.absent_members(),
        url_name="life:absent",
        item_url=member_page,
        item_note=lambda member: member.organization.name,
        shown_to=_may_record,
    ),
    Todo(
        key="life_corrections_due",
        label="限期改正即将到期",
        items=lambda user: selectors.corrections_due(),
        url_name="life:absent",
        url_query="tab=corrections",
        item_label=lambda case: case.member.name,
        item_note=lambda case: f"期限 {case.due_on:%Y-%m-%d}",
        shown_to=_may_record,
    ),
]
