"""The main navigation bar: its menus, and the links the apps put in them.

The menus are layout, so they are declared here; the links are the apps' own, each
contributed from ``AppConfig.ready()`` (core.contributions, slot ``navigation``)::

    contribute(self, navigation=home.NAV)

A link names the menu it belongs in, or none to stand in the bar itself. A user sees
a link when its ``shown_to`` says so (by default the roles that use the registries),
and a menu when they see at least one of its links: the three administrators of
三员分立 see no business menu at all.
"""

from collections.abc import Callable
from dataclasses import dataclass

from liangxin.core import roles
from liangxin.core.contributions import slot
from liangxin.core.jinja import url

Visibility = Callable[[object], bool]


@dataclass(frozen=True)
class Menu:
    """A dropdown in the bar; ``order`` places it among the bar's entries."""

    key: str
    label: str
    order: int


MENUS = (
    Menu("registry", "台账", order=20),
    Menu("members_work", "党员管理", order=30),
    Menu("organization_work", "组织建设", order=35),
    Menu("service_work", "助企服务", order=36),
    Menu("workforce_work", "队伍建设", order=37),
    Menu("cobuilding_work", "共建阵地", order=38),
    Menu("duty_work", "责任落实", order=39),
    Menu("report_work", "统计报告", order=40),
    Menu("tools", "工具", order=45),
)


@dataclass(frozen=True)
class NavItem:
    """A link to an app's page, in a menu (``menu``, a Menu key) or in the bar (None).

    ``order`` places it in its menu, or among the bar's entries when it has no menu.
    It is current on the pages of ``active_namespaces`` (URL namespaces) or, for a page
    outside any namespace, of ``active_url_names``; a link to a page that belongs to
    another section (a list of members' birthdays under 党员管理) names neither.
    """

    label: str
    url_name: str
    menu: str | None = None
    order: int = 0
    shown_to: Visibility = roles.can_view_registry
    divider_before: bool = False
    active_namespaces: tuple[str, ...] = ()
    active_url_names: tuple[str, ...] = ()
    icon: str = ""  # a Bootstrap Icons class, shown before the label of a link in the bar

    def is_current(self, namespace: str, url_name: str | None) -> bool:
        return namespace in self.active_namespaces or url_name in self.active_url_names


@dataclass(frozen=True)
class Link:
    """A link as the bar shows it to one user on one page."""

    item: NavItem
    url: str
    active: bool
    is_menu = False

    @property
    def label(self) -> str:
        return self.item.label

    @property
    def icon(self) -> str:
        return self.item.icon

    @property
    def divider_before(self) -> bool:
        return self.item.divider_before


@dataclass(frozen=True)
class Dropdown:
    """A menu with the links one user sees in it; active when one of them is current."""

    menu: Menu
    links: tuple[Link, ...]
    is_menu = True

    @property
    def label(self) -> str:
        return self.menu.label

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


def navigation_for(user, request) -> list[Link | Dropdown]:
    """The bar's entries for ``user`` on the page of ``request``, in order: links without
    a menu and the menus holding at least one link the user sees."""
    match = getattr(request, "resolver_match", None)
    namespace, url_name = (match.namespace, match.url_name) if match else ("", None)
    links_by_menu: dict[str | None, list[Link]] = {}
    for item in _shown_items(user):
        link = Link(item, url(item.url_name), item.is_current(namespace, url_name))
        links_by_menu.setdefault(item.menu, []).append(link)
    _refuse_unknown_menus(links_by_menu)
    entries = [(link.item.order, link) for link in links_by_menu.pop(None, [])]
    entries += [
        (menu.order, Dropdown(menu, tuple(links_by_menu[menu.key])))
        for menu in MENUS
        if menu.key in links_by_menu
    ]
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def _shown_items(user) -> list[NavItem]:
    shown = [item for item in slot("navigation") if item.shown_to(user)]
    return sorted(shown, key=lambda item: item.order)


def _refuse_unknown_menus(links_by_menu: dict) -> None:
    # A misspelt menu would hide its links without a word: say so on the first page.
    known = [menu.key for menu in MENUS]
    unknown = sorted(set(links_by_menu) - set(known) - {None})
    if unknown:
        raise LookupError(f"未知的导航菜单：{'、'.join(unknown)}；可选：{'、'.join(known)}")
