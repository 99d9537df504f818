"""What ratings show in the navigation bar, on the home's cards and to-do list."""

from django.urls import reverse

from liangxin.core.home import Card, Todo
from liangxin.core.navigation import NavItem
from liangxin.ratings import permissions, queries

NAV = [
    NavItem(
        label="评星定级",
        url_name="ratings:index",
        menu="organization_work",
        order=100,
        divider_before=True,
        active_namespaces=("ratings",),
    ),
    NavItem(label="星级分布", url_name="ratings:distribution", menu="organization_work", order=110),
]

CARDS = [
    Card(
        key="starred_organizations",
        label="星级党组织",
        rows=queries.starred_organizations,
        url_name="ratings:distribution",
        icon="bi-star",
    )
]


def _rating_url(rating) -> str:
    return reverse("ratings:rating", args=[rating.pk])


def _label(rating) -> str:
    return rating.organization.name


def _note(rating) -> str:
    return f"{rating.cycle.year}年 {rating.get_state_display()}"


def _todo(key: str, label: str, items, shown_to) -> Todo:
    return Todo(
        key=key,
        label=label,
        items=items,
        url_name="ratings:cycles",  # a list page (the index redirects a secretary)
        item_url=_rating_url,
        item_label=_label,
        item_note=_note,
        shown_to=shown_to,
    )


def _self_assesses(user) -> bool:
    # The organization's own work: the secretary (the district and towns fill in for
    # one without an account, but it is not their to-do).
    return permissions.can_self_assess(user) and not permissions.can_review(user)


def _town_reviews(user) -> bool:
    return permissions.can_review(user) and not permissions.can_approve(user)


TODOS = [
    _todo("ratings_self", "待填写的评星定级自评", queries.to_self_assess, _self_assesses),
    _todo("ratings_review", "待镇（园区）审核的评星定级", queries.to_review, _town_reviews),
    _todo("ratings_approve", "待区审定的评星定级", queries.to_approve, permissions.can_approve),
    Todo(
        key="rating_objections",
        label="待答复的公示异议",
        items=queries.to_answer,
        url_name="ratings:cycles",
        item_url=lambda objection: _rating_url(objection.rating),
        item_label=lambda objection: objection.rating.organization.name,
        item_note=lambda objection: f"{objection.received_on:%Y-%m-%d} 收到：{objection.text[:20]}",
        shown_to=permissions.can_approve,
    ),
    Todo(
        key="ratings_stars_recheck",
        label="星级待复核（整改逾期）",
        items=queries.stars_to_recheck,
        url_name="ratings:distribution",
        item_url=lambda organization: reverse("ratings:history", args=[organization.code]),
        item_note=lambda organization: f"现为{organization.star_level}星，有逾期未销号的整改",
        shown_to=permissions.can_approve,
    ),
]
