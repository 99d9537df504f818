"""The trigger-kept unit facts follow every kind of write (DOMAIN.md §3's inputs).

The indicators read ``EnterpriseFacts``; if a write path left it behind, a
coverage rate would be wrong with no error anywhere. Each test writes one way
and compares the stored facts with a recomputation from the raw tables.
"""

import datetime

import pytest
from django.db import connection

from liangxin.coverage import facts
from liangxin.coverage.models import EnterpriseFacts
from liangxin.coverage.selectors import coverage_counts
from liangxin.members.models import Member
from liangxin.organizations.models import CoverageLink
from tests import factories as f
from tests.ledger.helpers import csv_bytes, run

TODAY = datetime.date(2026, 11, 21)


@pytest.fixture
def place(db):
    county = f.region("C", "县", "county")
    host = f.organization("ROOT", "党委", region=county, kind="committee")
    return county, host


def stored(enterprise) -> tuple:
    row = EnterpriseFacts.objects.filter(enterprise=enterprise).first()
    if row is None:
        return (0, 0, None, None, 0)
    return (
        row.employed_members,
        row.full_members,
        row.covered_until,
        row.own_org_until,
        row.active_instructors,
    )


def assert_consistent():
    assert facts.discrepancies() == []


class TestMembers:
    def test_a_new_member_counts_and_a_probationary_one_is_not_full(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        f.MemberFactory(organization=host, employer=unit)
        f.MemberFactory(
            organization=host, employer=unit, status="probationary", full_member_on=None
        )
        assert stored(unit)[:2] == (2, 1)
        assert_consistent()

    def test_departure_status_and_employer_changes_move_the_counts(self, place):
        county, host = place
        first, second = f.EnterpriseFactory(region=county), f.EnterpriseFactory(region=county)
        member = f.MemberFactory(organization=host, employer=first)
        member.employer = second
        member.save()
        assert stored(first)[:2] == (0, 0)
        assert stored(second)[:2] == (1, 1)
        member.flow_type = "departed"  # 离职 no longer counts as employed (§3)
        member.save()
        assert stored(second)[:2] == (0, 0)
        assert_consistent()

    def test_bulk_writes_and_queryset_updates_are_seen(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        made = [f.MemberFactory(organization=host, employer=None) for _ in range(4)]
        Member.objects.filter(pk__in=[m.pk for m in made]).delete()
        for member in made:  # the same rows again, in one multi-row INSERT
            member.pk, member.employer = None, unit
        Member.objects.bulk_create(made)
        assert stored(unit)[:2] == (4, 4)
        Member.objects.filter(employer=unit).update(status="probationary", full_member_on=None)
        assert stored(unit)[:2] == (4, 0)
        Member.objects.filter(employer=unit).delete()
        assert stored(unit)[:2] == (0, 0)
        assert_consistent()

    def test_a_ledger_import_of_members_is_seen(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        header = ["公民身份号码", "姓名", "所在党组织编码", "党员状态", "入党日期", "转正日期"]
        header.append("工作单位统一社会信用代码")
        rows = [
            [f.id_number(), f"党员{i}", host.code, "正式", "2010-07-01", "2011-07-01", unit.uscc]
            for i in range(3)
        ]
        result = run("members", csv_bytes([header, *rows]))
        assert result.bad_rows == []
        assert stored(unit)[:2] == (3, 3)
        assert coverage_counts(region=county, on=TODAY)["should_build"] == (0, 1)
        assert_consistent()


class TestOrganizations:
    def test_links_and_dissolution_give_the_covering_dates(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        branch = f.organization("B1", "支部", region=county, parent=host, covers=[unit])
        assert stored(unit)[2:4] == (datetime.date(9999, 12, 31),) * 2
        branch.dissolved_on = TODAY
        branch.save()
        assert stored(unit)[2:4] == (TODAY, TODAY)
        # Covered the day before its 撤销日期, not on the day itself.
        yesterday = TODAY - datetime.timedelta(days=1)
        assert coverage_counts(region=county, on=yesterday)["org_coverage"] == (1, 1)
        assert coverage_counts(region=county, on=TODAY)["org_coverage"] == (0, 1)
        assert_consistent()

    def test_a_kind_that_covers_nothing_and_a_removed_link(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        branch = f.organization(
            "B1", "联合支部", region=county, parent=host, kind="joint_branch",
            formation="joint", covers=[unit],
        )  # fmt: skip
        assert stored(unit)[2:4] == (datetime.date(9999, 12, 31), None)
        branch.kind = "group"  # 党小组 covers nothing (§3)
        branch.save()
        assert stored(unit)[2] is None
        branch.kind = "joint_branch"
        branch.save()
        CoverageLink.objects.filter(enterprise=unit).delete()
        assert stored(unit)[2] is None
        assert_consistent()

    def test_deleting_an_organization_uncovers_its_units(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        branch = f.organization("B1", "支部", region=county, parent=host, covers=[unit])
        branch.delete()
        assert stored(unit)[2] is None
        assert_consistent()


class TestInstructors:
    def test_assignment_and_leaving_the_post(self, place):
        county, _ = place
        unit = f.EnterpriseFactory(region=county)
        instructor = f.InstructorFactory(enterprises=[unit])
        assert stored(unit)[4] == 1
        instructor.active = False
        instructor.save()
        assert stored(unit)[4] == 0
        instructor.active = True
        instructor.save()
        instructor.enterprises.clear()
        assert stored(unit)[4] == 0
        assert_consistent()


class TestUnits:
    def test_deleting_a_unit_removes_its_facts(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        f.MemberFactory(organization=host, employer=unit)
        f.organization("B1", "支部", region=county, parent=host, covers=[unit])
        unit_id = unit.pk
        unit.delete()
        assert not EnterpriseFacts.objects.filter(enterprise_id=unit_id).exists()


class TestMaintenance:
    def test_rebuild_heals_a_tampered_row_and_discrepancies_names_it(self, place):
        county, host = place
        unit = f.EnterpriseFactory(region=county)
        f.MemberFactory(organization=host, employer=unit)
        EnterpriseFacts.objects.filter(enterprise=unit).update(employed_members=7)
        assert facts.discrepancies() == [unit.pk]
        facts.rebuild()
        assert stored(unit)[:2] == (1, 1)
        assert_consistent()

    def test_install_restores_a_dropped_trigger_and_rebuilds(self, place):
        # What a SQLite table rebuild in a later migration does to the triggers.
        county, host = place
        table, name = facts.trigger_names()[0]
        with connection.cursor() as cursor:
            on_table = "" if connection.vendor == "sqlite" else f" ON {table}"
            cursor.execute(f"DROP TRIGGER {name}{on_table}")
        unit = f.EnterpriseFactory(region=county)
        f.MemberFactory(organization=host, employer=unit)  # missed: no trigger
        assert facts.missing_triggers() == [name]
        assert facts.install() is True
        assert facts.missing_triggers() == []
        assert stored(unit)[:2] == (1, 1)
        f.MemberFactory(organization=host, employer=unit)
        assert stored(unit)[:2] == (2, 2)

    def test_the_command_checks_and_rebuilds(self, place, capsys):
        from django.core.management import CommandError, call_command

        county, host = place
        unit = f.EnterpriseFactory(region=county)
        f.MemberFactory(organization=host, employer=unit)
        call_command("coverage_facts", "--check")
        assert "一致" in capsys.readouterr().out
        EnterpriseFacts.objects.filter(enterprise=unit).update(full_members=0)
        with pytest.raises(CommandError, match="不一致"):
            call_command("coverage_facts", "--check")
        call_command("coverage_facts", "--rebuild")
        assert stored(unit)[:2] == (1, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["insert", "recount"])
def test_two_writers_at_once_both_count_on_postgresql(second):
    """Two transactions change the same unit's members at the same time (PostgreSQL).

    The first adds a member (its trigger adds to the unit's counts under the row
    lock); the second adds one too, or makes the existing member probationary
    (its trigger recounts). Either waits for the first transaction's lock, then
    works on the committed counts: every member counts, not just the ones each
    transaction could see when it wrote.
    """
    import threading
    import time

    from django.db import connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    county = f.region("C", "县", "county")
    host = f.organization("ROOT", "党委", region=county, kind="committee")
    unit = f.EnterpriseFactory(region=county)
    existing = f.MemberFactory(organization=host, employer=unit)  # the unit's row exists
    first_inserted, errors = threading.Event(), []

    def first_writer():
        try:
            with transaction.atomic():
                f.MemberFactory(organization=host, employer=unit)
                first_inserted.set()
                time.sleep(0.5)  # the second writer is now waiting for our lock
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    def second_writer():
        try:
            first_inserted.wait(5)
            with transaction.atomic():
                if second == "insert":
                    f.MemberFactory(organization=host, employer=unit)
                else:
                    Member.objects.filter(pk=existing.pk).update(
                        status="probationary", full_member_on=None
                    )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_writer), threading.Thread(target=second_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert stored(unit)[:2] == ((3, 3) if second == "insert" else (2, 1))
    assert_consistent()
