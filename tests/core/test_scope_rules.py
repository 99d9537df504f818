"""The scoping rules are contributed by the apps and printed as one auditable list."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from liangxin.core.contributions import slot
from liangxin.core.scoping import scoped
from liangxin.ledger.kinds import all_kinds


def printed_rules() -> list[list[str]]:
    out = StringIO()
    call_command("scope_rules", stdout=out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_the_command_prints_every_registered_rule_with_its_app():
    lines = printed_rules()
    assert len(lines) == len(slot("scope_rules"))
    pairs = {(model, app) for model, app, *_ in lines}
    # An enterprise is reached through its region and through the organizations covering it:
    # one rule from each app that knows the way in.
    assert ("enterprises.Enterprise", "enterprises") in pairs
    assert ("enterprises.Enterprise", "organizations") in pairs
    assert ("members.Member", "members") in pairs


def test_every_model_a_ledger_kind_writes_has_a_rule():
    ruled = {model for model, _rule in slot("scope_rules")}
    for kind in all_kinds().values():
        assert kind.model in ruled, kind.name


def test_every_model_of_a_domain_app_with_pages_is_ruled_or_deliberately_unscoped():
    """A new model of an app with pages needs a rule, or a reason here to have none."""
    unscoped = {
        # shown only through a record that is scoped (the case, the transfer, the month,
        # the organization) or as a whole vocabulary
        "development.CaseStep",
        "mobility.TransferEvent",
        "dues.DuesEvent",
        "organizations.CoverageLink",
        "enterprises.EnterpriseTag",
        # read by the coverage engine for a region the user's scope allows (coverage.access)
        "coverage.EnterpriseFacts",
        "coverage.CoverageSnapshot",
        "coverage.IndicatorGoal",
    }
    ruled = {model._meta.label for model, _rule in slot("scope_rules")}
    for config in apps.get_app_configs():
        if not getattr(config, "url_prefix", None) or config.label in {
            "accounts",
            "ledger",
            "rules",
            "audit",
        }:
            continue
        for model in config.get_models():
            label = model._meta.label
            if label not in ruled and label not in unscoped and not model._meta.auto_created:
                pytest.fail(f"{label} has no scoping rule")


@pytest.mark.django_db
def test_a_model_without_a_rule_shows_nothing_and_says_so(world):
    with pytest.raises(LookupError, match="no scoping rule"):
        scoped(ContentType.objects.all(), world.user("district_admin"))
