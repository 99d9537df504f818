"""What each list shows and exports: its selector, columns (header, cell), search fields
and filters; the page and the xlsx export read the same spec, so they never disagree."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from liangxin.servicelists import permissions, selectors
from liangxin.servicelists.models import Group, NeedState, OutcomeKind


@dataclass(frozen=True)
class ListSpec:
    title: str
    selector: Callable
    columns: list[tuple[str, Callable]]
    add_url: str = ""
    add_label: str = ""
    may_add: Callable = permissions.can_keep
    link: Callable | None = None  # the row's page, shown on the first column
    search: tuple[str, ...] = ()
    search_hint: str = ""
    # (GET name, lookup, allowed values with labels or a function giving them, the label)
    filters: list[tuple[str, str, dict, str]] = field(default_factory=list)
    prefetch: tuple[str, ...] = ()


def _date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _offer(need) -> str:
    match = getattr(need, "match", None)
    return str(match.offer) if match else ""


def _beneficiaries(need):
    match = getattr(need, "match", None)
    record = getattr(match, "record", None) if match else None
    return record.beneficiaries if record else ""


def _outcome(kind: str) -> Callable:
    def cell(event):
        found = {o.kind: o.value for o in event.outcomes.all()}
        value = found.get(kind)
        return "" if value is None else (int(value) if value == int(value) else float(value))

    return cell


NEEDS = ListSpec(
    title="需求清单",
    selector=selectors.need_list,
    columns=[
        ("提出日期", lambda n: _date(n.received_on)),
        ("提出方", lambda n: n.get_requester_kind_display()),
        ("提出人", lambda n: n.requester_name),
        ("需求内容", lambda n: n.item),
        ("类别", lambda n: n.category_name or n.category),
        ("服务对象", lambda n: n.get_group_display()),
        ("所属区域", lambda n: n.region.name),
        ("状态", lambda n: n.get_state_display()),
        ("对接资源或服务", _offer),
        ("受益人数", _beneficiaries),
    ],
    add_url="servicelists:need-create",
    add_label="登记需求",
    may_add=permissions.can_record,
    link=lambda n: reverse("servicelists:need", args=[n.pk]),
    search=("item", "requester_name"),
    search_hint="需求内容或提出人",
    filters=[
        ("state", "state", dict(NeedState.choices), "状态"),
        ("group", "group", dict(Group.choices), "服务对象"),
        ("category", "category", selectors.active_categories, "类别"),
    ],
)

RESOURCES = ListSpec(
    title="资源清单",
    selector=selectors.resource_list,
    columns=[
        ("所属区域", lambda r: r.region.name),
        ("提供单位", lambda r: r.provider_name),
        ("资源项目", lambda r: r.item),
        ("可提供量", lambda r: r.capacity),
        ("服务对象", lambda r: r.get_group_display()),
        ("可用", lambda r: _yes(r.active)),
        ("说明", lambda r: r.note),
    ],
    add_url="servicelists:resource-create",
    add_label="登记资源",
    link=lambda r: reverse("servicelists:resource-edit", args=[r.pk]),
    search=("item", "provider_name"),
    search_hint="资源项目或提供单位",
    filters=[("group", "group", dict(Group.choices), "服务对象")],
)

MENU = ListSpec(
    title="服务菜单",
    selector=selectors.service_item_list,
    columns=[
        ("服务对象", lambda i: i.get_group_display()),
        ("服务项目", lambda i: i.title),
        ("提供单位", lambda i: i.provider_name),
        ("所属区域", lambda i: i.region.name),
        ("办理流程", lambda i: " → ".join(i.steps)),
        ("上架", lambda i: _yes(i.active)),
    ],
    add_url="servicelists:item-create",
    add_label="新增服务项目",
    link=lambda i: reverse("servicelists:item-edit", args=[i.pk]),
    search=("title", "provider_name"),
    search_hint="服务项目或提供单位",
    filters=[("group", "group", dict(Group.choices), "服务对象")],
)

ACTIVITIES = ListSpec(
    title="阵地活动",
    selector=selectors.activity_list,
    columns=[
        ("活动日期", lambda a: _date(a.held_on)),
        ("活动类型", lambda a: a.activity_type.name),
        ("活动名称", lambda a: a.title),
        ("活动地点", lambda a: a.place.name if a.place_id else a.place_name),  # 阵地 first
        ("所属区域", lambda a: a.region.name),
        ("组织单位", lambda a: a.organizer.name if a.organizer else ""),
        ("参加人数", lambda a: a.participants),
        ("对应服务项目", lambda a: a.service_item.title if a.service_item else ""),
        ("活动内容", lambda a: a.note),
    ],
    add_url="servicelists:activity-create",
    add_label="登记活动",
    may_add=permissions.can_record,
    link=lambda a: reverse("servicelists:activity-edit", args=[a.pk]),
    search=("title", "place_name"),
    search_hint="活动名称或地点",
)

EVENTS = ListSpec(
    title="服务活动",
    selector=selectors.event_list,
    columns=[
        ("活动日期", lambda e: _date(e.held_on)),
        ("活动类型", lambda e: e.event_type.name),
        ("活动名称", lambda e: e.title),
        ("所属区域", lambda e: e.region.name),
        ("主办单位", lambda e: e.organizer_name),
        ("参加企业（家）", lambda e: e.linked + e.other_enterprises),
        *((label, _outcome(kind)) for kind, label in OutcomeKind.choices),
    ],
    add_url="servicelists:event-create",
    add_label="登记服务活动",
    link=lambda e: reverse("servicelists:event", args=[e.pk]),
    search=("title", "organizer_name"),
    search_hint="活动名称或主办单位",
    prefetch=("outcomes",),
)

KINDS = {
    "needs": NEEDS,
    "resources": RESOURCES,
    "menu": MENU,
    "activities": ACTIVITIES,
    "events": EVENTS,
}
