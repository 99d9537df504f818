"""What each app adds to the platform, registered from its own ``AppConfig.ready()``.

The engines live on the ground floor or in the platform apps (scoping in
``core.scoping``, ledger kinds in ``ledger``, rules in ``rules``, the scheduler,
the home page); what they work on comes from the apps above them, each of which
registers its own share in ``ready()``::

    class MembersConfig(AppConfig):
        def ready(self):
            from liangxin.members import ledger, rules, scoping

            contribute(
                self,
                scope_rules=scoping.SCOPE_RULES,
                ledger_kinds=ledger.KINDS,
                rules=rules.RULES,
            )

So an app never edits a central table to be seen, and the engines never import
the apps (no arrow points down the wrong way). Every slot keeps the app that
gave each entry, so a command or page can list them all (``contributions``).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    app_label: str
    item: object


@dataclass
class Slot:
    """One kind of contribution: an ordered list of entries, in INSTALLED_APPS order."""

    name: str
    label: str
    entries: list[Entry] = field(default_factory=list)

    def add(self, app_label: str, items: Iterable) -> None:
        self.entries.extend(Entry(app_label, item) for item in items)

    def __iter__(self) -> Iterator:
        return (entry.item for entry in self.entries)

    def __len__(self) -> int:
        return len(self.entries)


SLOTS = {
    slot.name: slot
    for slot in (
        # (model, rule): which rows a user's scope reaches, core.scoping.
        Slot("scope_rules", "数据范围规则"),
        # ledger.kinds.LedgerKind instances: the import/export ledgers (DOMAIN.md §5).
        Slot("ledger_kinds", "台账类型"),
        # rules.catalog.Rule: a number from a regulation or local practice, with its source.
        Slot("rules", "规则参数"),
        # core.schedule.ScheduledJob: work run_scheduler starts when it falls due.
        Slot("scheduled_jobs", "定时任务"),
        # core.home.Card: a count on the home page of the roles that use the registries.
        Slot("dashboard_cards", "首页卡片"),
        # core.home.Todo: what is due or overdue for a user (home work list, navigation).
        Slot("todos", "待办事项"),
        # core.home.SearchSource: one kind of result of the search box, scoped.
        Slot("search", "搜索来源"),
        # core.pickers.PickerSource: a kind of record a form's picker chooses, scoped.
        Slot("pickers", "选择器"),
        # core.navigation.NavItem: a link to an app's page in the navigation bar.
        Slot("navigation", "导航"),
        # A callable taking LogEntry ids just written: the tamper-evident chain (audit).
        Slot("audit_sinks", "审计链"),
        # members.conflicts.Holders: records besides members that hold an ID number.
        Slot("id_number_holders", "身份号码持有记录"),
        # core.checklist_sources.ChecklistSource: what a checklist's auto items read.
        Slot("checklist_sources", "清单自动数据来源"),
        # An app label whose every table is what pages show: its writes bump the data
        # version the page cache keys on (core.data_version).
        Slot("versioned_apps", "页面缓存版本所含应用"),
        # A callable (anchors, seed) run by seed_demo after the generated dataset is written:
        # an app's own demo records (anchors: demo.accounts.DemoAnchors, the demo's codes).
        Slot("demo_seeders", "演示数据补充"),
    )
}


def contribute(app_config, **items: Iterable) -> None:
    """Add ``items`` to the named slots on behalf of ``app_config`` (from its ``ready()``)."""
    for name, values in items.items():
        if name not in SLOTS:
            raise LookupError(f"未知的登记类型：{name}；可选：{', '.join(SLOTS)}")
        SLOTS[name].add(app_config.label, values)


def slot(name: str) -> Slot:
    return SLOTS[name]
