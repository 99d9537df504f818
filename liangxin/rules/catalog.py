"""Every number the platform takes from the Party's regulations, with its source.

Each app declares the rules it reads in its own ``rules.py`` (``RULES = [Rule(...)]``)
and registers them from ``AppConfig.ready()`` (``contribute(self, rules=rules.RULES)``,
slot ``rules``). Each rule names its source (../shared/design/RULES.md). Rules marked
``configurable`` differ in local practice: the value here is the default and a
district admin may change it (RuleSetting, read through ``liangxin.rules.values``);
the others are fixed by regulation.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core import checks
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured

from liangxin.core.contributions import Entry, slot


@dataclass(frozen=True)
class Rule:
    key: str  # "<section>.<name>"; the section orders the list (SECTION_ORDER)
    label: str
    default: int | list | str  # a str is a name a district renames (rules/labels.py)
    unit: str
    source: str
    configurable: bool = False
    # The national floor a district may not go below: a meeting every 3 months at the
    # least may be made more frequent, never rarer (WORK.md §8).
    at_most: int | None = None


CHARTER = "《中国共产党章程》"
BRANCH_REGULATION = "《中国共产党支部工作条例（试行）》2018"
SOE_REGULATION = "《中国共产党国有企业基层组织工作条例（试行）》2019 第四条"
TERM_OPINION = "中办《关于党的基层组织任期的意见》2018"
DEVELOPMENT = "《中国共产党发展党员工作细则》中办发〔2014〕33号"
DUES = "《关于中国共产党党费收缴、使用和管理的规定》中组发〔2008〕3号"
MOBILE_OPINION = "中办《关于加强和改进流动党员管理的意见》2024"

# The rules page and the API list the sections in the order of RULES.md, whatever
# the order the apps register in; a section not named here follows, in
# registration (INSTALLED_APPS) order, so a new app needs no edit here.
SECTION_ORDER = (
    "org",
    "dev",
    "age",
    "dues",
    "life",
    "mobile",
    "workforce",
    "training",
    "requests",
    "liaisons",
    "cobuilding",
    "funding",
    "duties",
    "label",
)


def section(key: str) -> str:
    return key.partition(".")[0]


def _position(entry: Entry) -> int:
    name = section(entry.item.key)
    return SECTION_ORDER.index(name) if name in SECTION_ORDER else len(SECTION_ORDER)


def duplicate_keys(entries: Iterable[Entry]) -> dict[str, list[str]]:
    """Keys registered more than once, with the apps that registered each."""
    apps_by_key: dict[str, list[str]] = {}
    for entry in entries:
        apps_by_key.setdefault(entry.item.key, []).append(entry.app_label)
    return {key: labels for key, labels in apps_by_key.items() if len(labels) > 1}


def index(entries: Iterable[Entry]) -> dict[str, Rule]:
    """Rules by key, in section order (stable: registration order within a section)."""
    entries = list(entries)
    duplicates = duplicate_keys(entries)
    if duplicates:
        raise ImproperlyConfigured(_duplicates_message(duplicates))
    return {entry.item.key: entry.item for entry in sorted(entries, key=_position)}


def _duplicates_message(duplicates: Mapping[str, list[str]]) -> str:
    found = "；".join(f"{key}（{'、'.join(labels)}）" for key, labels in duplicates.items())
    return f"规则重复登记：{found}"


@cache  # built once, after every app has registered its rules
def rules_by_key() -> Mapping[str, Rule]:
    if not apps.ready:
        raise AppRegistryNotReady("rules are read once every app has registered its own")
    return index(slot("rules").entries)


def all_rules() -> tuple[Rule, ...]:
    return tuple(rules_by_key().values())


def rule(key: str) -> Rule:
    return rules_by_key()[key]


def check_unique_keys(app_configs=None, **kwargs) -> list[checks.Error]:
    """A key registered twice stops every management command (runserver, migrate, check)."""
    return [
        checks.Error(_duplicates_message({key: labels}), id="rules.E001")
        for key, labels in duplicate_keys(slot("rules").entries).items()
    ]
