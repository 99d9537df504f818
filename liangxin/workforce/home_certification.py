"""Navigation links of certification, honours and allowances (core.navigation) and the to-do
of applications waiting for their next step (core.home; the engine scopes the rows)."""

from django.urls import reverse

from liangxin.core import roles
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.workforce import selectors_certification as sel
from liangxin.workforce.models_people import Certification

NAV = [
    NavItem(
        label="职业化认证", url_name="instructors:certifications", menu="workforce_work", order=62
    ),
    NavItem(label="荣誉", url_name="instructors:honours", menu="workforce_work", order=63),
    NavItem(label="津贴", url_name="instructors:allowances", menu="workforce_work", order=64),
]


def _waiting(user):
    """Applications in their steps; 社会公示 ones wait for the district (发证 / 登记)."""
    rows = Certification.objects.select_related("worker").filter(state__in=sel.IN_PROGRESS)
    if not sel.is_district_admin(user):
        rows = rows.exclude(state="publicized")
    return rows.order_by("applied_on", "id")


TODOS = [
    Todo(
        key="workforce_certifications_waiting",
        label="认证申报待办理",
        items=_waiting,
        url_name="instructors:certifications",
        item_url=lambda c: reverse("instructors:certification", args=[c.pk]),
        item_label=lambda c: f"{c.worker.name} · {c.get_level_display()}",
        item_note=lambda c: c.get_state_display(),
        shown_to=lambda user: roles.can_edit(user, "instructors"),
    )
]
