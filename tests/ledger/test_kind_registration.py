"""Ledger kinds come from the apps (slot ``ledger_kinds``), listed in the order users know."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from liangxin.core.contributions import slot
from liangxin.ledger.kinds import all_kinds, check_kind_names, kind_named


def test_kinds_keep_the_order_users_know():
    """INSTALLED_APPS lists mobility before dues; the ledger page does not."""
    assert list(all_kinds()) == [
        "regions",
        "enterprises",
        "organizations",
        "members",
        "instructors",
        "dues_bases",
        "contacts",
        "meetings",
    ]


def test_each_kind_comes_from_the_app_that_owns_its_model():
    for entry in slot("ledger_kinds").entries:
        assert entry.item.model._meta.app_label == entry.app_label


def test_unknown_kind_names_the_known_ones():
    with pytest.raises(ValueError, match="未知台账类型：nothing；可选：regions, enterprises"):
        kind_named("nothing")


def test_a_name_registered_twice_is_an_error(monkeypatch):
    ledger_kinds = slot("ledger_kinds")
    monkeypatch.setattr(ledger_kinds, "entries", [*ledger_kinds.entries, ledger_kinds.entries[0]])
    with pytest.raises(ImproperlyConfigured, match="台账类型重复登记：regions"):
        all_kinds()
    assert [error.id for error in check_kind_names()] == ["ledger.E001"]
    monkeypatch.undo()
    assert check_kind_names() == []
