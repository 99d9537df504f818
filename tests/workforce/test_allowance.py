"""The yearly allowance list (WORK.md §4 Rules and Defaults): 特级 9,600 a year and an honour
allowance up to 5,000 for a city-level-or-higher honour of the year [L:张家港]; benefits only
if the assessment is at least 称职 [L:晋江]; 年检 passed; computed rows replaced, approved and
paid rows never touched; the payment export with its total."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.workforce import allowances
from liangxin.workforce.models_people import Allowance, AllowanceRule, Honour
from tests.workforce.test_cert_support import (  # noqa: F401
    assessed,
    checked,
    defaults,
    issued,
    worker,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("defaults")]

D = datetime.date
Y = 2025
MID_YEAR = D(Y, 7, 1)


def honour(person, level="city", title="市级优秀党务工作者", day=MID_YEAR):
    return Honour.objects.create(
        worker=person, title=title, level=level, awarded_by="市委组织部", awarded_on=day
    )


def special(world, name="特级甲", grade="competent", passed=True):
    person = worker(world.grid_a, name, pioneer_craftsman=True)
    cert = issued(person, "special", issued_on=D(Y - 1, 6, 1))
    assessed(person, Y, grade)
    checked(cert, Y, passed)
    return person


def table(world, year=Y, persona="district_admin"):
    workers = allowances.workers_in(user=world.user(persona), year=year)
    result = allowances.compute(year, workers)
    lines = {(line.worker.name, line.kind): line.amount for line in result.lines}
    refused = {(r.worker.name, r.kind): r.reason for r in result.refused}
    return lines, refused, result


def compute(world, persona="district_admin"):
    return allowances.allowances_compute(actor=world.user(persona), year=Y)


class TestAmounts:
    def test_special_with_a_city_honour(self, world):
        # [L:张家港] 特级 9,600 a year + ≤ 5,000 for a city-level+ honour of the year
        honour(special(world))
        lines, refused, result = table(world)
        assert lines == {
            ("特级甲", "certification"): Decimal("9600"),
            ("特级甲", "honour"): Decimal("5000"),
        }
        basis = {line.kind: line.basis for line in result.lines}
        assert basis["certification"] == f"特级；{Y}年度考核称职；年检合格"
        assert "市级荣誉“市级优秀党务工作者”5000元" in basis["honour"]

    def test_two_city_honours_are_capped_at_5000(self, world):
        person = special(world)
        honour(person)
        honour(person, title="市级五一劳动奖章", day=D(Y, 5, 1))
        lines, _refused, result = table(world)
        assert lines[("特级甲", "honour")] == Decimal("5000")  # not 10,000
        assert "封顶5000元" in next(x.basis for x in result.lines if x.kind == "honour")

    def test_a_county_honour_earns_nothing(self, world):
        honour(special(world), level="county", title="区优秀共产党员")
        lines, refused, _result = table(world)
        assert ("特级甲", "honour") not in lines
        assert "未达到荣誉津贴的级别" in refused[("特级甲", "honour")]

    def test_an_honour_of_another_year_earns_nothing(self, world):
        honour(special(world), day=D(Y - 1, 12, 31))
        lines, _refused, _result = table(world)
        assert ("特级甲", "honour") not in lines

    def test_incompetent_gets_no_allowance(self, world):
        # [L:晋江] benefits only if ≥ 称职
        honour(special(world, grade="incompetent"))
        lines, refused, _result = table(world)
        assert lines == {}
        assert refused[("特级甲", "certification")] == f"特级；{Y}年度考核不称职，低于称职"
        assert refused[("特级甲", "honour")] == f"{Y}年度考核不称职，低于称职"

    def test_no_assessment_is_not_eligible_and_says_so(self, world):
        person = worker(world.grid_a, "未考核")
        checked(issued(person, "special", issued_on=D(Y - 1, 6, 1)), Y)
        lines, refused, _result = table(world)
        assert lines == {}
        assert refused[("未考核", "certification")] == f"特级；{Y}年度无考核结果"

    def test_a_failed_annual_check_gets_no_certification_allowance(self, world):
        special(world, passed=False)
        lines, refused, _result = table(world)
        assert lines == {}
        assert refused[("特级甲", "certification")] == f"特级；{Y}年度年检不合格"

    def test_a_level_without_an_amount_is_named(self, world):
        # 初/中/高 amounts stay empty until the district enters them (WORK.md §4 Defaults)
        person = worker(world.grid_a, "初级乙")
        checked(issued(person, "junior", issued_on=D(Y - 1, 6, 1)), Y)
        assessed(person, Y)
        _lines, refused, _result = table(world)
        assert refused[("初级乙", "certification")] == "初级：尚未设定津贴标准"

    def test_the_highest_level_in_force_counts(self, world):
        person = special(world)
        issued(person, "senior", issued_on=D(Y - 3, 1, 1), number="old-senior")
        lines, _refused, _result = table(world)
        assert lines[("特级甲", "certification")] == Decimal("9600")

    def test_a_certificate_expiring_on_the_check_date_counts_for_the_year(self, world):
        person = worker(world.grid_a, "到期丙")
        cert = issued(person, "special", issued_on=D(Y - 3, 11, 21), valid_until=D(Y, 11, 20))
        checked(cert, Y, day=D(Y, 11, 20))
        assessed(person, Y)
        lines, _refused, _result = table(world)
        assert lines[("到期丙", "certification")] == Decimal("9600")

    def test_another_towns_workers_stay_out_of_the_town_list(self, world):
        honour(special(world))
        other = worker(world.grid_b, "开发区丁")
        checked(issued(other, "special", issued_on=D(Y - 1, 6, 1)), Y)
        assessed(other, Y)
        town_a, _r, _x = table(world, persona="town_a_admin")
        assert {name for name, _kind in town_a} == {"特级甲"}
        district, _r, _x = table(world)
        assert {name for name, _kind in district} == {"特级甲", "开发区丁"}


class TestWrites:
    def test_only_the_district_computes(self, world):
        with pytest.raises(PermissionDenied):
            compute(world, "town_a_admin")

    def test_recompute_replaces_computed_rows_and_never_touches_paid(self, world):
        person = special(world)
        honour(person)
        assert compute(world).written == 2
        certification = Allowance.objects.get(kind="certification")
        certification.state = "paid"
        certification.save()
        rule = AllowanceRule.objects.get(kind="certification", cert_level="special")
        with pytest.raises(ValidationError) as caught:  # a rule behind paid rows stays as it was
            allowances.allowance_rule_save(
                actor=world.user("district_admin"), rule=rule, data={"amount": Decimal("1")}
            )
        assert "不能修改" in " ".join(caught.value.messages)
        AllowanceRule.objects.filter(pk=rule.pk).update(amount=Decimal("1"))
        report = compute(world)
        assert report.written == 1 and [row.pk for row in report.kept] == [certification.pk]
        certification.refresh_from_db()
        assert (certification.state, certification.amount) == ("paid", Decimal("9600"))
        assert Allowance.objects.get(kind="honour").state == "computed"
        assert Allowance.objects.count() == 2

    def test_approve_then_paid(self, world):
        honour(special(world))
        compute(world)
        assert allowances.allowances_approve(actor=world.user("district_admin"), year=Y) == 2
        with pytest.raises(ValidationError) as caught:
            allowances.allowances_approve(actor=world.user("district_admin"), year=Y)
        assert "没有待审批" in " ".join(caught.value.messages)
        assert allowances.allowances_mark_paid(actor=world.user("district_admin"), year=Y) == 2
        assert set(Allowance.objects.values_list("state", flat=True)) == {"paid"}

    def test_the_page_recompute_names_the_rows_it_kept(self, world, login):
        special(world)
        district = login("district_admin")
        url = reverse("instructors:allowance-action", args=["compute"])
        district.post(url, {"year": Y})
        Allowance.objects.update(state="approved")
        page = district.post(url, {"year": Y}, follow=True).content.decode()
        assert "以下津贴已审批或已发放，未重新核算：特级甲（认证津贴）" in page
        assert login("town_a_admin").post(url, {"year": Y}).status_code == 403

    def test_the_export_opens_and_its_total_is_the_sum(self, world, login):
        honour(special(world))
        compute(world)
        response = login("town_a_admin").get(reverse("instructors:allowances-export"), {"year": Y})
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        rows = sheet.get_sheet_by_index(0).to_python()
        header = rows.index(["姓名", "所属区域", "类型", "依据", "金额", "状态"])
        body, total = rows[header + 1 : -1], rows[-1]
        assert [(r[0], r[2], r[4], r[5]) for r in body] == [
            ("特级甲", "认证津贴", 9600, "已核算"),
            ("特级甲", "荣誉津贴", 5000, "已核算"),
        ]
        assert total[0] == "合计" and total[4] == 14600 == sum(r[4] for r in body)

    def test_the_list_page_shows_lines_and_refusals_and_is_scoped(self, world, login):
        honour(special(world))
        county = worker(world.grid_a, "县级荣誉")
        honour(county, level="county", title="区优秀共产党员")
        compute(world)
        page = login("town_a_admin").get(reverse("instructors:allowances"), {"year": Y})
        text = page.content.decode()
        assert "特级；" in text and "14,600.00" in text and "未达到荣誉津贴的级别" in text
        other = login("town_b_admin").get(reverse("instructors:allowances"), {"year": Y})
        assert "特级甲" not in other.content.decode()


class TestRulesPage:
    def test_rules_show_their_source_and_the_district_edits(self, world, login):
        page = login("town_a_admin").get(reverse("instructors:allowance-rules")).content.decode()
        assert "[L:张家港] 特级党务工作者每年津贴9600元" in page
        assert "9,600 元/年" in page
        rule = AllowanceRule.objects.get(kind="certification", cert_level="special")
        url = reverse("instructors:allowance-rule-edit", args=[rule.pk])
        assert login("town_a_admin").get(url).status_code == 403
        data = {
            "kind": "certification", "cert_level": "special", "honour_level": "",
            "amount": "10000", "cap": "", "requires_assessment": "competent",
            "requires_annual_check": "on", "effective_from": "2021", "effective_to": "",
            "source": "区两新工委2026年调整",
        }  # fmt: skip
        assert login("district_admin").post(url, data).status_code == 302
        rule.refresh_from_db()
        assert rule.amount == Decimal("10000") and rule.source == "区两新工委2026年调整"

    def test_a_rule_without_source_or_level_is_refused(self, world):
        with pytest.raises(ValidationError) as caught:
            allowances.allowance_rule_save(
                actor=world.user("district_admin"), rule=None,
                data={"kind": "certification", "amount": Decimal("100"), "effective_from": 2026,
                      "source": "x"},
            )  # fmt: skip
        assert "认证津贴须选择认证等级" in " ".join(caught.value.messages)


def test_a_region_out_of_scope_is_404(world, login):
    url = reverse("instructors:allowances")
    town_a = login("town_a_admin")
    assert town_a.get(url, {"year": Y, "region": world.town_a.code}).status_code == 200
    assert town_a.get(url, {"year": Y, "region": world.town_b.code}).status_code == 404
    export = reverse("instructors:allowances-export")
    assert town_a.get(export, {"year": Y, "region": world.town_b.code}).status_code == 404
    action = reverse("instructors:allowance-action", args=["compute"])
    assert login("district_admin").post(action, {"year": Y, "region": "360100"}).status_code == 404
