"""Dates of things that have happened are refused ahead of today, on every path (issue 12).

A model lists them in ``dates_not_in_future`` and refuses them in ``clean()``
(core.validators.validate_dates_not_in_future), which the services' full_clean run
for the pages and the API; the ledger import refuses the same fields in the cell
(``LedgerKind.__init__``), in the same words, naming the column. 撤销日期 stays free:
an organization's dissolution may be planned (coverage counts it until that day).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core.validators import future_date_message, validate_dates_not_in_future
from liangxin.enterprises.models import Enterprise
from liangxin.ledger.kinds import all_kinds
from liangxin.members.models import Member
from liangxin.mobility.models import ContactLog
from liangxin.organizations.models import PartyOrganization
from tests.clients import assert_chinese_error, token_client
from tests.ledger.helpers import errors
from tests.ledger.test_reference_scope import IMPORTER, Codes, base_row, import_rows
from tests.personas.api.test_validation import enterprise, member

pytestmark = pytest.mark.django_db

# Every date field of every model a ledger kind writes is either refused ahead of today
# or listed here with the reason it may lie ahead.
MAY_LIE_AHEAD = {
    ("organizations", "dissolved_on"): "撤销日期 may be planned; coverage counts it until then",
    ("organizations", "term_started_on"): "a committee elected ahead of the handover",
    ("dues_bases", "set_on"): "set by the import itself (today)",
    ("meetings", "held_on"): "a planned meeting lies ahead; the ledger refuses it (held only)",
}

LIMITED_COLUMNS = [
    (kind.name, column.header, column.field)
    for kind in all_kinds().values()
    for column in kind.columns
    if column.field in getattr(kind.model, "dates_not_in_future", ())
]


def today() -> datetime.date:
    return timezone.localdate()


def tomorrow() -> datetime.date:
    return today() + datetime.timedelta(days=1)


def test_every_date_field_is_decided():
    for kind in all_kinds().values():
        limited = getattr(kind.model, "dates_not_in_future", ())
        for field in kind.model._meta.concrete_fields:
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                assert field.name in limited or (kind.name, field.name) in MAY_LIE_AHEAD, (
                    f"{kind.name}.{field.name}: may it lie ahead of today? decide and list it"
                )


def test_the_ledger_columns_cover_what_the_issue_names():
    headers = {(kind, header) for kind, header, _ in LIMITED_COLUMNS}
    assert {
        ("members", "入党日期"),
        ("members", "转正日期"),
        ("members", "出生日期"),
        ("enterprises", "成立日期"),
        ("organizations", "成立日期"),
        ("contacts", "联系日期"),
    } <= headers


@pytest.fixture
def codes(world):
    return Codes(world)


@pytest.mark.parametrize(("kind", "header", "field"), LIMITED_COLUMNS)
def test_the_ledger_refuses_a_future_date_naming_the_column(world, codes, kind, header, field):
    user = world.user(IMPORTER)
    row = base_row(kind, codes) | {header: tomorrow().isoformat()}
    result = import_rows(kind, [row], user)
    assert (header, f"{header}不能晚于今天") in [(c, r) for _, c, r in errors(result)]
    assert not result.written
    # the model refuses the field in the same words (the form and the API show these)
    model = all_kinds()[kind].model
    with pytest.raises(ValidationError) as refused:
        validate_dates_not_in_future(model(**{field: tomorrow()}))
    assert refused.value.message_dict == {field: [future_date_message(header)]}


@pytest.mark.parametrize(("kind", "header", "field"), LIMITED_COLUMNS)
def test_the_ledger_takes_today(world, codes, kind, header, field):
    row = base_row(kind, codes) | {header: today().isoformat()}
    if kind == "members" and header == "入党日期":
        row["转正日期"] = ""
    if kind == "members" and header == "出生日期":
        row["出生日期"] = ""  # derived from the ID number; today is refused by the number
    found = [(c, r) for _, c, r in errors(import_rows(kind, [row], world.user(IMPORTER)))]
    assert not [r for _, r in found if "晚于今天" in r], found


def test_a_planned_dissolution_is_taken(world, codes):
    row = base_row("organizations", codes) | {"撤销日期": tomorrow().isoformat()}
    result = import_rows("organizations", [row], world.user(IMPORTER))
    assert errors(result) == [] and result.written
    assert PartyOrganization.objects.get(code=row["组织编码"]).dissolved_on == tomorrow()


# --- the pages' services and the API refuse the same ----------------------------------------


@pytest.mark.parametrize("field", ["joined_on", "full_member_on"])
def test_the_member_api_refuses_a_future_date(world, field):
    client = token_client(world.user(IMPORTER))
    body = member(**{field: tomorrow().isoformat()})
    if field == "joined_on":
        body["full_member_on"] = None
        body["status"] = "probationary"
    before = Member.objects.count()
    response = client.post("/api/v1/members/", body, format="json")
    label = str(Member._meta.get_field(field).verbose_name)
    assert f"{label}不能晚于今天" in assert_chinese_error(response, field)
    assert Member.objects.count() == before


def test_the_member_service_refuses_a_future_birth_date(world):
    """The page's path (MemberForm → member_update → full_clean)."""
    from liangxin.members.services import member_update

    with pytest.raises(ValidationError) as refused:
        member_update(
            actor=world.user(IMPORTER), member=world.member_a, data={"birth_date": tomorrow()}
        )
    assert "出生日期不能晚于今天" in refused.value.message_dict["birth_date"]


def test_the_enterprise_api_refuses_a_future_registration(world):
    client = token_client(world.user(IMPORTER))
    response = client.post(
        "/api/v1/enterprises/", enterprise(registered_on=tomorrow().isoformat()), format="json"
    )
    assert assert_chinese_error(response, "registered_on") == ["成立日期不能晚于今天"]
    assert not Enterprise.objects.filter(registered_on=tomorrow()).exists()


def test_the_organization_service_refuses_a_future_establishment(world):
    from liangxin.organizations.services import organization_update

    with pytest.raises(ValidationError) as refused:
        organization_update(
            actor=world.user(IMPORTER),
            organization=world.org_a,
            data={"established_on": tomorrow()},
        )
    assert refused.value.message_dict["established_on"] == ["成立日期不能晚于今天"]
    world.org_a.refresh_from_db()
    assert world.org_a.established_on != tomorrow()


def test_the_organization_api_takes_a_planned_dissolution(world):
    client = token_client(world.user(IMPORTER))
    url = f"/api/v1/organizations/{world.org_a.code}/"
    response = client.patch(url, {"dissolved_on": tomorrow().isoformat()}, format="json")
    assert response.status_code == 200, response.content


def test_a_contact_log_refuses_a_future_day_in_its_clean(world):
    contact = ContactLog(member=world.member_a, contacted_on=tomorrow())
    with pytest.raises(ValidationError) as refused:
        contact.clean()
    assert refused.value.message_dict == {"contacted_on": ["联系日期不能晚于今天"]}
