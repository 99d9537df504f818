"""What the organization registry shows on the home page (core.home: its card, the to-do of
the organization warnings, the search source) and in the navigation bar (core.navigation)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from liangxin.core import roles
from liangxin.core.filters import text_search
from liangxin.core.home import Card, SearchSource, Todo
from liangxin.core.navigation import NavItem
from liangxin.core.pickers import or_initials
from liangxin.organizations import warnings
from liangxin.organizations.models import PartyOrganization

CARDS = [
    Card(
        key="organizations",
        label="党组织",
        rows=lambda user: PartyOrganization.objects.all(),
        url_name="organizations:list",
        icon="bi-flag",
    )
]

NAV = [
    NavItem(
        label="党组织",
        url_name="organizations:list",
        menu="registry",
        order=30,
        active_namespaces=("organizations",),
    ),
    # A tool over the registry: its page still marks 台账, where the organizations are.
    NavItem(label="组织设置提醒", url_name="organizations:warnings", menu="tools", order=20),
]


# --- to-do: the organization warnings (organizations.warnings), one list ---------------

# What each warning is called beside an organization on the work list; the full title
# with its number is on the warnings page (a warning added there shows as 其他提醒 here).
WARNING_WORDS = {
    "oversize": "党员人数超过上限",
    "no_committee": "未设支部委员会",
    "term": "换届到期",
    "joint_oversize": "覆盖单位过多",
    "general_branch_undersize": "党总支党员人数不足",
    "committee_undersize": "党委党员人数不足",
}


def _flagged(queryset):
    return Exists(queryset.filter(pk=OuterRef("pk")))


def warned_organizations(user):
    """Organizations in scope with at least one warning, each flagged with which ones."""
    every = PartyOrganization.objects.all()
    checks = warnings.COUNTED_WARNINGS.items()
    flags = {f"warn_{key}": _flagged(check(every)) for key, check in checks}
    flags["warn_term"] = _flagged(warnings.term_due_organizations(every))
    any_flag = Q(*[Q(**{name: True}) for name in flags], _connector=Q.OR)
    return (
        PartyOrganization.objects.select_related("region")
        .annotate(**flags)
        .filter(any_flag)
        .order_by("path")
    )


def warning_words(organization) -> str:
    found = [
        WARNING_WORDS.get(name.removeprefix("warn_"), "其他提醒")
        for name, value in vars(organization).items()
        if name.startswith("warn_") and value
    ]
    return "、".join(found)


def organization_edit_page(organization) -> str:
    # The edit form is where a committee, a term start or a parent is set right.
    return reverse("organizations:edit", args=[organization.code])


TODOS = [
    Todo(
        key="organization_warnings",
        label="组织设置提醒（换届、委员会、规模）",
        items=warned_organizations,
        url_name="organizations:warnings",
        item_url=organization_edit_page,
        item_note=warning_words,
        shown_to=lambda user: roles.can_edit(user, "organizations"),
    )
]


# --- search: organizations by name or code -----------------------------------------


def organizations_matching(user, text: str):
    found = text_search(PartyOrganization.objects.all(), ["name", "code"], text)
    return or_initials(found, text).order_by("path")


SEARCH = [
    SearchSource(
        key="organizations",
        label="党组织",
        matches=organizations_matching,
        result_url=lambda organization: reverse("organizations:detail", args=[organization.code]),
    )
]
